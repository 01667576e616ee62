"""Closing and reopening a reporting year. A closed year is read-only for the organizations
(accounts.policy.may_change_year, asked by the obligations and returns services and pages);
staff close it, only an administrator reopens it, and both are recorded (YearEvent)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.policy import Capability, can

from .models import ReportingYear, YearAction, YearEvent


class YearError(Exception):
    """The action is not possible; the message is Russian and shown to the user."""


def _locked(office, year):
    reporting_year, _created = ReportingYear.objects.get_or_create(office=office, year=year)
    return ReportingYear.objects.select_for_update().get(pk=reporting_year.pk)


@transaction.atomic
def close_year(*, office, year, by, comment=""):
    if not can(by, Capability.MANAGE_MONITORING):
        raise YearError(_("Закрывают отчётный год сотрудники управления образования."))
    reporting_year = _locked(office, year)
    if reporting_year.is_closed:
        raise YearError(_("%(year)s год уже закрыт.") % {"year": year})
    reporting_year.is_closed = True
    reporting_year.closed_at = timezone.now()
    reporting_year.closed_by = by
    reporting_year.save(update_fields=["is_closed", "closed_at", "closed_by"])
    YearEvent.objects.create(reporting_year=reporting_year, actor=by, action=YearAction.CLOSED, comment=comment.strip())
    return reporting_year


@transaction.atomic
def reopen_year(*, office, year, by, comment):
    """Open a closed year again (to correct it); the reason is required and kept."""
    if not can(by, Capability.REOPEN_YEARS):
        raise YearError(_("Открыть закрытый год может только администратор."))
    if not comment or not comment.strip():
        raise YearError(_("Укажите, зачем открываете год: комментарий обязателен."))
    reporting_year = _locked(office, year)
    if not reporting_year.is_closed:
        raise YearError(_("%(year)s год не закрыт.") % {"year": year})
    reporting_year.is_closed = False
    reporting_year.closed_at = None
    reporting_year.closed_by = None
    reporting_year.save(update_fields=["is_closed", "closed_at", "closed_by"])
    YearEvent.objects.create(
        reporting_year=reporting_year, actor=by, action=YearAction.REOPENED, comment=comment.strip()
    )
    return reporting_year
