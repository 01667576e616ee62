"""What the report pages share: reading the chosen roadmap, year and subtree (the drill-down
node) from the query string. A value that is not a whole number is ignored (the default is
used); an object the user may not see answers 404."""

from django.http import Http404
from django.utils import timezone

from mentorship_portal.params import parse_id, parse_year
from organizations.scope import NODE_PARAM, scope_for
from roadmap.models import Roadmap


def number(value):
    """An id or a year from a query parameter (mentorship_portal/params.py), or None."""
    return parse_id(value)


def chosen_roadmap(request):
    """(roadmap, roadmaps in force): the one chosen in the query string (404 if unseen), else
    the latest in force (None if there is none)."""
    visible = Roadmap.objects.visible_to(request.user).select_related("programme")
    try:
        return visible.chosen_or_latest(number(request.GET.get("roadmap")))
    except Roadmap.DoesNotExist:
        raise Http404 from None


def chosen_year(request, years):
    """The year asked for if it is one of `years`, else this year kept within them."""
    years = list(years)
    asked = parse_year(request.GET.get("year"))
    if asked in years:
        return asked
    this_year = timezone.localdate().year
    return min(max(this_year, years[0]), years[-1]) if years else this_year


# The older name of `?node=` on the annual report (bookmarks of `?organization=<id>`).
LEGACY_NODE_PARAM = "organization"


def drill_scope(request):
    """Where a report page stands in the tree (organizations/scope.py): `?node=`, or an old
    link's `?organization=`; 404 for an organization the user does not see."""
    param = NODE_PARAM
    if NODE_PARAM not in request.GET and LEGACY_NODE_PARAM in request.GET:
        param = LEGACY_NODE_PARAM
    return scope_for(request, param=param)


def legacy_url(request, scope):
    """The page's own URL with `?node=` in place of an old link's `?organization=`, or None
    when the link is not an old one."""
    if LEGACY_NODE_PARAM not in request.GET or NODE_PARAM in request.GET:
        return None
    query = request.GET.copy()
    del query[LEGACY_NODE_PARAM]
    if scope.query:
        query[NODE_PARAM] = scope.node.pk
    return request.path + (f"?{query.urlencode()}" if query else "")
