"""Writes for obligations: evidence, submission and review (syncing them from the roadmaps
is obligations/sync.py).

Every function is keyword-only and atomic, takes the acting user, locks the obligation row it
changes, checks the state inside the transaction, writes the history in the same transaction
and sends e-mail only once the transaction has committed.
"""

import contextvars
import functools
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.policy import acts_for, may_change_year, may_review

from . import notifications, rollup
from .models import (
    EDITABLE_STATUSES,
    EventAction,
    Evidence,
    EvidenceFile,
    EvidenceKind,
    Obligation,
    ObligationEvent,
    ObligationStatus,
)
from .uploads import CheckedUpload

log = logging.getLogger(__name__)


class ObligationError(Exception):
    """The action is not possible now; the message is Russian and shown to the user."""


class ObligationChanged(ObligationError):
    """Somebody else changed the obligation since the page was opened."""


def _locked(obligation, *, revision=None):
    """The obligation re-read under a row lock; ObligationChanged if it moved on meanwhile."""
    locked = Obligation.objects.select_for_update().get(pk=obligation.pk)
    if revision is not None and locked.revision != revision:
        raise ObligationChanged(
            _(
                "Обязательство изменилось, пока вы его просматривали (его уже проверил или "
                "изменил другой пользователь). Обновите страницу и проверьте ещё раз."
            )
        )
    return locked


def _move(obligation, by, to_status, action, *, comment="", **fields):
    from_status = obligation.status
    before = rollup.counted(obligation)
    obligation.status = to_status
    obligation.revision += 1
    for name, value in fields.items():
        setattr(obligation, name, value)
    obligation.save()
    rollup.status_changed(before, obligation)
    ObligationEvent.objects.create(
        obligation=obligation,
        actor=by,
        action=action,
        from_status=from_status,
        to_status=to_status,
        comment=comment,
    )
    return obligation


def _require_editable(obligation, by):
    if not may_change_year(by, obligation.organization, obligation.reporting_year):
        raise ObligationError(
            _("%(year)s год закрыт: изменить обязательство нельзя.")
            % {"year": obligation.reporting_year}
        )
    if obligation.is_archived:
        raise ObligationError(_("Обязательство в архиве: изменить его нельзя."))
    if obligation.status not in EDITABLE_STATUSES:
        raise ObligationError(
            _("Обязательство «%(status)s»: подтверждения сейчас изменить нельзя.")
            % {"status": obligation.get_status_display()}
        )


# --- The organization's side -----------------------------------------------------------------


@transaction.atomic
def set_progress(*, obligation, by, status, revision=None):
    """Mark work as started (or not yet started): the organization's own status moves."""
    if status not in (ObligationStatus.NOT_STARTED, ObligationStatus.IN_PROGRESS):
        raise ObligationError(_("Этот статус устанавливается только проверкой."))
    obligation = _locked(obligation, revision=revision)
    _require_editable(obligation, by)
    if obligation.status == status:
        return obligation
    if obligation.status == ObligationStatus.RETURNED:
        raise ObligationError(
            _("Обязательство возвращено на доработку: исправьте подтверждения и отправьте снова.")
        )
    return _move(obligation, by, status, EventAction.STATUS_CHANGED)


def default_effective_date(*, act_date=None):
    """When evidence takes effect if the organization does not say: a local act on its date,
    anything else on the day it is added. Decides the reporting year it counts for."""
    return act_date or timezone.localdate()


def _files_removed_on_failure(function):
    """Delete the files a write stored when its transaction fails, commit included.

    Storage is not transactional: without this, a failure after the file was saved (the
    database gone mid-request, say) leaves a file that no row names. Applied outside the
    atomic block so that a failed commit is caught too.
    """

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if _STORED_FILES.get() is not None:  # inside another such write: it cleans up
            return function(*args, **kwargs)
        stored = []
        token = _STORED_FILES.set(stored)
        try:
            return function(*args, **kwargs)
        except BaseException:
            for name in stored:
                try:
                    EvidenceFile._meta.get_field("file").storage.delete(name)
                except Exception:  # the cleanup must not hide the original error
                    log.exception("Stored file %s not removed after a failed write", name)
            raise
        finally:
            _STORED_FILES.reset(token)

    return wrapper


