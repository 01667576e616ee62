"""The office's landing page and the lists behind its figures, for a subtree: the drill-down
node (`?node=`, organizations/scope.py) and the roadmap it follows, chosen as on the summary."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from accounts.policy import Capability, requires
from organizations.scope import scope_for
from roadmap.choice import roadmap_for
from roadmap.models import Stage

from .. import dashboard, progress
from .common import chosen_year, number

PAGE_SIZE = 50


@requires(Capability.VIEW_STAFF_PAGES)
def dashboard_page(request):
    scope = scope_for(request)
    roadmap, roadmaps = roadmap_for(request, scope)
    context = {"scope": scope, "roadmap": roadmap, "roadmaps": roadmaps}
    if roadmap is not None:
        years = list(roadmap.programme.years)
        year, on = chosen_year(request, years), timezone.localdate()
        children = Paginator(scope.children(), PAGE_SIZE).get_page(request.GET.get("cpage"))
        board = dashboard.build(
            scope=scope, roadmap=roadmap, year=year, on=on, children=children.object_list
        )
        context |= {
            # What every figure's link carries: the roadmap and the node (the same subtree).
            "figure_query": "&".join(filter(None, [f"roadmap={roadmap.pk}", scope.query])),
            "years": years,
            "board": board,
            "children": children,
            "branch_rows": board.branches,
        }
    return render(request, "reports/dashboard/dashboard.html", context)


@requires(Capability.VIEW_STAFF_PAGES)
def obligation_list(request):
    """The obligations behind one figure of the dashboard: a roadmap's year in one state in
    the dashboard's subtree (`?node=`), optionally of one stage or one organization."""
    scope = scope_for(request)
    roadmap, _roadmaps = roadmap_for(request, scope)
    if roadmap is None:
        raise Http404
    year = chosen_year(request, roadmap.programme.years)
    obligations = progress.owed(dashboard.scope_obligations(scope, roadmap), year)
    stage = _narrow(request, "stage", Stage.objects.filter(roadmap=roadmap))
    if stage is not None:
        obligations = obligations.filter(responsibility__activity__stage=stage)
    organization = number(request.GET.get("organization"))
    if organization is not None:
        obligations = obligations.filter(organization_id=organization)
    state = request.GET.get("state") or "owed"
    if state not in dashboard.STATES:
        raise Http404
    title, chosen = dashboard.obligations_in_state(obligations, state, on=timezone.localdate())
    page = Paginator(
        chosen.with_details().order_by("due_date", "organization__name", "pk"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    context = {
        "scope": scope,
        "roadmap": roadmap,
        "year": year,
        "stage": stage,
        "title": title,
        "page": page,
    }
    return render(request, "reports/dashboard/obligation_list.html", context)


def _narrow(request, name, queryset):
    pk = number(request.GET.get(name))
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
