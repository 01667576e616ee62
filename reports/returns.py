"""Writes for the year's indicator return: saving a draft, submitting, and the office's review.

Every function is keyword-only and atomic, takes the acting user, locks the return row it
changes, checks the state and the access policy inside the transaction, and writes the
history (ReturnEvent) in the same transaction. The cross-checks live in reports/validation.py.
"""

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.policy import may_change_year, may_fill_in_return, may_review_return

from . import indicator_rollup, reporting_rollup
from .models import (
    Indicator,
    IndicatorKind,
    IndicatorReturn,
    IndicatorValue,
    ReturnAction,
    ReturnEvent,
    ReturnStatus,
)
from .validation import Entry, Rules, check


class ReturnError(Exception):
    """The action is not possible now; the message is Russian and shown to the user."""


class ReturnChanged(ReturnError):
    """Somebody else changed the return since the page was opened."""


class ReturnInvalid(ReturnError):
    """Values that fail the cross-checks; `findings` says which, next to each code."""

    def __init__(self, findings):
        super().__init__(_("Отчёт не сохранён: исправьте ошибки, отмеченные у показателей."))
        self.findings = findings


# --- Reads the form and the services share ---------------------------------------------------


def indicators_for(organization, year):
    """What `organization` enters for `year`, with the cross-check relations prefetched."""
    return list(
        Indicator.objects.for_year(year)
        .reported_by(organization)
        .prefetch_related(
            Prefetch("not_above", queryset=Indicator.objects.only("code", "name")),
            Prefetch("sum_of", queryset=Indicator.objects.only("code")),
        )
        .order_by("position", "code")
    )


def entries_of(indicator_return):
    """code → Entry of a saved return (empty for an unsaved one)."""
    if indicator_return is None or indicator_return.pk is None:
        return {}
    values = indicator_return.values.select_related("indicator")
    return {value.indicator.code: _entry(value) for value in values}


def _entry(value):
    return Entry(
        value=value.value,
        not_applicable=value.not_applicable,
        text=value.text,
        url=value.url,
        evidence_id=value.evidence_id,
        explanation=value.explanation,
    )


def last_year_values(organization, year):
    """code → last year's value of the organization (whatever the state of that return)."""
    rows = IndicatorValue.objects.filter(
        indicator_return__organization=organization, indicator_return__year=year - 1
    ).values_list("indicator__code", "value", "not_applicable", "text")
    return {
        code: (None if not_applicable else value) for code, value, not_applicable, _text in rows
    }


def warnings_of(indicators, entries, last_year):
    """code → the warnings (unexplained big changes) of saved entries; no query."""
    if not entries:
        return {}
    return check(
        [Rules.of(indicator) for indicator in indicators], entries, last_year=last_year
    ).warnings


# --- The organization's side -----------------------------------------------------------------


def _locked_return(*, organization, year, by, revision=None):
    """The organization's return for the year, created on first save and re-read under a row
    lock; who may fill it in is asked before anything is created."""
    _require_fillable(IndicatorReturn(organization=organization, year=year), by)
    indicator_return, created = IndicatorReturn.objects.get_or_create(
        organization=organization, year=year
    )
    if created:
        reporting_rollup.return_changed(indicator_return, before=None)
    locked = IndicatorReturn.objects.select_for_update().get(pk=indicator_return.pk)
    _require_fillable(locked, by)
    if revision is not None and locked.revision != revision:
        raise ReturnChanged(
            _(
                "Отчёт изменился, пока вы его заполняли (его отправил, проверил или изменил "
                "другой пользователь). Обновите страницу: введённое вами ниже не сохранено."
            )
        )
    return locked


def _require_fillable(indicator_return, by):
    if not may_change_year(by, indicator_return.organization, indicator_return.year):
        raise ReturnError(
            _("%(year)s год закрыт: отчёт изменить нельзя.") % {"year": indicator_return.year}
        )
    if not may_fill_in_return(by, indicator_return):
        if indicator_return.is_editable:
            raise ReturnError(_("Отчёт организации заполняет её руководитель."))
        raise ReturnError(
            _("Отчёт «%(status)s»: изменить его сейчас нельзя.")
            % {"status": indicator_return.get_status_display()}
        )


def _move(indicator_return, by, to_status, action, *, comment="", **fields):
    from_status = indicator_return.status
    indicator_return.status = to_status
    indicator_return.revision += 1
    for name, value in fields.items():
        setattr(indicator_return, name, value)
    indicator_return.save()
    reporting_rollup.return_changed(indicator_return, before=from_status)
    ReturnEvent.objects.create(
        indicator_return=indicator_return,
        actor=by,
        action=action,
        from_status=from_status,
        to_status=to_status,
        comment=comment,
    )
    return indicator_return


