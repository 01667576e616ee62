"""A roadmap's first reporting year: yearly items before it are not owed. By default it is
the first calendar year after the approval (an order of 30.12.2020 owes nothing for 2020);
staff change it on the roadmap page, which re-syncs the obligations (archived, not deleted)."""

import datetime as dt

import pytest
from django.urls import reverse

from obligations.models import Obligation
from obligations.sync import sync_obligations
from reports import years
from roadmap.models import Programme, Roadmap, RoadmapChange
from roadmap.schedule import DuePeriod

pytestmark = pytest.mark.django_db


def yearly_years(roadmap, organization):
    rows = Obligation.objects.filter(
        organization=organization,
        is_archived=False,
        period_year__isnull=False,
        responsibility__activity__stage__roadmap=roadmap,
    )
    return sorted(set(rows.values_list("period_year", flat=True)))


@pytest.mark.parametrize(
    ("order_date", "expected"),
    [
        (dt.date(2020, 12, 30), 2021),
        (dt.date(2021, 1, 1), 2021),
        (dt.date(2021, 3, 15), 2022),
        (None, 2020),
    ],
)
def test_default_first_reporting_year(order_date, expected):
    roadmap = Roadmap(programme=Programme(first_year=2020, last_year=2024), order_date=order_date)
    assert roadmap.reporting_from == expected
    assert not roadmap.owes(DuePeriod(expected - 1, dt.date(expected - 1, 12, 31)))
    assert roadmap.owes(DuePeriod(expected, dt.date(expected, 12, 31)))
    assert roadmap.owes(DuePeriod(None, dt.date(2019, 1, 1)))  # one-off items are always owed


@pytest.fixture
def dated_roadmap(roadmap):
    """The test roadmap (programme 2022–2024) as if approved on 30.12.2021."""
    Roadmap.objects.filter(pk=roadmap.pk).update(order_date=dt.date(2021, 12, 30))
    Programme.objects.filter(pk=roadmap.programme_id).update(first_year=2021)
    roadmap.refresh_from_db()
    sync_obligations(roadmap=roadmap)
    return roadmap


def test_yearly_items_before_the_first_reporting_year_are_not_owed(dated_roadmap, school_a):
    assert yearly_years(dated_roadmap, school_a) == [2022, 2023, 2024]


def test_staff_change_it_and_obligations_follow(
    dated_roadmap, school_a, office_client, office_user
):
    url = reverse("reports:roadmap_first_year", args=[dated_roadmap.pk])
    response = office_client.post(url, {"first_reporting_year": "2023"}, follow=True)
    assert "Первый отчётный год: 2023." in response.content.decode()
    assert yearly_years(dated_roadmap, school_a) == [2023, 2024]
    archived = Obligation.objects.get(organization=school_a, period_year=2022)
    assert archived.is_archived  # kept, with whatever evidence it had
    assert RoadmapChange.objects.filter(roadmap=dated_roadmap, details="2022 → 2023").exists()
    office_client.post(url, {"first_reporting_year": "2021"})
    assert yearly_years(dated_roadmap, school_a) == [2021, 2022, 2023, 2024]
    office_client.post(url, {"first_reporting_year": ""})  # back to the default
    dated_roadmap.refresh_from_db()
    assert (dated_roadmap.first_reporting_year, dated_roadmap.reporting_from) == (None, 2022)


def test_the_roadmap_page_shows_it_with_the_form_for_staff(dated_roadmap, office_client):
    page = office_client.get(dated_roadmap.get_absolute_url()).content.decode()
    assert 'data-testid="first-reporting-year"' in page and "<strong>2022</strong>" in page
    assert 'data-testid="first-year-form"' in page


def test_bad_years_get_a_message(dated_roadmap, office_client):
    url = reverse("reports:roadmap_first_year", args=[dated_roadmap.pk])
    response = office_client.post(url, {"first_reporting_year": "2030"}, follow=True)
    assert (
        "Первый отчётный год должен быть в пределах программы: 2021–2024."
        in response.content.decode()
    )
    response = office_client.post(url, {"first_reporting_year": "двадцать"}, follow=True)
    assert "Укажите год четырьмя цифрами" in response.content.decode()


def test_heads_cannot_change_it(dated_roadmap, head_a, head_a_client):
    url = reverse("reports:roadmap_first_year", args=[dated_roadmap.pk])
    assert head_a_client.post(url, {"first_reporting_year": "2023"}).status_code == 403
    with pytest.raises(years.YearError):
        years.set_first_reporting_year(roadmap=dated_roadmap, year=2023, by=head_a)
