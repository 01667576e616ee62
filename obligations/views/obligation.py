"""One obligation: its page, the organization's evidence and submission, the office's review,
and evidence files. The page offers exactly what accounts.policy allows, and the services
check the same rules again inside their transactions."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.policy import (
    Capability,
    can,
    fetch_for_edit,
    may_chase,
    may_fill_in,
    may_review,
    may_start,
    may_submit,
    requires,
)
from mentorship_portal.confirm import ask_first
from mentorship_portal.params import ParamReader

from .. import services
from ..forms import EvidenceForm, ProgressForm, ReplaceFileForm, ReviewForm, SubmitForm
from ..models import EventAction, Evidence, EvidenceFile, Obligation, ObligationStatus
from ..uploads import is_previewable
from .common import get_obligation

SENT_MESSAGES_SHOWN = 20


def _permissions(user, obligation, evidence):
    """The page's flags, each one named predicate of the policy."""
    return {
        "can_edit": may_fill_in(user, obligation),
        "can_submit": may_submit(user, obligation, has_evidence=bool(evidence)),
        "can_start": may_start(user, obligation),
        "can_review": may_review(user, obligation),
        "can_chase": may_chase(user, obligation),
        "back_to_own_page": can(user, Capability.VIEW_OWN_ORGANIZATION),
    }


def obligation_detail(request, pk, *, evidence_form=None, review_form=None, status=200):
    obligation = get_obligation(request, pk)
    evidence = (
        obligation.evidence.present()
        .prefetch_related(
            Prefetch("files", queryset=EvidenceFile.objects.order_by("-uploaded_at", "-pk"))
        )
        .select_related("created_by", "act_type")
    )
    messages_sent = obligation.messages.select_related("sent_by").order_by("-sent_at")
    events = list(obligation.events.select_related("actor"))
    context = {
        "obligation": obligation,
        "activity": obligation.responsibility.activity,
        "evidence_list": evidence,
        "events": events,
        "return_event": _latest_return(obligation, events),
        "sent_messages": messages_sent[:SENT_MESSAGES_SHOWN],
        "is_overdue": obligation.is_overdue(),
        "evidence_form": evidence_form or EvidenceForm(),
        "replace_form": ReplaceFileForm(),
        "submit_form": SubmitForm(initial={"revision": obligation.revision}),
        "review_form": review_form or ReviewForm(initial={"revision": obligation.revision}),
        **_permissions(request.user, obligation, evidence),
    }
    if context["can_review"]:
        context["queue_left"] = (
            Obligation.objects.reviewable_by(request.user).exclude(pk=obligation.pk).count()
        )
    return render(request, "obligations/obligation_detail.html", context, status=status)


def _latest_return(obligation, events):
    """The event that returned the obligation for rework, while it is returned: its comment
    is what the organization has to fix, shown at the top of the page."""
    if obligation.status != ObligationStatus.RETURNED:
        return None
    return next((e for e in reversed(events) if e.action == EventAction.RETURNED), None)


def _get_for_filling_in(request, pk):
    """404 if the user does not see the obligation, 403 if they see it but do not fill it in
    (reviewers); its state (archived, submitted) is the services' to refuse, with a message."""
    return fetch_for_edit(Obligation.objects.with_details(), request.user, pk=pk)


def _get_evidence(obligation, evidence_pk):
    return get_object_or_404(Evidence.objects.filter(obligation=obligation), pk=evidence_pk)


