"""The annual report page for a year and a subtree (the drill-down node, `?node=`:
organizations/scope.py), and its downloads; an old link's `?organization=` is redirected to
`?node=` (downloads and forms still read it)."""

import tempfile

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Max, Min
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.policy import Capability, can, requires
from mentorship_portal.params import parse_year
from organizations.models import OrganizationKind
from roadmap.models import Roadmap

from .. import annual, annual_tables, branches, charts, notes, package
from ..exporters import docx as docx_exporter, xlsx as xlsx_exporter
from ..models import ScoreLevel
from ..report_forms import NoteForm, YearDetailsForm
from .common import drill_scope, legacy_url

PAGE_SIZE = 50
RANKING_SHOWN = 10
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
    """(drill-down scope, report Scope, years) a request asks for: the node (`?node=`, or an
    old link's `?organization=`; 404 if not the user's to see) and the year (default: last
    year within the programmes)."""
    years = report_years(request.user)
    asked = parse_year(request.GET.get("year"))
    default = min(max(timezone.localdate().year - 1, years[0]), years[-1])
    year = asked if asked in years else default
    place = drill_scope(request)
    scope = annual.Scope(user=request.user, year=year, root=place.node, on=timezone.localdate())
    return place, scope, years


REPORTING_BODIES = (OrganizationKind.REGIONAL_MINISTRY, OrganizationKind.DISTRICT_OFFICE)


def _office_of(scope):
    """The body whose note and monitoring details a report carries: the subtree's root when
    it is an office or a regional body; None otherwise (no texts to write)."""
    root = scope.root
    return root if root is not None and root.kind in REPORTING_BODIES else None


def report_query(place, scope):
    """The query string of the report of `scope`'s year at the drill-down `place`: its links,
    downloads and forms keep both."""
    query = f"year={scope.year}"
    return f"{query}&{place.query}" if place.query else query


def report_url(place, scope):
    return reverse("reports:annual") + "?" + report_query(place, scope)


@requires(Capability.VIEW_STAFF_PAGES)
def annual_report(request, note_form=None, details_form=None, status=200):
    place, scope, years = scope_for(request)
    old_link = legacy_url(request, place) if request.method == "GET" else None
    if old_link is not None:
        return redirect(old_link)
    children = Paginator(place.children(), PAGE_SIZE).get_page(request.GET.get("cpage"))
    context = {
        "place": place,
        "scope": scope,
        "years": years,
        "children": children,
        "branch_rows": branches.annual_rows(scope, children.object_list),
        "may_export": can(request.user, Capability.EXPORT_REPORTS),
        "report_query": report_query(place, scope),
        "indicator_totals": list(
            annual_tables.indicator_totals(scope, annual_tables.indicators_of(scope.year))
        ),
        "ranking": annual_tables.ranking(scope, RANKING_SHOWN),
        "levels": _levels(annual_tables.level_counts(scope)),
    }
    counts = annual.ActivityCounts.of(scope)
    context |= _activities(request, counts)
    context |= _organizations(request, scope, children, counts)
    office = _office_of(scope)
    if office is not None and context["may_export"]:
        reporting_year = notes.reporting_year_of(office, scope.year)
        note = notes.note_of(reporting_year)
        context |= {
            "reporting_year": reporting_year,
            "note": note,
            "revisions": note.revisions.select_related("saved_by")[:5] if note.pk else [],
            "note_form": note_form or NoteForm(instance=note),
            "details_form": details_form or YearDetailsForm(initial=_details_of(reporting_year)),
        }
    return render(request, "reports/annual/report.html", context, status=status)


def _activities(request, counts):
    """The activities' table a page at a time: a region's or a country's report holds every
    district's roadmap. Each row then names its roadmap's issuer; a chart of bare numbers
    ("2.3", "2.3", …) would not, so it is left to the rows by branch and the table."""
    ordered = counts.ordered()
    activity_page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("apage"))
    activity_page.object_list = list(counts.rows(pk for pk, _roadmap in activity_page))
    several_roadmaps = len({roadmap for _pk, roadmap in ordered}) > 1
    return {
        "activity_page": activity_page,
        "several_roadmaps": several_roadmaps,
        "activity_chart": None if several_roadmaps else _activity_chart(activity_page),
    }


