"""The annual report page for a year and a subtree, and its downloads."""

from django.core.paginator import Paginator
from django.db.models import Max, Min
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.policy import Capability, can, requires
from organizations.models import Organization, OrganizationKind
from roadmap.models import Roadmap

from .. import annual, charts
from .common import chosen_root, number

PAGE_SIZE = 50
NOT_REPORTED_SHOWN = 50


def report_years(user):
    """The years of the programmes the user's roadmaps belong to (one query)."""
    bounds = Roadmap.objects.visible_to(user).aggregate(
        first=Min("programme__first_year"), last=Max("programme__last_year")
    )
    if bounds["first"] is None:
        return [timezone.localdate().year]
    return list(range(bounds["first"], bounds["last"] + 1))


def scope_for(request):
    """The Scope a request asks for: year (default: last year within the programmes), root
    (404 if not the user's to see)."""
    years = report_years(request.user)
    asked = number(request.GET.get("year"))
    default = min(max(timezone.localdate().year - 1, years[0]), years[-1])
    year = asked if asked in years else default
    scope = annual.Scope(
        user=request.user, year=year, root=chosen_root(request), on=timezone.localdate()
    )
    return scope, years


def _roots(user):
    """The subtrees a user may report on: the offices and regional bodies they see."""
    kinds = (OrganizationKind.REGIONAL_MINISTRY, OrganizationKind.DISTRICT_OFFICE)
    return Organization.objects.visible_to(user).filter(kind__in=kinds).order_by("kind", "name")


@requires(Capability.VIEW_STAFF_PAGES)
def annual_report(request):
    scope, years = scope_for(request)
    activities = list(annual.activity_rows(scope))
    organizations = Paginator(scope.reporting_organizations(), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    not_reported = annual.not_reported(scope)
    context = {
        "scope": scope,
        "years": years,
        "roots": _roots(request.user),
        "figures": annual.key_figures(scope),
        "activities": activities,
        "activity_chart": charts.percent_bars(
            _("Полнота и своевременность по мероприятиям"),
            [(row.activity.label, [row.progress.completeness, row.progress.timeliness]) for row in activities],
            [_("Полнота"), _("Своевременность")],
        ),
        "page": organizations,
        "organization_rows": list(annual.organization_rows(scope, organizations.object_list)),
        "not_reported": list(not_reported[:NOT_REPORTED_SHOWN]),
        "not_reported_count": not_reported.count(),
        "may_export": can(request.user, Capability.EXPORT_REPORTS),
    }
    return render(request, "reports/annual/report.html", context)
