"""Pages for obligations. Views deal with HTTP only: they start every read from
`visible_to(request.user)` (another organization's object answers 404), check capabilities
through accounts.policy and call services for every change."""

from collections import OrderedDict

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from accounts.policy import Capability, can, can_act_for, requires
from organizations.models import Organization
from roadmap.models import Activity, Roadmap

from . import notifications, services
from .archive import evidence_zip_response
from .filters import ObligationFilter, OrganizationObligationFilter
from .forms import EvidenceForm, ProgressForm, ReplaceFileForm, ReviewForm, SubmitForm
from .models import (
    DUE_SOON_DAYS,
    OPEN_STATUSES,
    Evidence,
    EvidenceFile,
    Obligation,
    ObligationStatus,
    SentMessage,
    overdue_condition,
)

PAGE_SIZE = 50
MATRIX_PAGE_SIZE = 40
# A matrix cell: its symbol, so that the status reads without colour too.
MATRIX_SYMBOLS = {
    ObligationStatus.NOT_STARTED: "·",
    ObligationStatus.IN_PROGRESS: "…",
    ObligationStatus.SUBMITTED: "?",
    ObligationStatus.RETURNED: "↺",
    ObligationStatus.ACCEPTED: "✓",
    "overdue": "!",
}
MATRIX_LABELS = {**dict(ObligationStatus.choices), "overdue": _lazy("Просрочено")}
QUEUE_SORTS = {
    "submitted": ("submitted_at", "pk"),
    "-submitted": ("-submitted_at", "-pk"),
    "organization": ("organization__name", "pk"),
    "due": ("due_date", "submitted_at", "pk"),
}
OBLIGATION_SORTS = {
    "due": ("is_archived", "due_date", "pk"),
    "-due": ("is_archived", "-due_date", "pk"),
    "status": ("is_archived", "status", "due_date", "pk"),
    "activity": (
        "is_archived",
        "responsibility__activity__stage__position",
        "responsibility__activity__position",
        "period_year",
        "pk",
    ),
}


def _visible(request):
    return Obligation.objects.visible_to(request.user)


def _get_obligation(request, pk):
    return get_object_or_404(_visible(request).with_details(), pk=pk)