def _organizations(request, scope, children, counts):
    """The key figures and what the report says of organizations, counted in one pass.
    Organizations by name only where they are one level down at most (a district, a school):
    a region's or a country's thousands are reached by opening a district (the xlsx lists
    them all). «По организациям» only where there is nothing one level down (a school): a
    district's schools are its rows by branch already."""
    required = package.required_types(scope.year)
    counted = annual.organization_counts(scope, package_kinds=package.package_kinds(required))
    names_organizations = not any(child.has_children for child in children.object_list)
    organizations = None
    if not children.paginator.count:
        organizations = Paginator(scope.reporting_organizations(), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
    return {
        "figures": annual.key_figures(scope, counts, organizations=counted.reporting),
        "page": organizations,
        "organization_rows": (
            list(annual.organization_rows(scope, organizations.object_list))
            if organizations is not None
            else []
        ),
        "not_reported": (
            list(annual.not_reported(scope)[:NOT_REPORTED_SHOWN]) if names_organizations else None
        ),
        "not_reported_count": counted.not_reported,
        "package_share": package.package_share(
            annual_tables.educational_organizations(scope),
            scope.year,
            required=required,
            counted=counted.with_package,
        ),
    }


def _activity_chart(activity_page):
    return charts.percent_bars(
        _("Полнота и своевременность по мероприятиям"),
        [
            (row.activity.label, [row.progress.completeness, row.progress.timeliness])
            for row in activity_page.object_list
            if row.progress.owed
        ],
        [_("Полнота"), _("Своевременность")],
    )


def _levels(counts):
    return [(level.label, counts.get(level.value, 0)) for level in ScoreLevel]


def _details_of(reporting_year):
    return {name: getattr(reporting_year, name) for name in notes.YEAR_DETAILS}


def _office_or_404(request):
    place, scope, _years = scope_for(request)
    office = _office_of(scope)
    if office is None:
        raise Http404
    return report_url(place, scope), scope, office


@require_POST
@requires(Capability.EXPORT_REPORTS)
def save_note(request):
    back, scope, office = _office_or_404(request)
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Текст не сохранён: исправьте отмеченные поля."))
        return annual_report(request, note_form=form, status=400)
    notes.save_note(office=office, year=scope.year, by=request.user, texts=form.cleaned_data)
    messages.success(request, _("Текст справки сохранён."))
    return redirect(back + "#note")


@require_POST
@requires(Capability.EXPORT_REPORTS)
def save_details(request):
    back, scope, office = _office_or_404(request)
    form = YearDetailsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Сведения не сохранены: исправьте отмеченные поля."))
        return annual_report(request, details_form=form, status=400)
    notes.save_year_details(
        office=office, year=scope.year, by=request.user, details=form.cleaned_data
    )
    messages.success(request, _("Сведения о мониторинге сохранены."))
    return redirect(back + "#details")


# --- Downloads -------------------------------------------------------------------------------

DOWNLOADS = {
    # name: (writer, extension, file name stem)
    "xlsx": (xlsx_exporter.write_annual_report, "xlsx", "monitoring"),
    "note": (docx_exporter.write_note, "docx", "analiticheskaya-spravka"),
    "order": (docx_exporter.write_order, "docx", "proekt-prikaza"),
}


@requires(Capability.EXPORT_REPORTS)
def download(request, kind):
    """The report as a file; written to a temporary file first, so that a large region's
    workbook never sits in memory whole."""
    if kind not in DOWNLOADS:
        raise Http404
    _place, scope, _years = scope_for(request)
    writer, extension, stem = DOWNLOADS[kind]
    spool = tempfile.TemporaryFile()
    writer(spool, scope)
    spool.seek(0)
    suffix = f"-{scope.root.pk}" if scope.root is not None else ""
    return FileResponse(
        spool, as_attachment=True, filename=f"{stem}-{scope.year}{suffix}.{extension}"
    )
