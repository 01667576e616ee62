"""What the report pages share: reading the chosen roadmap, year and subtree from the query
string. A value that is not a whole number is ignored (the default is used); an object the
user may not see answers 404."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.policy import fetch_for_user
from mentorship_portal.params import parse_id, parse_year
from organizations.models import Organization
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


def chosen_root(request):
    """The subtree a report covers: the organization chosen (404 if unseen), else the user's
    own (office staff: their office), else — for an administrator without one — None, the
    whole portal."""
    chosen = number(request.GET.get("organization"))
    if chosen is not None:
        return fetch_for_user(Organization.objects.all(), request.user, pk=chosen)
    if request.user.organization_id:
        return get_object_or_404(
            Organization.objects.visible_to(request.user), pk=request.user.organization_id
        )
    return None
