"""The annual report page: figures per activity and per organization against an independent
count, subtrees and who may see them, years that stay true, and a fixed number of queries."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from obligations.models import Obligation, ObligationStatus
from reports.models import ReturnStatus
from reports.tests.counting import made_return

from .conftest import expected, set_state

pytestmark = pytest.mark.django_db


def report(client, **params):
    return client.get(reverse("reports:annual"), params)


def test_figures_per_activity_equal_an_independent_count(office_client, story):
    context = report(office_client, year=2022).context
    on = timezone.localdate()
    for row in context["activity_page"]:
        rows = list(Obligation.objects.for_year(2022).filter(responsibility__activity=row.activity))
        want = expected(rows, on)
        assert (
            row.progress.owed,
            row.progress.completeness,
            row.progress.timeliness,
            row.progress.overdue,
        ) == (
            want["owed"],
            want["completeness"],
            want["timeliness"],
            want["overdue"],
        )
    assert [row.activity.label for row in context["activity_page"]] == ["1.1", "1.2"]


def test_figures_per_organization_equal_an_independent_count(
    office_client, story, office, school_a, school_b
):
    """A district's organizations are its rows by branch (the office's own items first); a
    school's report lists the school «По организациям»."""
    district = report(office_client, year=2022)
    context = district.context
    on = timezone.localdate()
    assert context["organization_rows"] == [] and context["page"] is None
    assert 'data-testid="organizations"' not in district.content.decode()
    by_name = {row.organization.name: row for row in context["branch_rows"]}
    assert set(by_name) == {office.name, school_a.name, school_b.name}
    for organization in (office, school_a, school_b):
        want = expected(
            list(Obligation.objects.for_year(2022).filter(organization=organization)), on
        )
        got = by_name[organization.name]
        assert (got.owed, got.completeness, got.timeliness, got.overdue) == (
            want["owed"],
            want["completeness"],
            want["timeliness"],
            want["overdue"],
        )
    school = report(office_client, year=2022, node=school_a.pk)
    assert [row.organization for row in school.context["organization_rows"]] == [school_a]
    want = expected(list(Obligation.objects.for_year(2022).filter(organization=school_a)), on)
    got = school.context["organization_rows"][0].progress
    assert (got.owed, got.completeness, got.timeliness) == (
        want["owed"],
        want["completeness"],
        want["timeliness"],
    )
    assert 'data-testid="organizations"' in school.content.decode()


def test_not_reported_are_schools_without_a_submitted_return(
    office_client, story, school_a, school_b
):
    assert [o.name for o in report(office_client, year=2022).context["not_reported"]] == [
        school_a.name,
        school_b.name,
    ]
    made_return(
        organization=school_a, year=2022, status=ReturnStatus.SUBMITTED, submitted_at=timezone.now()
    )
    made_return(organization=school_b, year=2022, status=ReturnStatus.DRAFT)
    made_return(
        organization=school_b, year=2023, status=ReturnStatus.ACCEPTED, submitted_at=timezone.now()
    )
    context = report(office_client, year=2022).context
    assert [o.name for o in context["not_reported"]] == [school_b.name]
    assert context["not_reported_count"] == 1


def test_key_figures_beside_last_year(office_client, story, school_a):
    set_state(
        Obligation.objects.get(
            responsibility__activity__number="2", period_year=2023, organization=school_a
        ),
        ObligationStatus.ACCEPTED,
        reviewed_on=dt.date(2023, 3, 1),
    )
    figures = report(office_client, year=2023).context["figures"]
    assert (
        figures.current.owed,
        figures.current.accepted,
        figures.previous.owed,
        figures.previous.accepted,
    ) == (3, 1, 5, 2)
    assert str(figures.completeness_change) == "-6.7"


def test_years_stay_true(office_client, story, school_a, school_b, office):
    """The 2022 report is the same after 2023's work is entered."""
    before = _report_figures(office_client)
    for organization in (school_a, school_b, office):
        set_state(
            Obligation.objects.get(
                responsibility__activity__number="2", period_year=2023, organization=organization
            ),
            ObligationStatus.ACCEPTED,
            reviewed_on=dt.date(2023, 6, 1),
        )
    assert _report_figures(office_client) == before


def _report_figures(client):
    context = report(client, year=2022).context
    return (
        context["figures"],
        [(r.activity.pk, r.progress) for r in context["activity_page"]],
        context["branch_rows"],
        [o.pk for o in context["not_reported"]],
    )


def test_foreign_subtree_answers_404(office_client, story, other_office, region):
    assert report(office_client, year=2022, organization=other_office.pk).status_code == 404
    assert report(office_client, year=2022, organization=region.pk).status_code == 404


def test_administrator_reports_on_any_district(administrator_client, story, other_office, office):
    mine = report(administrator_client, year=2022, node=office.pk).context
    theirs = report(administrator_client, year=2022, node=other_office.pk).context
    assert mine["figures"].current.owed == 5
    assert theirs["figures"].current.owed == 0


def test_school_head_gets_403(head_a_client, story):
    assert report(head_a_client, year=2022).status_code == 403


def test_chart_is_inline_svg(office_client, story):
    html = report(office_client, year=2022).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in html
    assert "<title>Полнота: 100,0\u00a0%</title>" in html  # activity 1.1: both accepted


# session, user, years, «По подразделениям» (children counted, their page, their progress
# from the rollup in one query), indicators and their totals (from their rollup), ranking
# (methodologies + ranked page), levels, activities (both years' counts from the rollup,
# their order, the page's activities), the required packages, the organizations counted
# (the reporting kinds, the rollup's organizations and returns, the other bodies owing),
# organizations done (the rollup), not reported by name (the ids of those owing, the rows;
# the reporting kinds are read once for both), the package share's complete ones, the
# office's reporting year, the bell's unread count.
ANNUAL_QUERIES = 25


@pytest.mark.parametrize("extra", [2, 497])
def test_same_queries_at_5_and_500_organizations(
    office_client, story, grow, extra, django_assert_num_queries
):
    grow(extra)
    with django_assert_num_queries(ANNUAL_QUERIES):
        response = report(office_client, year=2022)
    assert response.context["figures"].organizations == 3 + extra


def test_bodies_that_are_not_educational_are_listed_only_when_they_owe_that_year(
    office_client, story, office, school_a, school_b
):
    from organizations.models import Organization, OrganizationKind

    Organization.objects.create(
        name="Методический центр", kind=OrganizationKind.INSTITUTE, parent=office
    )
    assert report(office_client, year=2022).context["figures"].organizations == 3
    Obligation.objects.filter(organization=office).update(is_archived=True)
    assert report(office_client, year=2022).context["figures"].organizations == 2
