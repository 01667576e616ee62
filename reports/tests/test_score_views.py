"""The ranking page, the compute button and the score detail page, with role checks and
query budgets."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from model_bakery import baker

from obligations.reference_data import DEFAULT_SCHOOL_PACKAGE
from organizations.models import OrganizationKind
from reports import scores
from reports.models import ReportingYear, Score

from .scoring_data import FULL_VALUES, NA, accepted_act, accepted_return

pytestmark = pytest.mark.django_db
RANKING = reverse("reports:ranking")


@pytest.fixture
def scored(office, school_a, school_b, office_user):
    accepted_return(school_a, 2022, {**FULL_VALUES, "TE04": NA})
    accepted_act(school_a, DEFAULT_SCHOOL_PACKAGE[2], dt.date(2021, 9, 1))
    scores.compute_scores(by=office_user, office=office, year=2022)
    return Score.objects.get(organization=school_a, year=2022)


def test_heads_may_not_open_the_ranking_or_compute(head_a_client, office):
    assert head_a_client.get(RANKING).status_code == 403
    response = head_a_client.post(
        reverse("reports:compute_scores"), {"year": 2022, "office": office.pk}
    )
    assert response.status_code == 403
    assert not Score.objects.exists()


def test_staff_compute_and_see_the_ranking(office_client, office, school_a, school_b):
    accepted_return(school_a, 2022, FULL_VALUES)
    response = office_client.post(
        reverse("reports:compute_scores"), {"year": 2022, "office": office.pk}, follow=True
    )
    text = response.content.decode()
    assert "Оценки за 2022 год рассчитаны" in text
    rows = response.context["rows"]
    assert [(r.rank, r.organization) for r in rows] == [(1, str(school_a)), (2, str(school_b))]
    assert reverse("reports:score_detail", args=[rows[0].score_id]) in text


def test_a_closed_year_is_not_recomputed_from_the_page(office_client, office, scored):
    ReportingYear.objects.create(office=office, year=2022, is_closed=True, closed_at=timezone.now())
    response = office_client.post(
        reverse("reports:compute_scores"), {"year": 2022, "office": office.pk}, follow=True
    )
    assert "2022 год закрыт" in response.content.decode()
    assert Score.objects.get(pk=scored.pk).computed_at == scored.computed_at
    assert "Пересчитать" not in office_client.get(f"{RANKING}?year=2022").content.decode()


def test_detail_shows_points_inputs_and_evidence(office_client, scored):
    response = office_client.get(reverse("reports:score_detail", args=[scored.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "не применимо" in text  # K03 without young teachers
    assert "ST01 = 100" in text and "→ <strong>75 %</strong>" in text
    assert (
        reverse(
            "reports:return_by_id",
            args=[scored.items.get(criterion__indicator__code="K01").inputs["return_id"]],
        )
        in text
    )
    evidence = next(i for i in scored.items.all() if i.inputs.get("evidence")).inputs["evidence"][0]
    assert reverse("obligations:detail", args=[evidence["obligation_id"]]) in text
    assert "01.09.2021" in text


def test_own_head_sees_the_detail_others_get_404(client, scored, head_a, head_b, office):
    url = reverse("reports:score_detail", args=[scored.pk])
    client.force_login(head_a)
    assert client.get(url).status_code == 200
    client.force_login(head_b)
    assert client.get(url).status_code == 404
    other_office = baker.make(
        "organizations.Organization",
        kind=OrganizationKind.DISTRICT_OFFICE,
        name="Другое управление",
    )
    stranger = baker.make("accounts.User", role="office", organization=other_office)
    client.force_login(stranger)
    assert client.get(url).status_code == 404


def _schools(office, count, prefix="Школа"):
    return baker.make(
        "organizations.Organization",
        kind=OrganizationKind.SCHOOL,
        parent=office,
        name=iter(f"{prefix} {i:04d}" for i in range(count)),
        _quantity=count,
    )


@pytest.mark.parametrize("count", [5, 500])
def test_ranking_costs_the_same_at_5_and_500_organizations(
    office_client, office, office_user, count, django_assert_num_queries
):
    _schools(office, count)
    scores.compute_scores(by=office_user, office=office, year=2022)
    # session, user, offices, count of scores, the page of scores (ranked by the database),
    # methodology names, level counts, the methodology of the year, the closed-year check,
    # and the year remembered in the session (savepoint, update, release), the bell
    with django_assert_num_queries(13):
        response = office_client.get(f"{RANKING}?year=2022")
    assert response.context["page"].paginator.count == count
    assert len(response.context["rows"]) == min(count, 200)  # 200 a page
    assert sum(response.context["level_counts"].values()) == count


def test_compute_reads_the_same_at_5_and_50_organizations(office, office_user):
    """Reads and deletes do not grow with the organizations; inserts are bulk, in batches of
    the database's parameter limit (SQLite: about 200 criterion rows a statement)."""
    counts = []
    for count in (5, 50):
        _schools(office, count, prefix=f"Школа {count}")
        scores.compute_scores(
            by=office_user, office=office, year=2022
        )  # so that each run replaces scores
        with CaptureQueriesContext(connection) as queries:
            scores.compute_scores(by=office_user, office=office, year=2022)
        counts.append(len([q for q in queries if not q["sql"].startswith("INSERT")]))
    assert counts[0] == counts[1]