_STORED_FILES = contextvars.ContextVar("stored_files", default=None)


@_files_removed_on_failure
@transaction.atomic
def add_evidence(
    *,
    obligation,
    by,
    kind,
    title,
    effective_date=None,
    upload: CheckedUpload | None = None,
    file=None,
    submission_token=None,
    **details,
):
    """Add one piece of evidence (with its file, where there is one). `details` are the
    kind's own fields (EvidenceKind.own_fields); those of other kinds are dropped.

    With the form's `submission_token`, a repeat of the same submission changes nothing and
    returns the evidence the first one made, marked `.repeated` (the obligation's row lock
    makes parallel repeats wait for the first).
    """
    obligation = _locked(obligation)
    if submission_token is not None:
        earlier = Evidence.objects.filter(
            obligation=obligation, submission_token=submission_token
        ).first()
        if earlier is not None:
            earlier.repeated = True
            return earlier
    _require_editable(obligation, by)
    kind = EvidenceKind(kind)
    if "file" in kind.required and upload is None:
        raise ObligationError(kind.required["file"])
    own = {name: value for name, value in details.items() if name in kind.own_fields}
    if "act_type" in own:  # a LocalActType code, as the form and the seed data give it
        own["act_type_id"] = own.pop("act_type") or None
    evidence = Evidence(
        obligation=obligation,
        kind=kind,
        title=title,
        effective_date=effective_date or default_effective_date(act_date=own.get("act_date")),
        created_by=by,
        submission_token=submission_token,
        **own,
    )
    evidence.full_clean()
    evidence.save()
    if upload is not None:
        _store_file(evidence=evidence, by=by, upload=upload, file=file)
    ObligationEvent.objects.create(
        obligation=obligation, actor=by, action=EventAction.EVIDENCE_ADDED, comment=str(evidence)
    )
    if obligation.is_untouched:
        _move(obligation, by, ObligationStatus.IN_PROGRESS, EventAction.STATUS_CHANGED)
    evidence.repeated = False
    return evidence


def _store_file(*, evidence, by, upload, file):
    file.seek(0)
    stored = EvidenceFile(
        evidence=evidence,
        original_name=upload.original_name,
        content_type=upload.format.content_type,
        size=upload.size,
        sha256=upload.sha256,
        uploaded_by=by,
    )
    stored.file.save(f"upload{upload.extension}", file, save=False)
    if _STORED_FILES.get() is not None:
        _STORED_FILES.get().append(stored.file.name)
    stored.save()
    return stored


def _locked_evidence(evidence):
    """The evidence re-read under a row lock (after its obligation's); refused once removed,
    so that removing twice or storing a file on removed evidence cannot happen."""
    locked = Evidence.objects.select_for_update().get(pk=evidence.pk)
    if locked.removed_at is not None:
        raise ObligationError(
            _("Подтверждение «%(title)s» уже удалено: обновите страницу.") % {"title": locked}
        )
    return locked


@_files_removed_on_failure
@transaction.atomic
def replace_file(*, evidence, by, upload: CheckedUpload, file):
    """A new version of an evidence file; the old version is kept, no longer current."""
    obligation = _locked(evidence.obligation)
    _require_editable(obligation, by)
    evidence = _locked_evidence(evidence)
    evidence.files.filter(is_current=True).update(is_current=False)
    stored = _store_file(evidence=evidence, by=by, upload=upload, file=file)
    ObligationEvent.objects.create(
        obligation=obligation,
        actor=by,
        action=EventAction.FILE_REPLACED,
        comment=f"{evidence}: {stored.original_name}",
    )
    return stored


@transaction.atomic
def remove_evidence(*, evidence, by):
    """Take evidence back before (re)submission. It is kept, marked removed, with its files:
    what a reviewer once saw is never lost."""
    obligation = _locked(evidence.obligation)
    _require_editable(obligation, by)
    evidence = _locked_evidence(evidence)
    evidence.removed_at = timezone.now()
    evidence.removed_by = by
    evidence.save(update_fields=["removed_at", "removed_by"])
    ObligationEvent.objects.create(
        obligation=obligation, actor=by, action=EventAction.EVIDENCE_REMOVED, comment=str(evidence)
    )