@require_POST
def evidence_add(request, pk):
    """«Добавить», or «Добавить и отправить» (the button named `then` with "submit")."""
    obligation = _get_for_filling_in(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    and_submit = request.POST.get("then") == "submit"
    if not form.is_valid():
        messages.error(request, _("Подтверждение не добавлено: исправьте ошибки в форме."))
        return obligation_detail(request, pk, evidence_form=form, status=400)
    add = services.add_evidence_and_submit if and_submit else services.add_evidence
    try:
        evidence = add(
            obligation=obligation, by=request.user, upload=form.checked_upload, **form.values()
        )
    except services.ObligationError as error:
        messages.error(request, str(error))
        return obligation_detail(request, pk, evidence_form=form, status=409)
    _report_added(request, evidence, submitted=and_submit)
    return redirect(obligation)


def _report_added(request, evidence, *, submitted):
    if evidence.repeated:
        messages.info(
            request,
            _(
                "Форма отправлена повторно: подтверждение «%(title)s» уже добавлено, второе не "
                "создано."
            )
            % {"title": evidence.title},
        )
    elif submitted:
        messages.success(
            request,
            _("Подтверждение добавлено и отправлено на проверку в управление образования."),
        )
    else:
        messages.success(
            request,
            _(
                "Подтверждение добавлено, но ещё не отправлено. Добавьте остальное и нажмите "
                "«Отправить на проверку»."
            ),
        )


@require_POST
def evidence_remove(request, pk, evidence_pk):
    obligation = _get_for_filling_in(request, pk)
    evidence = _get_evidence(obligation, evidence_pk)
    question = _("Удалить это подтверждение?")
    if page := ask_first(request, question, cancel_url=obligation.get_absolute_url()):
        return page
    try:
        services.remove_evidence(evidence=evidence, by=request.user)
        messages.success(request, _("Подтверждение удалено."))
    except services.ObligationError as error:
        messages.error(request, str(error))
    return redirect(obligation)


@require_POST
def evidence_replace_file(request, pk, evidence_pk):
    obligation = _get_for_filling_in(request, pk)
    evidence = _get_evidence(obligation, evidence_pk)
    form = ReplaceFileForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("file", []):
            messages.error(request, error)
        return redirect(obligation)
    try:
        services.replace_file(
            evidence=evidence,
            by=request.user,
            upload=form.checked_upload,
            file=form.cleaned_data["file"],
        )
        messages.success(request, _("Файл заменён; прежняя версия сохранена."))
    except services.ObligationError as error:
        messages.error(request, str(error))
    return redirect(obligation)


@require_POST
def set_progress(request, pk):
    obligation = _get_for_filling_in(request, pk)
    form = ProgressForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Неизвестный статус."))
        return redirect(obligation)
    try:
        services.set_progress(
            obligation=obligation,
            by=request.user,
            status=form.cleaned_data["status"],
            revision=form.cleaned_data.get("revision"),
        )
        messages.success(request, _("Статус изменён."))
    except services.ObligationError as error:
        messages.error(request, str(error))
    return redirect(obligation)


@require_POST
def submit(request, pk):
    obligation = _get_for_filling_in(request, pk)
    form = SubmitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Форма устарела: обновите страницу."))
        return redirect(obligation)
    try:
        services.submit(obligation=obligation, by=request.user, **form.cleaned_data)
        messages.success(request, _("Отправлено на проверку в управление образования."))
    except services.ObligationError as error:
        messages.error(request, str(error))
    return redirect(obligation)


@require_POST
@requires(Capability.REVIEW_EVIDENCE)
def review(request, pk):
    """Accept or return (the button pressed says which), then on to the next in the queue."""
    obligation = get_obligation(request, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Решение не сохранено: исправьте ошибки в форме."))
        return obligation_detail(request, pk, review_form=form, status=400)
    decide, done = (
        (services.accept, _("Принято."))
        if form.accepts
        else (services.return_for_rework, _("Возвращено на доработку с комментарием."))
    )
    try:
        decide(
            obligation=obligation,
            by=request.user,
            comment=form.cleaned_data["comment"],
            revision=form.cleaned_data["revision"],
        )
    except services.ObligationError as error:
        messages.error(request, str(error))
        return redirect(obligation)
    messages.success(
        request,
        format_html(
            '{} <a href="{}">{}</a>', done, obligation.get_absolute_url(), _("Открыть ещё раз")
        ),
    )
    return redirect(f"{reverse('obligations:review_next')}?after={obligation.pk}")


@require_GET
@requires(Capability.REVIEW_EVIDENCE)
def review_next(request):
    """The next submission the user may review, after ?after= in the queue's order (from the
    start once the end is reached); the queue itself when nothing is left."""
    reviewable = Obligation.objects.reviewable_by(request.user)
    after = ParamReader(request).id("after")
    following = None
    if after is not None:
        current = Obligation.objects.visible_to(request.user).filter(pk=after).first()
        if current is not None and current.submitted_at is not None:
            following = reviewable.after_in_review_order(current).in_review_order().first()
        reviewable = reviewable.exclude(pk=after)
    following = following or reviewable.in_review_order().first()
    if following is None:
        messages.info(request, _("Очередь проверки пуста: всё проверено."))
        return redirect("obligations:review_queue")
    return redirect(following)


def file_download(request, pk):
    """Evidence files only through here, access checked. PDF, PNG and JPEG whose bytes say so
    open in the browser (and in the reviewer's preview frame), sandboxed; anything else, or
    any file with ?download=1, is an attachment."""
    stored = get_object_or_404(
        EvidenceFile.objects.filter(evidence__in=Evidence.objects.visible_to(request.user)),
        pk=pk,
    )
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404
    inline = "download" not in request.GET and is_previewable(handle, stored.content_type)
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=stored.original_name,
        content_type=stored.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if inline:  # the obligation page frames PDFs; nobody else may
        response["X-Frame-Options"] = "SAMEORIGIN"
    return response