def _back(request, default):
    """Where to return after a POST: the page it came from, if it is one of ours."""
    target = request.POST.get("back", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


def _get_organization(request, pk):
    """An organization the user sees, or one whose obligations the user follows."""
    followed = Q(pk__in=Organization.objects.visible_to(request.user).values("pk")) | Q(
        pk__in=_visible(request).values("organization")
    )
    return get_object_or_404(Organization.objects.filter(followed), pk=pk)


def _selected(request):
    """{pk: revision or None} from the checkboxes of a list page ("pk" or "pk:revision")."""
    chosen = {}
    for raw in request.POST.getlist("ids"):
        pk, _sep, revision = raw.partition(":")
        if pk.isdigit():
            chosen[int(pk)] = int(revision) if revision.isdigit() else None
    return chosen


# --- School head ----------------------------------------------------------------------------


@requires(Capability.VIEW_OWN_ORGANIZATION)
def my_organization(request):
    """The head's page: what the organization owes, grouped by urgency."""
    today = timezone.localdate()
    obligations = (
        _visible(request).current().with_details().order_by("due_date", "responsibility__activity__stage__position", "responsibility__activity__position", "pk")
    )
    groups = OrderedDict(
        (
            ("overdue", {"title": _("Просрочено"), "items": [], "css": "danger"}),
            ("soon", {"title": _("Срок в ближайшие %(days)d дней") % {"days": DUE_SOON_DAYS}, "items": [], "css": "warning"}),
            ("review", {"title": _("На проверке"), "items": [], "css": "primary"}),
            ("later", {"title": _("Позже и без срока"), "items": [], "css": "secondary"}),
            ("done", {"title": _("Выполнено"), "items": [], "css": "success"}),
        )
    )
    for obligation in obligations:
        groups[_group_of(obligation, today)]["items"].append(obligation)
    # Work done under an earlier edition of a roadmap stays in sight: archived obligations
    # that have evidence.
    archived = list(
        _visible(request)
        .filter(is_archived=True, evidence__isnull=False, evidence__removed_at__isnull=True)
        .distinct()
        .with_details()
        .order_by("due_date", "pk")
    )
    if archived:
        groups["archived"] = {
            "title": _("Архив: прежние обязательства с подтверждениями"),
            "items": archived,
            "css": "secondary",
        }
    return render(
        request,
        "obligations/my_organization.html",
        {"organization": request.user.organization, "groups": groups, "today": today},
    )


def _group_of(obligation, today):
    if obligation.status == ObligationStatus.ACCEPTED:
        return "done"
    if obligation.status == ObligationStatus.SUBMITTED:
        return "review"
    if obligation.is_overdue(today):
        return "overdue"
    if obligation.due_date is not None and (obligation.due_date - today).days <= DUE_SOON_DAYS:
        return "soon"
    return "later"


# --- One obligation -------------------------------------------------------------------------


def obligation_detail(request, pk, *, evidence_form=None, review_form=None, status=200):
    obligation = _get_obligation(request, pk)
    evidence = obligation.evidence.present().prefetch_related(
        Prefetch("files", queryset=EvidenceFile.objects.order_by("-uploaded_at", "-pk"))
    ).select_related("created_by", "act_type")
    can_edit = can_act_for(request.user, obligation.organization_id) and obligation.is_editable
    can_review = (
        can(request.user, Capability.REVIEW_EVIDENCE)
        and obligation.status == ObligationStatus.SUBMITTED
    )
    context = {
        "obligation": obligation,
        "activity": obligation.responsibility.activity,
        "evidence_list": evidence,
        "events": obligation.events.select_related("actor"),
        "sent_messages": obligation.messages.select_related("sent_by").order_by("-sent_at")[:20],
        "can_edit": can_edit,
        "can_submit": can_edit and bool(evidence),
        "can_review": can_review,
        "can_chase": can(request.user, Capability.REVIEW_EVIDENCE)
        and obligation.status in OPEN_STATUSES,
        "can_start": can_edit and obligation.status == ObligationStatus.NOT_STARTED,
        "back_to_own_page": can(request.user, Capability.VIEW_OWN_ORGANIZATION),
        "is_overdue": obligation.is_overdue(),
        "evidence_form": evidence_form or EvidenceForm(),
        "replace_form": ReplaceFileForm(),
        "submit_form": SubmitForm(initial={"revision": obligation.revision}),
        "review_form": review_form or ReviewForm(initial={"revision": obligation.revision}),
    }
    return render(request, "obligations/obligation_detail.html", context, status=status)


def _require_can_edit(request, obligation):
    if not can_act_for(request.user, obligation.organization_id):
        raise Http404  # reviewers see the obligation but may not fill it in


@require_POST
def evidence_add(request, pk):
    obligation = _get_obligation(request, pk)
    _require_can_edit(request, obligation)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Подтверждение не добавлено: исправьте ошибки в форме."))
        return obligation_detail(request, pk, evidence_form=form, status=400)
    data = form.cleaned_data
    try:
        services.add_evidence(
            obligation=obligation,
            by=request.user,
            kind=data["kind"],
            title=data["title"],
            effective_date=data["effective_date"],
            upload=form.checked_upload,
            file=data.get("file"),
            act_type=data["act_type"],
            act_number=data["act_number"],
            act_date=data["act_date"],
            url=data["url"],
            figure_value=data["figure_value"],
        )
    except services.ObligationError as error:
        messages.error(request, str(error))
        return obligation_detail(request, pk, evidence_form=form, status=409)
    messages.success(request, _("Подтверждение добавлено."))
    return redirect(obligation)


@require_POST
def evidence_remove(request, pk, evidence_pk):
    obligation = _get_obligation(request, pk)
    _require_can_edit(request, obligation)
    evidence = get_object_or_404(Evidence.objects.filter(obligation=obligation), pk=evidence_pk)
    try:
        services.remove_evidence(evidence=evidence, by=request.user)
        messages.success(request, _("Подтверждение удалено."))
    except services.ObligationError as error:
        messages.error(request, str(error))
    return redirect(obligation)


@require_POST
def evidence_replace_file(request, pk, evidence_pk):
    obligation = _get_obligation(request, pk)
    _require_can_edit(request, obligation)
    evidence = get_object_or_404(Evidence.objects.filter(obligation=obligation), pk=evidence_pk)
    form = ReplaceFileForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("file", []):
            messages.error(request, error)
        return redirect(obligation)
    try:
        services.replace_file(
            evidence=evidence, by=request.user, upload=form.checked_upload,
            file=form.cleaned_data["file"],
        )
        messages.success(request, _("Файл заменён; прежняя версия сохранена."))
    except services.ObligationError as error:
        messages.error(request, str(error))
    return redirect(obligation)


@require_POST
def set_progress(request, pk):
    obligation = _get_obligation(request, pk)
    _require_can_edit(request, obligation)
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            services.set_progress(
                obligation=obligation, by=request.user, status=form.cleaned_data["status"],
                revision=form.cleaned_data.get("revision"),
            )
            messages.success(request, _("Статус изменён."))
        except services.ObligationError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("Неизвестный статус."))
    return redirect(obligation)


