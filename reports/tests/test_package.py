"""The local-act package: which required acts each organization has for a year, the share of
complete packages, the page for staff and for a head, and choosing the required package."""

import datetime as dt
import itertools

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from model_bakery import baker

from obligations.models import EvidenceFile, EvidenceKind, ObligationStatus
from obligations.reference_data import DEFAULT_SCHOOL_PACKAGE
from organizations.models import Organization, OrganizationKind
from reports import act_requirements, package
from reports.models import RequiredActType
from roadmap.models import Responsibility

pytestmark = pytest.mark.django_db


PERIODS = itertools.count(1000)


@pytest.fixture(autouse=True)
def responsibility(db):
    """Every act hangs on an obligation of one responsibility (a year of its own each)."""
    programme = baker.make("roadmap.Programme", first_year=2021, last_year=2024)
    return baker.make("roadmap.Responsibility", activity__stage__roadmap__programme=programme)


def act(
    organization, code, *, date=dt.date(2022, 9, 1), status=ObligationStatus.ACCEPTED, number="1-о"
):
    obligation = baker.make(
        "obligations.Obligation",
        responsibility=Responsibility.objects.get(),
        organization=organization,
        status=status,
        period_year=next(PERIODS),
        submitted_at=dt.datetime(2022, 9, 2, tzinfo=dt.UTC),
    )
    return baker.make(
        "obligations.Evidence",
        obligation=obligation,
        kind=EvidenceKind.LOCAL_ACT,
        act_type_id=code,
        act_number=number,
        act_date=date,
        effective_date=date,
        title=f"Акт {code}",
    )


def full_package(organization, **options):
    return [act(organization, code, **options) for code in DEFAULT_SCHOOL_PACKAGE]


def rows(year, *organizations):
    queryset = Organization.objects.filter(pk__in=[o.pk for o in organizations]).order_by("name")
    return list(package.package_rows(queryset, year))


def test_complete_and_missing_acts(school_a, school_b):
    full_package(school_a)
    act(school_b, "regulation")
    row_a, row_b = rows(2023, school_a, school_b)
    assert row_a.is_complete and row_a.missing == []
    assert not row_b.is_complete
    assert [act_type.code for act_type in row_b.missing] == [
        c for c in DEFAULT_SCHOOL_PACKAGE if c != "regulation"
    ]
    cell = next(cell for cell in row_b.cells if cell.act_type.code == "regulation")
    assert (cell.evidence.act_number, cell.evidence.act_date) == ("1-о", dt.date(2022, 9, 1))
    assert package.package_share(Organization.objects.all(), 2023) == (1, 2)


def test_only_accepted_acts_in_effect_by_the_year_count(school_a):
    full_package(school_a, date=dt.date(2024, 2, 1))
    assert not rows(2023, school_a)[0].is_complete  # adopted after 2023: the 2023 figure stays
    assert rows(2024, school_a)[0].is_complete
    act(school_a, "regulation", status=ObligationStatus.SUBMITTED, date=dt.date(2023, 1, 1))
    assert "regulation" in [t.code for t in rows(2023, school_a)[0].missing]


def test_the_latest_act_of_a_type_is_shown_with_its_file(school_a):
    act(school_a, "regulation", date=dt.date(2021, 3, 1), number="old")
    newer = act(school_a, "regulation", date=dt.date(2022, 3, 1), number="new")
    stored = EvidenceFile(
        evidence=newer,
        original_name="p.pdf",
        content_type="application/pdf",
        size=3,
        sha256="0" * 64,
    )
    stored.file.save("p.pdf", ContentFile(b"pdf"), save=False)
    stored.save()
    cell = next(
        cell for cell in rows(2023, school_a)[0].cells if cell.act_type.code == "regulation"
    )
    assert (cell.evidence.act_number, cell.file) == ("new", stored)


