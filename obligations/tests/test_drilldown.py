"""Office pages drilled down the tree (organizations/scope.py, obligations/figures.py): a
regional user starts at the region with one row per district, opens a district (one row per
school), then a school; another district's staff get 404 for a node outside their subtree;
figures come from the rollup at a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from model_bakery import baker

from accounts.models import Role
from obligations import services
from obligations.models import Obligation, ObligationStatus
from obligations.sync import sync_obligations
from organizations.models import OrganizationKind

from .conftest import make_schools
from .test_services import add_local_act

PAGES = ("obligations:summary", "obligations:matrix", "obligations:review_queue")


@pytest.fixture
def other_office(region):
    return baker.make(
        "organizations.Organization",
        name="Управление образования другого района",
        kind=OrganizationKind.DISTRICT_OFFICE,
        parent=region,
    )


@pytest.fixture
def region_user(region):
    return baker.make("accounts.User", username="region", role=Role.OFFICE, organization=region)


@pytest.fixture
def other_office_user(other_office):
    return baker.make(
        "accounts.User", username="other", role=Role.OFFICE, organization=other_office
    )


def current(**filters):
    return Obligation.objects.filter(is_archived=False, **filters)


def open_page(client, user, name, **params):
    client.force_login(user)
    return client.get(reverse(name), params)


@pytest.mark.django_db
def test_region_starts_with_one_row_per_district(
    client, region_user, region, office, other_office, roadmap
):
    response = open_page(client, region_user, "obligations:summary")
    assert response.status_code == 200
    assert response.context["scope"].node == region
    rows = {o.pk: (o.has_children, f.total) for o, f in response.context["children_rows"]}
    assert rows == {
        office.pk: (
            True,
            current(organization__parent=office).count() + current(organization=office).count(),
        ),
        other_office.pk: (False, 0),
    }
    html = response.content.decode()
    assert f"?node={office.pk}" in html


@pytest.mark.django_db
def test_district_then_school_with_the_path(
    client, region_user, region, office, school_a, school_b, one_off_a, head_a
):
    add_local_act(one_off_a, head_a)
    services.submit(obligation=one_off_a, by=head_a)
    district = open_page(client, region_user, "obligations:summary", node=office.pk)
    assert [o.name for o in district.context["scope"].path] == [region.name, office.name]
    per_school = {o.pk: (f.total, f.submitted) for o, f in district.context["children_rows"]}
    assert per_school == {
        school_a.pk: (current(organization=school_a).count(), 1),
        school_b.pk: (current(organization=school_b).count(), 0),
    }
    assert district.context["own_figures"].total == current(organization=office).count()
    # The district's roadmap is offered at the district, its activities counted there.
    first = district.context["rows"][0]
    assert (first.activity.number, first.total, first.submitted) == ("1", 2, 1)

    school = open_page(client, region_user, "obligations:summary", node=school_a.pk)
    assert [o.name for o in school.context["scope"].path] == [
        region.name,
        office.name,
        school_a.name,
    ]
    assert school.context["children_rows"] == []
    assert school.context["rows"][0].total == 1


@pytest.mark.django_db
def test_review_queue_of_a_subtree_counts_from_the_rollup(
    client, region_user, office, school_a, school_b, one_off_a, one_off_b, head_a, head_b
):
    for obligation, head in ((one_off_a, head_a), (one_off_b, head_b)):
        add_local_act(obligation, head)
        services.submit(obligation=obligation, by=head)
    region_queue = open_page(client, region_user, "obligations:review_queue")
    assert region_queue.context["page"].paginator.count == 2
    school_queue = open_page(client, region_user, "obligations:review_queue", node=school_a.pk)
    assert [o.pk for o in school_queue.context["page"]] == [one_off_a.pk]
    assert school_queue.context["page"].paginator.count == 1
    named = open_page(
        client, region_user, "obligations:review_queue", node=office.pk, organization="Школа Б"
    )
    assert [o.pk for o in named.context["page"]] == [one_off_b.pk]


@pytest.mark.django_db
def test_matrix_shows_districts_as_counts_and_schools_as_cells(
    client, region_user, region, office, school_a, one_off_a, head_a, office_user
):
    add_local_act(one_off_a, head_a)
    services.submit(obligation=one_off_a, by=head_a)
    services.accept(obligation=one_off_a, by=office_user)
    activity = one_off_a.responsibility.activity
    at_region = open_page(client, region_user, "obligations:matrix", activity=activity.pk)
    [district] = at_region.context["table"]
    assert (district.organization, district.aggregated) == (office, True)
    [cell] = district.cells
    assert (cell.accepted, cell.total) == (1, 2)

    at_district = open_page(
        client, region_user, "obligations:matrix", activity=activity.pk, node=office.pk
    )
    rows = at_district.context["table"]
    assert [r.aggregated for r in rows] == [False, False]
    assert rows[0].cells[0][0]["obligation"] == one_off_a
    assert rows[0].cells[0][0]["css"] == ObligationStatus.ACCEPTED


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_another_district_gets_404_for_nodes_outside_its_subtree(
    client, other_office_user, office, school_a, roadmap, name
):
    for node in (office.pk, school_a.pk):
        assert open_page(client, other_office_user, name, node=node).status_code == 404
    assert open_page(client, other_office_user, name).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_a_head_gets_403_and_junk_nodes_are_ignored(
    client, head_a, office_user, school_a, roadmap, name
):
    assert open_page(client, head_a, name, node=school_a.pk).status_code == 403
    response = open_page(client, office_user, name, node="x" * 30)
    assert response.status_code == 200
    assert response.context["scope"].is_top


def query_counts(client, urls):
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200, url
        counts.append(len(captured))
    return counts


@pytest.mark.django_db
def test_drilldown_pages_cost_the_same_queries_with_5_or_500_schools(
    client, region_user, region, office, roadmap
):
    activity = roadmap.stages.get().activities.get(number="2")

    def urls(node):
        query = f"node={node.pk}&" if node else ""
        return [
            reverse("obligations:summary") + f"?{query}",
            reverse("obligations:matrix") + f"?{query}activity={activity.pk}",
            reverse("obligations:matrix") + f"?{query}year=2022",
            reverse("obligations:review_queue") + f"?{query}",
        ]

    make_schools(office, 3)
    sync_obligations()
    client.force_login(region_user)
    few = query_counts(client, urls(None) + urls(office))
    make_schools(office, 495, prefix="Гимназия")
    sync_obligations()
    assert query_counts(client, urls(None) + urls(office)) == few
    # At the region: summary: session, user, roadmaps (none issued above the region, so
    # a second query for those within it), figures by activity, activities, districts
    # (count, page, figures), the region's own figures; matrix by activity: session, user,
    # roadmaps (2), activities, deadline rows, rows (count, page), counts per district (the
    # schools' cells need no query there); by year: the same without deadline rows; queue:
    # session, user, count from the rollup (0: no page query), districts (count, page,
    # figures). At the district: + the node (with its ancestors: the path), one query for
    # the roadmaps (the district issued one), the schools' cells instead of counts per
    # district.
    # The matrix pages carry filters: + 3 to remember them in the session (savepoint,
    # update, release; mentorship_portal/lists.py); every page + the bell's unread count.
    assert few == [11, 13, 12, 7, 11, 13, 12, 8]


@pytest.mark.django_db
def test_chase_from_a_school_reminds_only_that_school(
    client, office_user, head_a, head_b, school_a, one_off_a, django_capture_on_commit_callbacks
):
    from django.core import mail

    client.force_login(office_user)
    activity = one_off_a.responsibility.activity
    url = reverse("obligations:chase_activity", args=[activity.pk]) + f"?node={school_a.pk}"
    assert client.get(url).context["overdue_organizations"] == 1  # the confirmation
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)  # the confirmation form posts to its own URL
    assert response.status_code == 302
    assert sorted(address for message in mail.outbox for address in message.to) == [head_a.email]


@pytest.mark.django_db
def test_organization_page_shows_its_path_down_from_the_region(
    client, region_user, region, office, school_a, roadmap
):
    client.force_login(region_user)
    response = client.get(reverse("obligations:organization", args=[school_a.pk]))
    assert [o.pk for o in response.context["scope"].path] == [region.pk, office.pk, school_a.pk]
    assert f"{reverse('obligations:summary')}?node={office.pk}" in response.content.decode()