@transaction.atomic
def submit(*, obligation, by, comment="", revision=None):
    """Send for review; there must be at least one piece of evidence."""
    obligation = _locked(obligation, revision=revision)
    _require_editable(obligation, by)
    if not obligation.evidence.present().exists():
        raise ObligationError(_("Добавьте хотя бы одно подтверждение перед отправкой на проверку."))
    _move(
        obligation,
        by,
        ObligationStatus.SUBMITTED,
        EventAction.SUBMITTED,
        comment=comment,
        submitted_at=timezone.now(),
    )
    notifications.submitted_on_commit(obligation=obligation, by=by)
    return obligation


@_files_removed_on_failure
@transaction.atomic
def add_evidence_and_submit(*, obligation, by, comment="", **evidence):
    """«Добавить и отправить»: add one piece of evidence and send the obligation for review,
    both or neither, with both steps in the history. A repeat of the same form (its
    `submission_token`) changes nothing and returns the evidence marked `.repeated`."""
    added = add_evidence(obligation=obligation, by=by, **evidence)
    if added.repeated and Obligation.objects.get(pk=obligation.pk).awaits_review:
        return added
    submit(obligation=obligation, by=by, comment=comment)
    return added


# --- The office's side -----------------------------------------------------------------------


def _require_reviewable(obligation, by):
    if obligation.is_archived:
        raise ObligationError(_("Обязательство в архиве: проверять его не нужно."))
    if acts_for(by, obligation.organization_id):
        raise ObligationError(
            _("Подтверждения своей организации проверяет другой сотрудник или администратор.")
        )
    if not obligation.awaits_review:
        raise ObligationChanged(
            _(
                "Обязательство уже не на проверке (сейчас: «%(status)s»): его изменил другой "
                "пользователь. Обновите страницу."
            )
            % {"status": obligation.get_status_display()}
        )
    if not may_review(by, obligation):  # the page asks the same predicate before offering it
        raise ObligationError(_("Проверять подтверждения могут сотрудники и администраторы."))


@transaction.atomic
def accept(*, obligation, by, comment="", revision=None, notify=True):
    obligation = _locked(obligation, revision=revision)
    _require_reviewable(obligation, by)
    _move(
        obligation,
        by,
        ObligationStatus.ACCEPTED,
        EventAction.ACCEPTED,
        comment=comment,
        reviewed_at=timezone.now(),
        reviewed_by=by,
    )
    if notify:
        notifications.review_outcome_on_commit(obligation=obligation, by=by, comment=comment)
    return obligation


@transaction.atomic
def return_for_rework(*, obligation, by, comment, revision=None, notify=True):
    if not comment or not comment.strip():
        raise ObligationError(_("Укажите, что нужно исправить: комментарий обязателен."))
    obligation = _locked(obligation, revision=revision)
    _require_reviewable(obligation, by)
    _move(
        obligation,
        by,
        ObligationStatus.RETURNED,
        EventAction.RETURNED,
        comment=comment.strip(),
        reviewed_at=timezone.now(),
        reviewed_by=by,
    )
    if notify:
        notifications.review_outcome_on_commit(
            obligation=obligation, by=by, comment=comment.strip()
        )
    return obligation


def accept_many(*, obligations, by, revisions=None):
    """Accept several submissions, each in its own transaction; `revisions` maps a pk to the
    revision the reviewer saw, so nothing changed since is accepted unseen.
    Returns (accepted, errors)."""
    revisions = revisions or {}
    accepted, errors = [], []
    for obligation in obligations:
        try:
            accepted.append(
                accept(obligation=obligation, by=by, revision=revisions.get(obligation.pk))
            )
        except ObligationError as error:
            errors.append((obligation, str(error)))
    return accepted, errors


def set_progress_many(*, obligations, by, status):
    """Set the progress status of several (office) obligations. Returns (changed, errors)."""
    changed, errors = [], []
    for obligation in obligations:
        try:
            changed.append(set_progress(obligation=obligation, by=by, status=status))
        except ObligationError as error:
            errors.append((obligation, str(error)))
    return changed, errors
