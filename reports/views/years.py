"""Reporting years of each district office the user sees: closed or open, with history;
staff close a year, an administrator reopens it."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.policy import Capability, can, fetch_for_user, requires
from mentorship_portal.confirm import ask_first
from mentorship_portal.params import parse_year
from organizations.models import Organization, OrganizationKind
from roadmap.models import Roadmap

from .. import years
from ..models import FIRST_MONITORING_YEAR, ReportingYear, YearEvent
from .returns import _check_year, current_year


def _offices(user):
    return Organization.objects.visible_to(user).filter(kind=OrganizationKind.DISTRICT_OFFICE)


@requires(Capability.VIEW_STAFF_PAGES)
def year_list(request):
    offices = _offices(request.user).prefetch_related(
        Prefetch(
            "reporting_years",
            queryset=ReportingYear.objects.prefetch_related(
                Prefetch("events", queryset=YearEvent.objects.select_related("actor"))
            ),
        )
    )
    all_years = range(current_year(), FIRST_MONITORING_YEAR - 1, -1)
    table = []
    for office in offices.order_by("name"):
        known = {
            reporting_year.year: reporting_year for reporting_year in office.reporting_years.all()
        }
        table.append({"office": office, "years": [(year, known.get(year)) for year in all_years]})
    context = {
        "table": table,
        "can_close": can(request.user, Capability.MANAGE_MONITORING),
        "can_reopen": can(request.user, Capability.REOPEN_YEARS),
    }
    return render(request, "reports/years/year_list.html", context)


@require_POST
@requires(Capability.MANAGE_MONITORING)
def year_close(request, office_id, year):
    _check_year(year)
    office = fetch_for_user(_offices(request.user), request.user, pk=office_id)
    question = _("Закрыть %(year)s год? Организации не смогут менять его данные.") % {"year": year}
    if page := ask_first(request, question, cancel_url=reverse("reports:years")):
        return page
    try:
        years.close_year(
            office=office, year=year, by=request.user, comment=request.POST.get("comment", "")
        )
        messages.success(
            request,
            _("%(year)s год закрыт: организации больше не могут менять его данные.")
            % {"year": year},
        )
    except years.YearError as error:
        messages.error(request, str(error))
    return redirect("reports:years")


@require_POST
@requires(Capability.REOPEN_YEARS)
def year_reopen(request, office_id, year):
    _check_year(year)
    office = fetch_for_user(_offices(request.user), request.user, pk=office_id)
    question = _("Открыть %(year)s год снова? Организации смогут менять его данные.") % {
        "year": year
    }
    if page := ask_first(request, question, cancel_url=reverse("reports:years")):
        return page
    try:
        years.reopen_year(
            office=office, year=year, by=request.user, comment=request.POST.get("comment", "")
        )
        messages.success(request, _("%(year)s год открыт снова.") % {"year": year})
    except years.YearError as error:
        messages.error(request, str(error))
    return redirect("reports:years")


@require_POST
@requires(Capability.EDIT_DEADLINES)
def first_reporting_year(request, roadmap_id):
    """Staff change the first reporting year of a roadmap they may edit (empty: default)."""
    roadmap = fetch_for_user(
        Roadmap.objects.select_related("programme"), request.user, pk=roadmap_id
    )
    raw = request.POST.get("first_reporting_year", "").strip()
    if raw and parse_year(raw) is None:
        messages.error(request, _("Укажите год четырьмя цифрами, например 2021."))
        return redirect(roadmap)
    try:
        counts = years.set_first_reporting_year(
            roadmap=roadmap, year=parse_year(raw) if raw else None, by=request.user
        )
    except years.YearError as error:
        messages.error(request, str(error))
        return redirect(roadmap)
    roadmap.refresh_from_db()
    messages.success(
        request,
        _(
            "Первый отчётный год: %(year)s. Обязательства пересчитаны: перенесено в архив "
            "%(archived)s, восстановлено %(restored)s, создано %(created)s."
        )
        % {"year": roadmap.reporting_from, **counts},
    )
    return redirect(roadmap)
