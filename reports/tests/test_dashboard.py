"""The office's landing page: figures by stage against an independent count, the lists
behind them, the same number of queries at 5 and 500 organizations, and who may open it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from obligations.models import Obligation, ObligationStatus
from reports.models import ReturnStatus
from reports.tests.counting import made_return

from .conftest import expected, set_state

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 25)


def test_key_figures_equal_an_independent_count(office_client, story):
    response = office_client.get(reverse("reports:dashboard"), {"year": 2022, "roadmap": story.pk})
    board = response.context["board"]
    rows = list(Obligation.objects.for_year(2022))
    want = expected(rows, dt.date.today())
    got = board.current
    assert (got.owed, got.completeness, got.timeliness, got.overdue) == (
        want["owed"],
        want["completeness"],
        want["timeliness"],
        want["overdue"],
    )
    assert (got.owed, got.accepted, got.on_time) == (5, 2, 1)
    assert [o.organization.name for o in board.awaiting_review] == ["МБОУ «Школа А»"]
    assert board.previous.owed == 0 and board.completeness_change is None
    html = response.content.decode()
    assert "40,0\u00a0%" in html and "20,0\u00a0%" in html


def test_stage_rows_sum_to_the_year(office_client, story):
    board = office_client.get(reverse("reports:dashboard"), {"year": 2022}).context["board"]
    assert sum(row.current.owed for row in board.stages) == board.current.owed
    assert [row.stage.title for row in board.stages] == ["Подготовительный этап"]


def test_change_from_last_year(office_client, story, school_a):
    yearly_2023 = Obligation.objects.get(
        responsibility__activity__number="2", period_year=2023, organization=school_a
    )
    set_state(yearly_2023, ObligationStatus.ACCEPTED, reviewed_on=dt.date(2023, 5, 5))
    board = office_client.get(reverse("reports:dashboard"), {"year": 2023}).context["board"]
    assert board.current.completeness == Decimal("33.3")  # 1 of the 3 yearly items of 2023
    assert board.previous.completeness == Decimal("40.0")
    assert board.completeness_change == Decimal("-6.7")


@pytest.mark.parametrize(
    ("state", "count"),
    [
        ("owed", 5),
        ("accepted", 2),
        ("on_time", 1),
        ("overdue", 2),
        ("submitted", 1),
        ("returned", 1),
        ("not_started", 1),
    ],
)
def test_each_figure_opens_its_list(office_client, story, state, count):
    response = office_client.get(reverse("reports:obligations"), {"year": 2022, "state": state})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == count


def test_list_of_one_organization(office_client, story, school_b):
    response = office_client.get(
        reverse("reports:obligations"),
        {"year": 2022, "state": "overdue", "organization": school_b.pk},
    )
    assert [o.organization_id for o in response.context["page"]] == [school_b.pk]


def test_unknown_state_or_foreign_roadmap_answers_404(office_client, story):
    assert (
        office_client.get(reverse("reports:obligations"), {"state": "nonsense"}).status_code == 404
    )
    assert office_client.get(reverse("reports:dashboard"), {"roadmap": 99999}).status_code == 404


def test_bad_year_falls_back_to_a_programme_year(office_client, story):
    response = office_client.get(reverse("reports:dashboard"), {"year": "двадцать"})
    assert response.status_code == 200
    assert response.context["board"].year in (2022, 2023, 2024)


def test_home_sends_staff_to_the_dashboard(office_client, story):
    assert office_client.get("/").url == reverse("reports:dashboard")


def test_school_head_gets_403(head_a_client, story):
    assert head_a_client.get(reverse("reports:dashboard")).status_code == 403
    assert head_a_client.get(reverse("reports:obligations")).status_code == 403


def test_no_roadmap_in_force(office_client, office):
    response = office_client.get(reverse("reports:dashboard"))
    assert response.status_code == 200
    assert "Нет действующей дорожной карты" in response.content.decode()


# Queries: session, user, roadmaps in force (chosen and offered, one list), stages, both years
# by stage (the rollup, one query), overdue list, due-soon list, furthest behind, their
# organizations, awaiting review list and count, indicator returns awaiting review (the list),
# whether the office issued the roadmap, the returns owed by schools (reporting kinds, then
# from the rollup: organizations owing, returns by status with the count awaiting review),
# «По подразделениям» (children counted, their page, their and the office's own figures from
# the rollup in one query), the bell's unread count.
DASHBOARD_QUERIES = 20


@pytest.mark.parametrize("extra", [3, 498])
def test_same_queries_at_5_and_500_organizations(
    office_client, story, grow, extra, django_assert_num_queries
):
    grow(extra)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = office_client.get(reverse("reports:dashboard"), {"year": 2022})
    assert response.context["board"].current.owed == 5 + 2 * extra


def test_indicator_returns_waiting_for_review(office_client, story, school_a, school_b):
    made_return(
        organization=school_a, year=2022, status=ReturnStatus.SUBMITTED, submitted_at=timezone.now()
    )
    made_return(
        organization=school_b, year=2022, status=ReturnStatus.ACCEPTED, submitted_at=timezone.now()
    )
    made_return(
        organization=school_b, year=2023, status=ReturnStatus.SUBMITTED, submitted_at=timezone.now()
    )
    board = office_client.get(reverse("reports:dashboard"), {"year": 2022}).context["board"]
    assert board.awaiting_returns_count == 1
    assert [r.organization for r in board.awaiting_returns] == [school_a]


def test_roadmap_obligations_follow_the_one_visibility_rule(
    story, head_a, office_user, administrator, other_office
):
    """dashboard.roadmap_obligations says Obligation.objects.visible_to for one roadmap."""
    from model_bakery import baker

    from accounts.models import Role
    from reports.dashboard import roadmap_obligations

    stranger = baker.make("accounts.User", role=Role.OFFICE, organization=other_office)
    for user in (head_a, office_user, administrator, stranger):
        rule = Obligation.objects.visible_to(user).filter(
            responsibility__activity__stage__roadmap=story
        )
        assert sorted(roadmap_obligations(user, story).values_list("pk", flat=True)) == sorted(
            rule.values_list("pk", flat=True)
        ), user.username
    assert roadmap_obligations(stranger, story).count() == 0


def test_a_district_says_the_same_at_its_top_and_drilled_down_to_with_bodies_outside(
    office_client, administrator_client, office, region, administrator, school_a, school_b
):
    """ТОИПКРО belongs to the region but owes items of the district's roadmap: the district's
    staff follow it at their top, and so does somebody above who opens the district. The
    stage figures (from the rollup) equal a count of the obligations behind them."""
    from obligations.tests.conftest import roadmap_naming_institute

    roadmap, institute = roadmap_naming_institute(
        office=office, region=region, administrator=administrator
    )
    owed = Obligation.objects.filter(
        responsibility__activity__stage__roadmap=roadmap, is_archived=False
    ).for_year(2022)
    assert owed.filter(organization=institute).exists()
    params = {"year": 2022, "roadmap": roadmap.pk}
    top = office_client.get(reverse("reports:dashboard"), params).context["board"]
    down = administrator_client.get(
        reverse("reports:dashboard"), params | {"node": office.pk}
    ).context["board"]
    assert top.current == down.current
    assert top.current.owed == owed.count()
    assert [row.current for row in top.stages] == [row.current for row in down.stages]
    listed = administrator_client.get(
        reverse("reports:obligations"), params | {"node": office.pk, "state": "owed"}
    ).context["page"]
    assert listed.paginator.count == owed.count()
