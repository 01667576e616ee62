import pytest
from django.urls import reverse
from model_bakery import baker

from organizations.models import Organization, OrganizationKind


@pytest.mark.django_db
def test_office_sees_organizations_of_its_subtree(office_client, office, school_a, region):
    stranger = baker.make(
        Organization, name="Чужая школа", kind=OrganizationKind.SCHOOL, parent=region
    )
    response = office_client.get(reverse("organizations:list"))
    names = [o.name for o in response.context["page"]]
    assert school_a.name in names
    assert stranger.name not in names
    assert office_client.get(reverse("organizations:detail", args=[stranger.pk])).status_code == 404


@pytest.mark.django_db
def test_organization_list_filters(office_client, office, school_a, school_b):
    response = office_client.get(reverse("organizations:list"), {"q": "Школа Б"})
    assert [o.name for o in response.context["page"]] == [school_b.name]


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_organization_list_query_count_fixed(
    office_client, office, count, django_assert_num_queries
):
    baker.make(Organization, kind=OrganizationKind.SCHOOL, parent=office, _quantity=count)
    # session, user, count, page of organizations with parents, the bell
    with django_assert_num_queries(5):
        office_client.get(reverse("organizations:list"))
