"""The roadmap a drill-down page of the office (the summary, the matrix, the dashboard) shows:
the one asked for in the query string, else the latest in force for the page's node
(organizations/scope.py)."""

from django.db.models import Q
from django.http import Http404

from mentorship_portal.params import ParamReader
from organizations.models import Organization

from .models import Roadmap

ROADMAPS_SHOWN = 50


def roadmap_for(request, scope):
    """(roadmap, roadmaps offered): the roadmap chosen in the query string (404 if unseen),
    else the latest in force of the scope — issued by the node or a body above it, or, when
    there is none, within the subtree. At most ROADMAPS_SHOWN are offered."""
    seen = Roadmap.objects.visible_to(scope.user).select_related("programme")
    in_force = seen.active().order_by("-activated_at", "-pk")
    above = Q(issuer__isnull=True)
    if scope.node is not None:
        above |= Q(issuer__in=Organization.objects.lineage_of(scope.node).values("pk"))
    offered = list(in_force.filter(above)[:ROADMAPS_SHOWN]) or list(
        in_force.filter(scope.holds("issuer"))[:ROADMAPS_SHOWN]
    )
    chosen = ParamReader(request).id("roadmap")
    if chosen is None:
        return (offered[0] if offered else None), offered
    try:
        return seen.get(pk=chosen), offered
    except Roadmap.DoesNotExist:
        raise Http404