def _store(indicator_return, indicators, entries):
    """Write the entries over the saved values: one query to read, one to create, one to update."""
    saved = {value.indicator_id: value for value in indicator_return.values.all()}
    new, changed = [], []
    for indicator in indicators:
        entry = entries.get(indicator.code, Entry())
        fields = {
            "value": None if entry.not_applicable else entry.value,
            "not_applicable": entry.not_applicable,
            "text": entry.text.strip(),
            "url": entry.url.strip() if indicator.kind == IndicatorKind.YES_NO else "",
            "evidence_id": entry.evidence_id if indicator.kind == IndicatorKind.YES_NO else None,
            "explanation": entry.explanation.strip(),
        }
        value = saved.get(indicator.pk)
        if value is None:
            new.append(
                IndicatorValue(indicator_return=indicator_return, indicator=indicator, **fields)
            )
        elif any(getattr(value, name) != wanted for name, wanted in fields.items()):
            for name, wanted in fields.items():
                setattr(value, name, wanted)
            changed.append(value)
    IndicatorValue.objects.bulk_create(new)
    IndicatorValue.objects.bulk_update(changed, list(fields))


def _validated(organization, year, entries, *, complete):
    indicators = indicators_for(organization, year)
    findings = check(
        [Rules.of(indicator) for indicator in indicators],
        entries,
        last_year=last_year_values(organization, year),
        complete=complete,
    )
    if findings.errors:
        raise ReturnInvalid(findings)
    return indicators, findings


@transaction.atomic
def save_return(*, organization, year, by, entries, revision=None):
    """Save the values as a draft (a returned return stays returned until resubmitted).
    Values that break a cross-check are refused; missing ones are fine in a draft.
    Returns (the return, findings) — findings carry the warnings to show."""
    indicator_return = _locked_return(
        organization=organization, year=year, by=by, revision=revision
    )
    indicators, findings = _validated(organization, year, entries, complete=False)
    _store(indicator_return, indicators, entries)
    _move(indicator_return, by, indicator_return.status, ReturnAction.SAVED)
    return indicator_return, findings


@transaction.atomic
def submit_return(*, organization, year, by, entries, revision=None, comment=""):
    """Save and send for review: every indicator needs a value (or «не применимо»)."""
    indicator_return = _locked_return(
        organization=organization, year=year, by=by, revision=revision
    )
    indicators, findings = _validated(organization, year, entries, complete=True)
    _store(indicator_return, indicators, entries)
    _move(
        indicator_return,
        by,
        ReturnStatus.SUBMITTED,
        ReturnAction.SUBMITTED,
        comment=comment.strip(),
        submitted_at=timezone.now(),
    )
    return indicator_return, findings


# --- The office's side -----------------------------------------------------------------------


def _locked_for_review(indicator_return, by, revision):
    locked = (
        IndicatorReturn.objects.select_for_update()
        .select_related("organization")
        .get(pk=indicator_return.pk)
    )
    if not locked.awaits_review or (revision is not None and locked.revision != revision):
        raise ReturnChanged(
            _("Отчёт уже не на проверке или изменился (сейчас: «%(status)s»). Обновите страницу.")
            % {"status": locked.get_status_display()}
        )
    if not may_review_return(by, locked):
        raise ReturnError(
            _(
                "Отчёт проверяют сотрудники органа управления образованием; отчёт своей "
                "организации — другой сотрудник."
            )
        )
    return locked


@transaction.atomic
def accept_return(*, indicator_return, by, comment="", revision=None):
    locked = _locked_for_review(indicator_return, by, revision)
    accepted = _move(
        locked,
        by,
        ReturnStatus.ACCEPTED,
        ReturnAction.ACCEPTED,
        comment=comment.strip(),
        reviewed_at=timezone.now(),
        reviewed_by=by,
    )
    indicator_rollup.return_accepted(accepted)  # its values now count in the totals
    return accepted


@transaction.atomic
def send_back_return(*, indicator_return, by, comment, revision=None):
    """Return for rework; the comment (what to fix) is required."""
    if not comment or not comment.strip():
        raise ReturnError(_("Укажите, что нужно исправить: комментарий обязателен."))
    locked = _locked_for_review(indicator_return, by, revision)
    return _move(
        locked,
        by,
        ReturnStatus.RETURNED,
        ReturnAction.RETURNED,
        comment=comment.strip(),
        reviewed_at=timezone.now(),
        reviewed_by=by,
    )