def test_a_kind_without_a_package_is_not_counted(office, school_a):
    RequiredActType.objects.filter(organization_kind=OrganizationKind.PRESCHOOL).delete()
    baker.make("organizations.Organization", kind=OrganizationKind.PRESCHOOL, parent=office)
    full_package(school_a)
    assert package.package_share(Organization.objects.educational(), 2023) == (1, 1)


def test_staff_page_shows_the_table_and_the_share(office_client, school_a, school_b):
    full_package(school_a)
    page = office_client.get(reverse("reports:package", args=[2023]))
    assert (page.context["complete"], page.context["counted"], page.context["share"]) == (1, 2, 50)
    html = page.content.decode()
    assert "Полный пакет: 1 из 2 организаций (50 %)" in html
    assert [row.organization for row in page.context["rows"]] == [school_a, school_b]


def test_head_sees_own_row_with_what_is_missing(head_a_client, school_a, school_b):
    act(school_a, "regulation")
    full_package(school_b)
    page = head_a_client.get(reverse("reports:package", args=[2023]))
    assert [row.organization for row in page.context["rows"]] == [school_a]
    html = page.content.decode()
    assert "Не хватает 7 актов:" in html and "Полный пакет:" not in html


@pytest.mark.parametrize("count", [5, 500])
def test_the_package_page_costs_the_same_queries_at_any_size(
    count, office_client, office, django_assert_num_queries
):
    baker.make(
        "organizations.Organization", kind=OrganizationKind.SCHOOL, parent=office, _quantity=count
    )
    for school in Organization.objects.filter(kind=OrganizationKind.SCHOOL).order_by("name", "pk")[
        :3
    ]:
        full_package(school)
    # session, user, required types, share, page count, page, acts, their files, the bell.
    with django_assert_num_queries(10):
        assert office_client.get(reverse("reports:package", args=[2023])).status_code == 200


def test_staff_choose_the_required_package_from_a_year(office_client, office_user):
    url = reverse("reports:package_settings_save")
    response = office_client.post(
        url,
        {"organization_kind": "preschool", "from_year": 2024, "codes": ["regulation", "programme"]},
    )
    assert response.status_code == 302
    assert sorted(t.code for t in package.required_types(2024)["preschool"]) == [
        "programme",
        "regulation",
    ]
    assert len(package.required_types(2023)["preschool"]) == len(
        DEFAULT_SCHOOL_PACKAGE
    )  # the past stays
    assert len(package.required_types(2024)["school"]) == len(DEFAULT_SCHOOL_PACKAGE)


def test_choosing_again_the_same_year_replaces_it(office_user):
    act_requirements.set_required_act_types(
        organization_kind="school", codes=["regulation"], from_year=2025, by=office_user
    )
    act_requirements.set_required_act_types(
        organization_kind="school", codes=["programme"], from_year=2025, by=office_user
    )
    assert [t.code for t in package.required_types(2025)["school"]] == ["programme"]


def test_heads_cannot_choose_the_package(head_a_client, head_a):
    assert head_a_client.get(reverse("reports:package_settings")).status_code == 403
    response = head_a_client.post(
        reverse("reports:package_settings_save"), {"organization_kind": "school", "from_year": 2024}
    )
    assert response.status_code == 403
    with pytest.raises(act_requirements.RequirementError):
        act_requirements.set_required_act_types(
            organization_kind="school", codes=[], from_year=2024, by=head_a
        )


def test_unknown_act_type_and_bad_year_get_a_message(office_client):
    url = reverse("reports:package_settings_save")
    response = office_client.post(
        url, {"organization_kind": "school", "from_year": "x"}, follow=True
    )
    assert "Выберите тип организации и год" in response.content.decode()
    response = office_client.post(
        url, {"organization_kind": "school", "from_year": 2024, "codes": ["nope"]}, follow=True
    )
    assert "Неизвестные виды локальных актов: nope." in response.content.decode()
    assert office_client.get(reverse("reports:package_settings")).status_code == 200
