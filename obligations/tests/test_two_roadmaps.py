"""Two programmes in force for one organization: every list labels its obligations with their
roadmap, and roadmap selectors show the full title with the years (also on a phone)."""

import datetime as dt

import pytest
from django.urls import reverse

from obligations import services
from obligations.models import EvidenceKind, Obligation
from roadmap.importers import ImportedActivity, ImportedDeadlineRow, ImportedRoadmap, ImportedStage
from roadmap.services import activate_roadmap, save_imported_roadmap

from .conftest import HEADS

FIRST = "Дорожная карта по наставничеству"
SECOND = "План мероприятий по функциональной грамотности"


def _programme(title, activity, years):
    row = ImportedDeadlineRow(deadline="До 01.12.2022", responsible=HEADS, source_row=0)
    return ImportedRoadmap(
        title=title,
        programme_title=title,
        first_year=years[0],
        last_year=years[1],
        stages=[
            ImportedStage(
                title="Основной этап",
                number="",
                activities=[
                    ImportedActivity(
                        number="1",
                        title=activity,
                        result_form="Приказ",
                        deadline_rows=[row],
                        source_row=0,
                    )
                ],
            )
        ],
    )


@pytest.fixture
def two_in_force(office, school_a, school_b, administrator):
    roadmaps = []
    for title, activity, years in (
        (FIRST, "Назначение кураторов наставничества", (2021, 2024)),
        (SECOND, "Формирование банка заданий", (2022, 2025)),
    ):
        imported = _programme(title, activity, years)
        draft = save_imported_roadmap(imported=imported, by=administrator, issuer=office)
        roadmaps.append(activate_roadmap(roadmap=draft, by=administrator))
    return roadmaps


@pytest.mark.django_db
def test_head_page_labels_each_obligation_with_its_roadmap(two_in_force, head_a_client):
    page = head_a_client.get(reverse("obligations:my_organization")).content.decode()
    # Both obligations are overdue: each is listed in «Что сделать сейчас» and in its group.
    assert page.count('data-testid="roadmap-label"') == 4
    assert f"{FIRST} (2021–2024)" in page and f"{SECOND} (2022–2025)" in page


@pytest.mark.django_db
def test_one_roadmap_in_force_needs_no_label(roadmap, head_a_client):
    page = head_a_client.get(reverse("obligations:my_organization")).content.decode()
    assert 'data-testid="roadmap-label"' not in page


@pytest.mark.django_db
def test_review_queue_and_organization_page_label_by_roadmap(
    two_in_force, school_a, head_a, office_client
):
    for obligation in Obligation.objects.filter(organization=school_a):
        services.add_evidence(
            obligation=obligation,
            by=head_a,
            kind=EvidenceKind.LINK,
            title="Приказ",
            url="https://school.example.org/prikaz",
            effective_date=dt.date(2022, 10, 1),
        )
        services.submit(obligation=obligation, by=head_a)
    for url in (
        reverse("obligations:review_queue"),
        reverse("obligations:organization", args=[school_a.pk]),
    ):
        page = office_client.get(url).content.decode()
        assert f"{FIRST} (2021–2024)" in page and f"{SECOND} (2022–2025)" in page, url


@pytest.mark.django_db
def test_roadmap_selectors_show_the_full_title_with_years(two_in_force, office_client):
    first, second = two_in_force
    for url in (
        reverse("obligations:summary"),
        reverse("obligations:matrix"),
        reverse("reports:dashboard"),
    ):
        page = office_client.get(url, {"roadmap": first.pk}).content.decode()
        assert f'<option value="{first.pk}" selected>{FIRST} (2021–2024)</option>' in page, url
        assert f'<option value="{second.pk}">{SECOND} (2022–2025)</option>' in page, url
