"""Office staff's overview pages, drilled down the organization tree: the summary (one row per
organization one level down, and per activity of the roadmap) and the matrix (organizations
against obligations). Figures come from the rollup (obligations/figures.py); `?node=` picks
the subtree (organizations/scope.py), another organization's node answers 404."""

from dataclasses import asdict

from django.core.paginator import Paginator
from django.db.models import Case, Q, Value, When
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from accounts.policy import Capability, requires
from mentorship_portal.lists import remember_filters
from mentorship_portal.params import ParamReader
from organizations.scope import scope_for
from roadmap.choice import roadmap_for

from .. import exports, figures, progress
from .common import visible

PAGE_SIZE = 50
MATRIX_PAGE_SIZE = 40


def _obligations_in(request, scope, roadmap):
    """The roadmap's current obligations the user sees, within the scope's subtree."""
    obligations = visible(request).filter(
        is_archived=False, responsibility__activity__stage__roadmap=roadmap
    )
    if not scope.is_top:
        obligations = obligations.filter(organization__in=scope.organizations())
    return obligations


def _matrix_download(scope, obligations, columns, roadmap, activity, year):
    chosen = [roadmap.title, f"{activity.label} {activity.title}" if activity else "", year or ""]
    organizations = progress.organizations_in(obligations)
    if scope.node is not None:  # the node's own row first, as on the page
        first = Case(When(pk=scope.node.pk, then=Value(0)), default=Value(1))
        organizations = organizations.order_by(first, *organizations.query.order_by)
    sheet = exports.matrix_sheet(
        obligations,
        organizations,
        columns,
        by_activity=activity is not None,
        on=timezone.localdate(),
        heading=[str(line) for line in chosen if line],
    )
    return exports.xlsx_response(sheet, name="matrix")


def _year_condition(year):
    return Q() if year is None else figures.for_year(year)


@requires(Capability.VIEW_STAFF_PAGES)
@remember_filters
def summary(request, download=None):
    """Where a subtree stands: one row per organization one level down, and counts by
    activity of the roadmap, with a chase per activity. `download` "summary" or "overdue":
    the same roadmap, year and subtree as an Excel download."""
    scope = scope_for(request)
    roadmap, roadmaps = roadmap_for(request, scope)
    year = ParamReader(request).year()
    on, condition = timezone.localdate(), _year_condition(year)
    rows, years = [], []
    if roadmap is None and download:
        raise Http404
    if download == "overdue":
        obligations = _obligations_in(request, scope, roadmap)
        if year is not None:
            obligations = obligations.for_year(year)
        sheet = exports.overdue_sheet(
            obligations.current().with_details(), roadmap=roadmap, year=year, on=on
        )
        return exports.xlsx_response(sheet, name="overdue")
    if roadmap is not None:
        counted = figures.activity_figures(scope, roadmap, on=on, condition=condition)
        empty = figures.Figures()
        rows = [
            progress.SummaryRow(activity=activity, **asdict(counted.get(activity.pk, empty)))
            for activity in progress.activities_of(roadmap)
        ]
        if download == "summary":
            sheet = exports.summary_sheet(rows, roadmap=roadmap, year=year)
            return exports.xlsx_response(sheet, name="summary")
        years = list(roadmap.programme.years)
    children = Paginator(scope.children(), PAGE_SIZE).get_page(request.GET.get("cpage"))
    below = figures.subtree_figures(children.object_list, on=on, condition=condition)
    context = {
        "scope": scope,
        "roadmap": roadmap,
        "roadmaps": roadmaps,
        "rows": rows,
        "years": years,
        "year": year,
        "children": children,
        "children_rows": [(o, below.get(o.pk, figures.Figures())) for o in children],
        "own_figures": scope.node and figures.own_figures(scope.node, on=on, condition=condition),
    }
    return render(request, "obligations/summary.html", context)


def _matrix_columns(obligations, roadmap, activities, activity, year):
    """The obligations one matrix shows, its columns and the same choice for the rollup's
    rows: one activity's deadline rows by year, or every activity of one year."""
    if activity is None:
        return (
            obligations.for_year(year),
            progress.columns_for_year(activities),
            figures.for_year(year),
        )
    obligations = obligations.filter(responsibility__activity=activity)
    condition = Q(responsibility__activity=activity)
    if year is not None:
        obligations = obligations.for_period_year(year)
        condition &= figures.for_period_year(year)
    columns = progress.columns_for_activity(activity, roadmap.programme, year=year)
    return obligations, columns, condition


def _chosen_activity(request, activities):
    chosen = ParamReader(request).id("activity")
    if chosen is None:
        return None
    found = next((a for a in activities if a.pk == chosen), None)
    if found is None:
        raise Http404
    return found


def _matrix_table(scope, obligations, organizations, columns, *, by_activity, condition):
    """A row per organization: the organizations one level down that have their own below
    them get one cell of counts per column (a click opens them); the others (and the node
    itself, for its own obligations) get their obligations' cells."""
    on = timezone.localdate()
    node_pk = scope.node.pk if scope.node else None
    grouped = [o for o in organizations if o.has_children and o.parent_id == node_pk]
    single = [o for o in organizations if o not in grouped]
    rows = {
        row.organization.pk: row
        for row in progress.matrix_rows(
            obligations, single, columns, by_activity=by_activity, on=on
        )
    }
    counted = figures.column_figures(grouped, on=on, by_activity=by_activity, condition=condition)
    for organization in grouped:
        cells = counted.get(organization.pk, {})
        rows[organization.pk] = progress.MatrixRow(
            organization, [cells.get(c.key) for c in columns], aggregated=True
        )
    return [rows[o.pk] for o in organizations]


@requires(Capability.VIEW_STAFF_PAGES)
@remember_filters
def matrix(request, download=False):
    """Organizations against the obligations of one activity (by year) or of one year; the
    Excel download has every organization of the subtree for the same choice."""
    scope = scope_for(request)
    roadmap, roadmaps = roadmap_for(request, scope)
    context = {"scope": scope, "roadmap": roadmap, "roadmaps": roadmaps}
    if roadmap is None and download:
        raise Http404
    if roadmap is None:
        return render(request, "obligations/matrix.html", context)
    activities = list(progress.activities_of(roadmap))
    activity = _chosen_activity(request, activities)
    years = list(roadmap.programme.years)
    year = ParamReader(request).year()
    if activity is None and year is None:
        year = min(max(timezone.localdate().year, years[0]), years[-1])
    obligations, columns, condition = _matrix_columns(
        _obligations_in(request, scope, roadmap), roadmap, activities, activity, year
    )
    if download:
        return _matrix_download(scope, obligations, columns, roadmap, activity, year)
    condition &= figures.of_roadmap(roadmap)
    page = Paginator(
        figures.matrix_organizations(scope, roadmap, condition), MATRIX_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    table = _matrix_table(
        scope,
        obligations,
        list(page.object_list),
        columns,
        by_activity=activity is not None,
        condition=condition,
    )
    context |= {
        "activities": activities,
        "activity": activity,
        "years": years,
        "year": year,
        "columns": columns,
        "table": table,
        "page": page,
        "legend": progress.legend(),
    }
    return render(request, "obligations/matrix.html", context)
