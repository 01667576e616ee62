"""The predicates for managing organizations and people, for each kind of user."""

import pytest
from model_bakery import baker

from accounts.models import Role
from accounts.policy import (
    grantable_roles,
    may_assign_organization,
    may_grant_role,
    may_manage_organization,
    may_manage_user,
    may_place_under,
)
from organizations.models import Organization, OrganizationKind


@pytest.fixture
def other_office(region):
    return baker.make(
        Organization, name="Другое управление", kind=OrganizationKind.DISTRICT_OFFICE, parent=region
    )


@pytest.fixture
def region_user(region):
    return baker.make("accounts.User", username="region", role=Role.OFFICE, organization=region)


@pytest.mark.django_db
def test_who_manages_which_organization(
    office_user, region_user, administrator, head_a, region, office, school_a, other_office
):
    assert may_manage_organization(office_user, school_a)
    assert not may_manage_organization(office_user, office)  # their own office: from above
    assert not may_manage_organization(office_user, other_office)
    assert may_manage_organization(region_user, office)
    assert may_manage_organization(administrator, region)
    assert not may_manage_organization(head_a, school_a)


@pytest.mark.django_db
def test_where_an_organization_may_be_put(
    office_user, region_user, administrator, head_a, office, school_a, other_office
):
    assert may_place_under(office_user, office) and may_place_under(office_user, school_a)
    assert not may_place_under(office_user, other_office)
    assert not may_place_under(office_user, None)
    assert may_place_under(region_user, other_office)
    assert may_place_under(administrator, None)
    assert not may_place_under(head_a, school_a)


@pytest.mark.django_db
def test_who_manages_which_person(office_user, administrator, head_a, head_b, other_office):
    stranger = baker.make("accounts.User", role=Role.SCHOOL_HEAD, organization=other_office)
    assert may_manage_user(office_user, head_a)
    assert not may_manage_user(office_user, stranger)
    assert not may_manage_user(office_user, administrator)
    assert not may_manage_user(office_user, office_user)
    assert may_manage_user(administrator, office_user)
    assert not may_manage_user(head_a, head_b)


@pytest.mark.django_db
def test_which_roles_may_be_granted(office_user, administrator, head_a, school_a, other_office):
    assert grantable_roles(office_user) == [Role.OFFICE, Role.SCHOOL_HEAD]
    assert grantable_roles(administrator) == [Role.ADMIN, Role.OFFICE, Role.SCHOOL_HEAD]
    assert grantable_roles(head_a) == []
    assert not may_grant_role(office_user, head_a, Role.ADMIN)
    assert may_grant_role(administrator, head_a, Role.ADMIN)
    assert may_assign_organization(office_user, school_a)
    assert not may_assign_organization(office_user, other_office)
    school_a.is_active = False
    assert not may_assign_organization(office_user, school_a)
