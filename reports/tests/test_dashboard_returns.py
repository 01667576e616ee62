"""The dashboard counts as reporting only the organizations that owe a return under the
indicators' "who reports" kinds — never the office itself or ТОИПКРО, which owe roadmap
items — and each of its return figures opens the list behind it with the same count."""

import pytest
from django.urls import reverse
from django.utils import timezone
from model_bakery import baker

from organizations.models import OrganizationKind
from reports.models import Indicator, Reporter, ReturnStatus
from reports.tests.counting import made_return, tallied

pytestmark = pytest.mark.django_db


@pytest.fixture
def institute(story, region):
    """ТОИПКРО: outside the district's tree, named in the roadmap (it owes items), no return."""
    return tallied(
        baker.make(
            "organizations.Organization",
            name="ТОИПКРО",
            kind=OrganizationKind.INSTITUTE,
            parent=region,
        )
    )


@pytest.fixture
def preschool(office):
    return tallied(
        baker.make(
            "organizations.Organization",
            name="Детский сад «Солнышко»",
            kind=OrganizationKind.PRESCHOOL,
            parent=office,
        )
    )


def board(client):
    response = client.get(reverse("reports:dashboard"), {"year": 2022})
    assert response.status_code == 200
    return response.context["board"].schools, response.content.decode()


def listed(client, status=None):
    params = {"who": "schools", **({"status": status} if status else {})}
    page = client.get(reverse("reports:returns", args=[2022]), params).context["page"]
    return {organization.name for organization in page}


def test_only_organizations_owing_a_return_are_counted(
    office_client, story, institute, preschool, school_a, school_b, office
):
    made_return(
        organization=school_a,
        year=2022,
        status=ReturnStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
    schools, html = board(office_client)
    assert (schools.owing, schools.submitted, schools.missing) == (3, 1, 2)
    assert listed(office_client) == {school_a.name, school_b.name, preschool.name}
    assert office.name not in listed(office_client) and institute.name not in listed(office_client)
    assert listed(office_client, "missing") == {school_b.name, preschool.name}
    assert listed(office_client, "submitted") == {school_a.name}
    url = reverse("reports:returns", args=[2022])
    assert f'href="{url}?who=schools&amp;status=missing"' in html
    assert f'href="{url}?who=schools"' in html

    # Indicators meant only for schools: the kindergarten no longer owes a return.
    Indicator.objects.filter(reporter=Reporter.ORGANIZATION).update(organization_kinds=["school"])
    schools, _html = board(office_client)
    assert (schools.owing, schools.missing) == (2, 1)
    assert listed(office_client) == {school_a.name, school_b.name}


def test_the_report_names_only_owing_organizations_as_not_reported(
    office_client, story, institute, preschool, school_a, school_b, office
):
    Indicator.objects.filter(reporter=Reporter.ORGANIZATION).update(organization_kinds=["school"])
    context = office_client.get(reverse("reports:annual"), {"year": 2022}).context
    assert {o.name for o in context["not_reported"]} == {school_a.name, school_b.name}