@require_POST
def submit(request, pk):
    obligation = _get_obligation(request, pk)
    _require_can_edit(request, obligation)
    form = SubmitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Форма устарела: обновите страницу."))
        return redirect(obligation)
    try:
        services.submit(
            obligation=obligation, by=request.user, comment=form.cleaned_data["comment"],
            revision=form.cleaned_data["revision"],
        )
        messages.success(request, _("Отправлено на проверку в управление образования."))
    except services.ObligationError as error:
        messages.error(request, str(error))
    return redirect(obligation)


@require_POST
@requires(Capability.REVIEW_EVIDENCE)
def review(request, pk):
    obligation = _get_obligation(request, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Решение не сохранено: исправьте ошибки в форме."))
        return obligation_detail(request, pk, review_form=form, status=400)
    data = form.cleaned_data
    try:
        if data["decision"] == ReviewForm.ACCEPT:
            services.accept(
                obligation=obligation, by=request.user, comment=data["comment"],
                revision=data["revision"],
            )
            messages.success(request, _("Принято."))
        else:
            services.return_for_rework(
                obligation=obligation, by=request.user, comment=data["comment"],
                revision=data["revision"],
            )
            messages.success(request, _("Возвращено на доработку с комментарием."))
    except services.ObligationError as error:
        messages.error(request, str(error))
        return redirect(obligation)
    return redirect(obligation)


def file_download(request, pk):
    """Evidence files only through here: access checked, always as an attachment."""
    stored = get_object_or_404(
        EvidenceFile.objects.filter(evidence__in=Evidence.objects.visible_to(request.user)),
        pk=pk,
    )
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404
    response = FileResponse(
        handle, as_attachment=True, filename=stored.original_name,
        content_type=stored.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- Office pages ---------------------------------------------------------------------------


@requires(Capability.REVIEW_EVIDENCE)
def review_queue(request):
    queue = _visible(request).current().awaiting_review().with_details()
    filterset = ObligationFilter(request.GET, queryset=queue)
    sort = request.GET.get("sort") if request.GET.get("sort") in QUEUE_SORTS else "submitted"
    page = Paginator(filterset.qs.order_by(*QUEUE_SORTS[sort]), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "obligations/review_queue.html", {"filter": filterset, "page": page, "sort": sort}
    )


@require_POST
@requires(Capability.REVIEW_EVIDENCE)
def bulk_accept(request):
    selected = _selected(request)
    chosen = list(_visible(request).current().filter(pk__in=selected).with_details())
    if not chosen:
        messages.error(request, _("Отметьте хотя бы одну строку."))
        return redirect("obligations:review_queue")
    accepted, errors = services.accept_many(obligations=chosen, by=request.user, revisions=selected)
    if accepted:
        messages.success(request, _("Принято: %(count)d.") % {"count": len(accepted)})
    for obligation, error in errors:
        messages.error(request, f"{obligation}: {error}")
    return redirect("obligations:review_queue")


@require_POST
@requires(Capability.VIEW_STAFF_PAGES)
def bulk_progress(request):
    """Set the progress status of several of the office's own obligations."""
    form = ProgressForm(request.POST)
    chosen = [
        o
        for o in _visible(request).current().filter(pk__in=_selected(request)).with_details()
        if can_act_for(request.user, o.organization_id)
    ]
    if not form.is_valid() or not chosen:
        messages.error(request, _("Выберите статус и отметьте хотя бы одну строку своей организации."))
    else:
        changed, errors = services.set_progress_many(
            obligations=chosen, by=request.user, status=form.cleaned_data["status"]
        )
        messages.success(request, _("Статус изменён: %(count)d.") % {"count": len(changed)})
        for obligation, error in errors:
            messages.error(request, f"{obligation}: {error}")
    return _back(request, "obligations:summary")


def _roadmap_for(request):
    visible = Roadmap.objects.visible_to(request.user).select_related("programme")
    roadmaps = visible.active().order_by("-activated_at", "-pk")
    chosen = request.GET.get("roadmap")
    if chosen and chosen.isdigit():
        return get_object_or_404(visible, pk=chosen), roadmaps
    return roadmaps.first(), roadmaps


@requires(Capability.VIEW_STAFF_PAGES)
def summary(request):
    """Where each activity stands: counts of obligations by status, overdue, and a chase."""
    roadmap, roadmaps = _roadmap_for(request)
    rows = []
    today = timezone.localdate()
    year = request.GET.get("year")
    if roadmap is not None:
        visible = _visible(request).filter(
            is_archived=False, responsibility__activity__stage__roadmap=roadmap
        )
        if year and year.isdigit():
            visible = visible.for_year(int(year))
        counts = {
            row["responsibility__activity"]: row
            for row in visible.values("responsibility__activity").annotate(
                total=Count("pk"),
                accepted=Count("pk", filter=Q(status=ObligationStatus.ACCEPTED)),
                submitted=Count("pk", filter=Q(status=ObligationStatus.SUBMITTED)),
                returned=Count("pk", filter=Q(status=ObligationStatus.RETURNED)),
                open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
                overdue=Count("pk", filter=overdue_condition(on=today)),
            )
        }
        activities = Activity.objects.filter(stage__roadmap=roadmap).select_related("stage").order_by(
            "stage__position", "position"
        )
        for activity in activities:
            row = counts.get(activity.pk, {})
            total = row.get("total", 0)
            rows.append(
                {
                    "activity": activity,
                    "total": total,
                    "accepted": row.get("accepted", 0),
                    "submitted": row.get("submitted", 0),
                    "returned": row.get("returned", 0),
                    "overdue": row.get("overdue", 0),
                    "open": row.get("open", 0),
                    "percent": round(100 * row.get("accepted", 0) / total) if total else None,
                }
            )
    years = list(roadmap.programme.years) if roadmap else []
    return render(
        request,
        "obligations/summary.html",
        {"roadmap": roadmap, "roadmaps": roadmaps, "rows": rows, "years": years, "year": year},
    )


@requires(Capability.VIEW_STAFF_PAGES)
def matrix(request):
    """Organizations against the obligations of one activity (by year) or of one year."""
    roadmap, roadmaps = _roadmap_for(request)
    if roadmap is None:
        return render(request, "obligations/matrix.html", {"roadmap": None, "roadmaps": roadmaps})
    activities = list(
        Activity.objects.filter(stage__roadmap=roadmap).select_related("stage").order_by(
            "stage__position", "position"
        )
    )
    activity = None
    activity_id = request.GET.get("activity")
    if activity_id and activity_id.isdigit():
        activity = next((a for a in activities if a.pk == int(activity_id)), None)
        if activity is None:
            raise Http404
    years = list(roadmap.programme.years)
    year = request.GET.get("year")
    year = int(year) if year and year.isdigit() else None
    if activity is None and year is None:
        year = min(max(timezone.localdate().year, years[0]), years[-1])
    obligations = _visible(request).filter(
        is_archived=False, responsibility__activity__stage__roadmap=roadmap
    )
    if activity is not None:
        obligations = obligations.filter(responsibility__activity=activity)
        if year is not None:
            obligations = obligations.filter(Q(period_year=year) | Q(period_year__isnull=True))
        columns = [
            {"key": (r.pk, y), "label": f"{y}" if y else r.deadline_text, "title": r.deadline_text}
            for r in activity.responsibilities.order_by("position")
            for y in sorted({p.year for p in r.due_periods(roadmap.programme)}, key=lambda v: v or 0)
            if year is None or y is None or y == year
        ]
    else:
        obligations = obligations.for_year(year)
        columns = [
            {"key": a.pk, "label": f"{a.stage.position}.{a.number}", "title": a.title}
            for a in activities
        ]
    organization_ids = obligations.values("organization")
    organizations = Organization.objects.filter(pk__in=organization_ids).order_by(
        Lower(Coalesce(NullIf("short_name", Value("")), "name")), "pk"
    )
    page = Paginator(organizations, MATRIX_PAGE_SIZE).get_page(request.GET.get("page"))
    cells = {}
    today = timezone.localdate()
    page_obligations = obligations.filter(organization__in=list(page.object_list)).select_related(
        "responsibility"
    )
    for obligation in page_obligations:
        key = (
            (obligation.responsibility_id, obligation.period_year)
            if activity is not None
            else obligation.responsibility.activity_id
        )
        css = "overdue" if obligation.is_overdue(today) else obligation.status
        cells.setdefault(obligation.organization_id, {}).setdefault(key, []).append(
            {
                "obligation": obligation,
                "css": css,
                "symbol": MATRIX_SYMBOLS[css],
                "title": MATRIX_LABELS[css],
            }
        )
    table = [
        {"organization": org, "cells": [cells.get(org.pk, {}).get(c["key"], []) for c in columns]}
        for org in page.object_list
    ]
    return render(
        request,
        "obligations/matrix.html",
        {
            "roadmap": roadmap,
            "roadmaps": roadmaps,
            "activities": activities,
            "activity": activity,
            "years": years,
            "year": year,
            "columns": columns,
            "table": table,
            "page": page,
            "legend": [
                {"css": css, "symbol": MATRIX_SYMBOLS[css], "label": MATRIX_LABELS[css]}
                for css in MATRIX_SYMBOLS
            ],
        },
    )


@requires(Capability.VIEW_STAFF_PAGES)
def organization_obligations(request, pk):
    organization = _get_organization(request, pk)
    obligations = (
        _visible(request)
        .filter(organization=organization)
        .with_details()
    )
    filterset = OrganizationObligationFilter(request.GET, queryset=obligations)
    sort = request.GET.get("sort") if request.GET.get("sort") in OBLIGATION_SORTS else "due"
    page = Paginator(filterset.qs.order_by(*OBLIGATION_SORTS[sort]), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    sent = (
        SentMessage.objects.filter(organization=organization)
        .select_related("sent_by")
        .order_by("-sent_at")[:20]
    )
    return render(
        request,
        "obligations/organization_obligations.html",
        {
            "organization": organization,
            "filter": filterset,
            "page": page,
            "sent_messages": sent,
            "can_act": can_act_for(request.user, organization.pk),
            "can_open_card": Organization.objects.visible_to(request.user)
            .filter(pk=organization.pk)
            .exists(),
            "sort": sort,
        },
    )


@require_POST
@requires(Capability.REVIEW_EVIDENCE)
def chase_organization(request, pk):
    organization = _get_organization(request, pk)
    open_obligations = list(
        _visible(request).current().filter(organization=organization, status__in=OPEN_STATUSES)
        .with_details()
    )
    sent = notifications.chase(obligations=open_obligations, by=request.user)
    _report_chase(request, sent)
    return redirect("obligations:organization", pk=organization.pk)


@require_POST
@requires(Capability.REVIEW_EVIDENCE)
def chase_activity(request, pk):
    """Remind every organization that has not submitted this activity (optionally one year)."""
    activity = get_object_or_404(Activity.objects.visible_to(request.user), pk=pk)
    open_obligations = _visible(request).current().filter(
        responsibility__activity=activity, status__in=OPEN_STATUSES
    )
    year = request.POST.get("year")
    if year and year.isdigit():
        open_obligations = open_obligations.for_year(int(year))
    sent = notifications.chase(obligations=list(open_obligations.with_details()), by=request.user)
    _report_chase(request, sent)
    return _back(request, "obligations:summary")


def _report_chase(request, sent):
    if sent:
        messages.success(request, _("Отправлено напоминаний: %(count)d.") % {"count": sent})
    else:
        messages.info(
            request,
            _("Напоминать некому: нет невыполненных обязательств или у ответственных нет e-mail."),
        )


@requires(Capability.VIEW_STAFF_PAGES)
def activity_evidence_zip(request, pk):
    activity = get_object_or_404(
        Activity.objects.visible_to(request.user).select_related("stage"), pk=pk
    )
    evidence = Evidence.objects.visible_to(request.user).filter(
        obligation__responsibility__activity=activity
    )
    return evidence_zip_response(
        evidence, f"evidence-activity-{activity.stage.position}-{activity.number or activity.pk}"
    )


def organization_evidence_zip(request, pk):
    organization = _get_organization(request, pk)
    evidence = Evidence.objects.visible_to(request.user).filter(
        obligation__organization=organization
    )
    return evidence_zip_response(evidence, f"evidence-organization-{organization.pk}")
