import pytest
from model_bakery import baker

from organizations.models import Organization, OrganizationKind


@pytest.mark.django_db
def test_subtree_of_office_contains_its_schools_only(region, office, school_a, school_b):
    other_office = baker.make(Organization, kind=OrganizationKind.DISTRICT_OFFICE, parent=region)
    other_school = baker.make(Organization, kind=OrganizationKind.SCHOOL, parent=other_office)
    assert set(Organization.objects.subtree_of(office)) == {office, school_a, school_b}
    assert set(Organization.objects.subtree_of(region)) == {
        region,
        office,
        school_a,
        school_b,
        other_office,
        other_school,
    }


@pytest.mark.django_db
def test_visible_to_each_role(
    region, office, school_a, school_b, head_a, office_user, administrator
):
    baker.make(
        Organization,
        kind=OrganizationKind.SCHOOL,
        parent=baker.make(Organization, parent=region, kind=OrganizationKind.DISTRICT_OFFICE),
    )
    assert list(Organization.objects.visible_to(head_a)) == [school_a]
    assert set(Organization.objects.visible_to(office_user)) == {office, school_a, school_b}
    assert Organization.objects.visible_to(administrator).count() == Organization.objects.count()


@pytest.mark.django_db
def test_educational_kinds(office, school_a):
    preschool = baker.make(Organization, kind=OrganizationKind.PRESCHOOL, parent=office)
    assert set(Organization.objects.educational()) == {school_a, preschool}


def test_lineage_of_each_depth_is_the_organization_and_its_ancestors(region, office, school_a):
    branch = baker.make(Organization, kind=OrganizationKind.SCHOOL, parent=school_a)
    lineage = Organization.objects.lineage_of
    assert set(lineage(region)) == {region}
    assert set(lineage(office)) == {office, region}
    assert set(lineage(branch)) == {branch, school_a, office, region}
    assert Organization.objects.depth_of(branch) == 4


def test_lineage_of_reads_up_the_parents_without_a_join(school_a):
    # A join down the tree from every organization read the whole country (0.2 s at 100 000
    # organizations) on every office page; up the parents it is a few index lookups.
    assert "JOIN" not in str(Organization.objects.lineage_of(school_a).query)
