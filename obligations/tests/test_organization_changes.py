"""Adding or deactivating an organization changes what it owes, at once."""

import pytest
from django.urls import reverse

from obligations.models import Obligation
from organizations.models import Organization, OrganizationKind
from organizations.services import ensure_organization


@pytest.mark.django_db
def test_organization_added_in_admin_gets_its_obligations(client, administrator, office, roadmap):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:organizations_organization_add"),
        {
            "name": "МБОУ «Школа, добавленная в админке»",
            "short_name": "Новая школа",
            "kind": OrganizationKind.SCHOOL,
            "parent": office.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    school = Organization.objects.get(short_name="Новая школа")
    assert Obligation.objects.filter(organization=school, is_archived=False).count() == 5


@pytest.mark.django_db
def test_deactivated_organization_obligations_are_archived_not_deleted(roadmap, office, school_a):
    before = Obligation.objects.filter(organization=school_a).count()
    ensure_organization(name=school_a.name, kind=school_a.kind, parent=office, is_active=False)
    obligations = Obligation.objects.filter(organization=school_a)
    assert obligations.count() == before
    assert set(obligations.values_list("is_archived", flat=True)) == {True}
    ensure_organization(name=school_a.name, kind=school_a.kind, parent=office, is_active=True)
    assert set(obligations.values_list("is_archived", flat=True)) == {False}


@pytest.mark.django_db
def test_school_added_by_staff_in_the_portal_gets_its_obligations(
    client, office_user, office, roadmap
):
    client.force_login(office_user)
    response = client.post(
        reverse("organizations:add"),
        {"name": "МБОУ «Школа из портала»", "kind": OrganizationKind.SCHOOL, "parent": office.pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    school = Organization.objects.get(name="МБОУ «Школа из портала»")
    assert Obligation.objects.filter(organization=school, is_archived=False).count() == 5


@pytest.mark.django_db
def test_school_closed_by_staff_has_open_obligations_archived(
    client, office_user, school_a, roadmap
):
    client.force_login(office_user)
    before = Obligation.objects.filter(organization=school_a).count()
    client.post(reverse("organizations:deactivate", args=[school_a.pk]), {"confirmed": "1"})
    obligations = Obligation.objects.filter(organization=school_a)
    assert obligations.count() == before
    assert set(obligations.values_list("is_archived", flat=True)) == {True}
    client.post(reverse("organizations:reactivate", args=[school_a.pk]))
    assert set(obligations.values_list("is_archived", flat=True)) == {False}


@pytest.mark.django_db
def test_school_moved_to_another_district_owes_what_that_district_issued(
    administrator, region, office, school_a, roadmap
):
    from organizations.services import update_organization

    other = Organization.objects.create(
        name="Другое управление", kind=OrganizationKind.DISTRICT_OFFICE, parent=region
    )
    update_organization(organization=school_a, by=administrator, parent=other)
    # The roadmap was issued by `office`: a school outside its subtree no longer owes it.
    owed = Obligation.objects.filter(organization=school_a)
    assert set(owed.values_list("is_archived", flat=True)) == {True}
