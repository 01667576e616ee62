"""The efficiency ranking of an office's organizations for a year (with the button that
recomputes it), and one score opened criterion by criterion with its inputs and evidence."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.policy import Capability, can, requires, year_is_closed
from mentorship_portal.lists import remember_filters
from mentorship_portal.params import parse_year
from organizations.models import Organization, OrganizationKind

from .. import scores as services
from ..methodology import approved_for_year
from ..models import Score

FIRST_YEAR = 2021
RANKING_PAGE_SIZE = 200  # a district fits on one page; a region's ranking pages


def _year(value):
    """A year from a query or form field; the last finished year by default."""
    today = timezone.localdate()
    year = parse_year(value if isinstance(value, str) else None)
    if year is not None and FIRST_YEAR <= year <= today.year + 1:
        return year
    return today.year - 1


def _offices(request):
    """The district offices whose rankings the user may see (their own, for office staff)."""
    return Organization.objects.visible_to(request.user).filter(
        kind=OrganizationKind.DISTRICT_OFFICE
    )


def _office(request, offices, value):
    offices = list(offices)
    chosen = [o for o in offices if str(o.pk) == str(value)]
    own = [o for o in offices if o.pk == request.user.organization_id]
    return (chosen or own or offices or [None])[0], offices


def _ranking_url(office, year):
    return f"{reverse('reports:ranking')}?year={year}&office={office.pk}"


@requires(Capability.COMPUTE_SCORES)
@remember_filters
def ranking(request):
    year = _year(request.GET.get("year"))
    office, offices = _office(request, _offices(request), request.GET.get("office"))
    organizations = (
        services.organizations_scored(office) if office is not None else Organization.objects.none()
    )
    page = Paginator(
        services.ranked_scores(year=year, organizations=organizations), RANKING_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    rows = list(
        services.ranking_rows(year=year, organizations=organizations, scores=page.object_list)
    )
    return render(
        request,
        "reports/scores/ranking.html",
        {
            "page": page,
            "rows": rows,
            "year": year,
            "years": range(timezone.localdate().year, FIRST_YEAR - 1, -1),
            "office": office,
            "offices": offices,
            "level_counts": services.level_counts(year=year, organizations=organizations),
            "methodology": approved_for_year(year),
            "year_closed": office is not None and year_is_closed(office, year),
            "may_compute": can(request.user, Capability.COMPUTE_SCORES),
        },
    )


@require_POST
@requires(Capability.COMPUTE_SCORES)
def compute(request):
    year = _year(request.POST.get("year"))
    office = get_object_or_404(_offices(request), pk=request.POST.get("office") or 0)
    try:
        result = services.compute_scores(by=request.user, office=office, year=year)
    except services.ScoresError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "Оценки за %(year)s год рассчитаны по методике «%(methodology)s»: %(scored)s "
                "организаций, "
                "без оценки (ни один критерий не применим) — %(without)s."
            )
            % {
                "year": year,
                "methodology": result.methodology,
                "scored": result.scored,
                "without": result.without_score,
            },
        )
    return redirect(_ranking_url(office, year))


def score_detail(request, pk):
    """Staff of the organization's office, and the organization's own head; anyone else 404."""
    score = get_object_or_404(
        Score.objects.filter(
            organization__in=Organization.objects.visible_to(request.user)
        ).select_related("organization", "methodology"),
        pk=pk,
    )
    return render(
        request,
        "reports/scores/detail.html",
        {
            "score": score,
            "blocks": services.score_detail(score),
            "is_staff": can(request.user, Capability.COMPUTE_SCORES),
        },
    )
