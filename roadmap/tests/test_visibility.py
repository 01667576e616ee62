"""Roadmaps belong to the body that issued them: staff of another district do not see them
(404), regional staff see their districts' roadmaps, a district sees its region's."""

import pytest
from django.urls import reverse
from model_bakery import baker

from accounts.models import Role
from organizations.models import Organization, OrganizationKind
from roadmap.models import Activity, Responsibility, ResponsibleParty, Roadmap


@pytest.fixture
def other_district_staff(region):
    other_office = baker.make(Organization, kind=OrganizationKind.DISTRICT_OFFICE, parent=region)
    return baker.make("accounts.User", role=Role.OFFICE, organization=other_office)


@pytest.fixture
def regional_staff(region):
    return baker.make("accounts.User", role=Role.OFFICE, organization=region)


@pytest.mark.django_db
def test_other_district_gets_404(client, seed_roadmap, other_district_staff):
    client.force_login(other_district_staff)
    activity = Activity.objects.filter(stage__roadmap=seed_roadmap).first()
    assert client.get(reverse("roadmap:detail", args=[seed_roadmap.pk])).status_code == 404
    assert client.get(reverse("roadmap:activity", args=[activity.pk])).status_code == 404
    assert client.get(reverse("roadmap:export", args=[seed_roadmap.pk])).status_code == 404
    assert list(client.get(reverse("roadmap:list")).context["roadmaps"]) == []


@pytest.mark.django_db
def test_region_sees_district_roadmap_and_district_sees_region_roadmap(
    client, seed_roadmap, regional_staff, office_user, region
):
    assert list(Roadmap.objects.visible_to(regional_staff)) == [seed_roadmap]
    regional = baker.make(
        Roadmap, issuer=region, programme=seed_roadmap.programme, title="Региональная"
    )
    assert set(Roadmap.objects.visible_to(office_user)) == {seed_roadmap, regional}


@pytest.mark.django_db
def test_lineage_of_school(region, office, school_a):
    assert set(Organization.objects.lineage_of(school_a)) == {school_a, office, region}


@pytest.mark.django_db
def test_editable_by_is_the_users_own_part_of_the_tree(
    seed_roadmap, office_user, regional_staff, other_district_staff, administrator, head_a, region
):
    """Correcting is narrower than reading: a district corrects only its own office's
    roadmaps, the region corrects its own and its districts', administrators all."""
    regional = baker.make(Roadmap, issuer=region, programme=seed_roadmap.programme, title="Р")
    without_issuer = baker.make(Roadmap, issuer=None, programme=seed_roadmap.programme, title="Б")
    assert set(Roadmap.objects.visible_to(office_user)) == {seed_roadmap, regional, without_issuer}
    assert list(Roadmap.objects.editable_by(office_user)) == [seed_roadmap]
    assert set(Roadmap.objects.editable_by(regional_staff)) == {seed_roadmap, regional}
    assert list(Roadmap.objects.editable_by(other_district_staff)) == []
    assert list(Roadmap.objects.editable_by(head_a)) == []
    assert set(Roadmap.objects.editable_by(administrator)) == {
        seed_roadmap,
        regional,
        without_issuer,
    }
    rows = Responsibility.objects.filter(activity__stage__roadmap=seed_roadmap)
    assert set(Responsibility.objects.editable_by(office_user)) == set(rows)
    assert set(ResponsibleParty.objects.editable_by(office_user)) == set(
        ResponsibleParty.objects.filter(responsibility__in=rows)
    )
    assert not Responsibility.objects.editable_by(other_district_staff).exists()
