"""Import pages: upload → preview with the column mapping (nothing saved) → save as draft.

HTTP only: reading is done by the importers, the pending upload lives in pending_import,
writing in services."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.policy import Capability, requires

from .forms import ImportOptionsForm, RoadmapUploadForm
from .import_forms import ColumnMappingForm, ImportSaveForm
from .importers import CONFIDENT, RoadmapImportError, read_raw_table
from .jobs import enqueue_import, runs_in_background
from .models import Roadmap
from .pending_import import PendingImport
from .preview import build_preview
from .services import (
    RoadmapStateError,
    issuer_of,
    previous_edition_for,
    save_imported_roadmap,
)


@require_http_methods(["GET", "POST"])
@requires(Capability.MANAGE_ROADMAPS)
def roadmap_import(request):
    if request.method == "POST":
        form = RoadmapUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                raw = read_raw_table(upload, upload.name)
            except RoadmapImportError as error:
                form.add_error("file", str(error))
            else:
                options = {
                    key: value
                    for key, value in form.data.items()
                    if key in ImportOptionsForm.base_fields
                }
                PendingImport(raw=raw, source_name=upload.name, options=options).save(
                    request.session
                )
                return redirect("roadmap:import_preview")
    else:
        form = RoadmapUploadForm()
    return render(request, "roadmap/import_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@requires(Capability.MANAGE_ROADMAPS)
def roadmap_import_preview(request):
    pending = PendingImport.from_session(request.session)
    if pending is None:
        messages.info(request, _("Загрузите файл дорожной карты."))
        return redirect("roadmap:import")
    if request.method == "POST" and "cancel" in request.POST:
        PendingImport.forget(request.session)
        messages.info(request, _("Импорт отменён, ничего не сохранено."))
        return redirect("roadmap:list")
    if request.method == "POST" and "apply_mapping" in request.POST:
        return _apply_mapping(request, pending)
    form = ImportSaveForm(
        request.POST if request.method == "POST" else pending.options,
        roadmaps=_edition_choices(request.user),
    )
    if request.method == "POST" and form.is_valid():
        options = form.save_options()
        imported, problem = pending.read(
            title=options["title"], order_number=options["order_number"]
        )
        if imported is not None and runs_in_background(imported):
            job = enqueue_import(
                imported=imported, options=options, source_name=pending.source_name, by=request.user
            )
            PendingImport.forget(request.session)
            return redirect(job)
        if imported is not None:
            try:
                roadmap = save_imported_roadmap(
                    imported=imported, by=request.user, source_name=pending.source_name, **options
                )
            except RoadmapStateError as error:
                form.add_error(None, str(error))
            else:
                PendingImport.forget(request.session)
                messages.success(
                    request,
                    _(
                        "Дорожная карта сохранена как черновик. Проверьте отмеченные строки и "
                        "введите её в действие."
                    ),
                )
                return redirect(roadmap)
    return _render_preview(request, pending, form)


def _apply_mapping(request, pending):
    """The user's columns and row marks: keep them and read the stored table again."""
    imported, _problem = pending.read()
    mapping = ColumnMappingForm(
        request.POST, raw=pending.raw, layout=pending.shown_layout(imported), marks=pending.marks
    )
    if not mapping.is_valid():
        form = ImportSaveForm(pending.options, roadmaps=_edition_choices(request.user))
        return _render_preview(request, pending, form, mapping)
    pending.layout = mapping.layout()
    pending.marks = mapping.marks()
    pending.save(request.session)
    return redirect("roadmap:import_preview")


def _edition_choices(user):
    """Roadmaps a file may be the next edition of: those in force the user may see."""
    return Roadmap.objects.visible_to(user).active().select_related("programme")


def _render_preview(request, pending, form, mapping=None):
    options = form.save_options() if form.is_bound and form.is_valid() else {}
    imported, problem = pending.read(
        title=options.get("title"), order_number=options.get("order_number")
    )
    previous = (
        previous_edition_for(imported, by=request.user, title=options.get("title"))
        if imported is not None
        else None
    )
    layout = pending.shown_layout(imported)
    if mapping is None:
        mapping = ColumnMappingForm(raw=pending.raw, layout=layout, marks=pending.marks)
    return render(
        request,
        "roadmap/import_preview.html",
        {
            "preview": (
                build_preview(imported, issuer=issuer_of(imported, by=request.user))
                if imported is not None
                else None
            ),
            "imported": imported,
            "problem": problem,
            "form": form,
            "mapping": mapping,
            "layout": layout,
            "by_user": pending.layout is not None,
            "unsure": pending.layout is None and layout.confidence < CONFIDENT,
            "source_name": pending.source_name,
            "previous_edition": previous,
        },
        status=200,
    )
