"""Years stay true: closing and reopening a reporting year, and a roadmap's first reporting
year.

Closing and reopening a reporting year. A closed year is read-only for the organizations
(accounts.policy.may_change_year, asked by the obligations and returns services and pages);
staff close it, only an administrator reopens it, and both are recorded (YearEvent)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.policy import Capability, can, may_edit_roadmap
from obligations.sync import sync_obligations
from roadmap.models import Roadmap, RoadmapChange

from .freezing import freeze_year, thaw_year
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
    freeze_year(office, year)
    YearEvent.objects.create(
        reporting_year=reporting_year, actor=by, action=YearAction.CLOSED, comment=comment.strip()
    )
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
    thaw_year(office, year)
    YearEvent.objects.create(
        reporting_year=reporting_year, actor=by, action=YearAction.REOPENED, comment=comment.strip()
    )
    return reporting_year


@transaction.atomic
def set_first_reporting_year(*, roadmap, year, by):
    """Change the roadmap's first reporting year (None: back to the default from the order
    date), record it in the roadmap's history and re-sync its obligations: yearly items
    before that year are archived (kept with their evidence), later ones restored."""
    if not may_edit_roadmap(by, roadmap):
        raise YearError(
            _("Менять первый отчётный год могут сотрудники, отвечающие за дорожную карту.")
        )
    roadmap = Roadmap.objects.select_for_update().select_related("programme").get(pk=roadmap.pk)
    programme = roadmap.programme
    if year is not None and not programme.first_year <= year <= programme.last_year:
        raise YearError(
            _("Первый отчётный год должен быть в пределах программы: %(first)s–%(last)s.")
            % {"first": programme.first_year, "last": programme.last_year}
        )
    before = roadmap.reporting_from
    roadmap.first_reporting_year = year
    roadmap.save(update_fields=["first_reporting_year"])
    RoadmapChange.objects.create(
        roadmap=roadmap,
        actor=by,
        action=_("Изменён первый отчётный год"),
        details=f"{before} → {roadmap.reporting_from}",
    )
    return sync_obligations(by=by, roadmap=roadmap)
