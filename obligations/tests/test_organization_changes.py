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
