"""The dashboard and the annual report on a subtree (`?node=`, organizations/scope.py): who may
open which node, the breadcrumbs, one row per organization one level down with the figures of
its subtree (against counts made here from the obligations themselves), the figures and their
lists of the node's subtree, and the old `?organization=` links.

The story (reports/tests/conftest.py) is district A's (`office`) roadmap for 2022: school A's
one-off accepted on time and its yearly item submitted; school B's one-off accepted late and
its yearly item returned; the office's own yearly item untouched. District B (`other_office`)
owes nothing under it."""

import datetime as dt
import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone
from model_bakery import baker

from accounts.models import Role
from obligations import recount
from obligations.models import Obligation
from organizations.models import OrganizationKind
from reports import years
from reports.tests.counting import tallied
from reports.views import annual as annual_views

from .conftest import expected, set_state

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("reports:dashboard")
ANNUAL = reverse("reports:annual")
LIST = reverse("reports:obligations")


@pytest.fixture
def story(story):
    recount.rebuild()  # statuses set past the services (conftest.set_state): recounted
    return story


@pytest.fixture
def region_user(region):
    return baker.make("accounts.User", username="region", role=Role.OFFICE, organization=region)


@pytest.fixture
def region_client(client, region_user):
    client.force_login(region_user)
    return client


@pytest.fixture
def school_c(other_office):
    """A school of district B."""
    return tallied(
        baker.make(
            "organizations.Organization",
            name="МБОУ «Школа В»",
            kind=OrganizationKind.SCHOOL,
            parent=other_office,
        )
    )


def rows_of(response):
    """{organization: (owed, accepted, completeness, timeliness, overdue, own)} of the page's
    «По подразделениям» rows, in order."""
    return [
        (
            row.organization.name,
            (row.owed, row.accepted, row.completeness, row.timeliness, row.overdue, row.own),
        )
        for row in response.context["branch_rows"]
    ]


def path_of(response):
    """The breadcrumbs of the drill-down, as names (the report calls its scope `place`)."""
    scope = response.context.get("place") or response.context["scope"]
    return [str(step) for step in scope.path]


def list_links(html):
    """The query strings of every link to the list behind a figure."""
    return [unescape(href) for href in re.findall(rf'href="{LIST}\?([^"]*)"', html)]


def counted(organizations, year=2022):
    """(owed, accepted, completeness, timeliness, overdue) of the obligations of
    `organizations` for `year`, counted in Python (conftest.expected)."""
    rows = list(Obligation.objects.for_year(year).filter(organization__in=organizations))
    want = expected(rows, timezone.localdate())
    accepted = sum(1 for o in rows if o.status == "accepted")
    return (want["owed"], accepted, want["completeness"], want["timeliness"], want["overdue"])


# --- The dashboard ---------------------------------------------------------------------------


def test_region_has_a_row_per_district_with_its_subtrees_figures(
    region_client, story, region, office, other_office, school_a, school_b
):
    response = region_client.get(DASHBOARD, {"year": 2022, "roadmap": story.pk})
    assert response.status_code == 200
    assert path_of(response) == [region.name]
    owed, accepted, completeness, _timeliness, overdue = counted([office, school_a, school_b])
    assert (owed, accepted, completeness, overdue) == (5, 2, Decimal("40.0"), 2)  # by hand
    assert rows_of(response) == [
        # by name: "Управление образования" (short name), then the neighbouring district
        (office.name, (owed, accepted, completeness, None, overdue, False)),
        (other_office.name, (0, 0, None, None, 0, False)),
    ]
    html = response.content.decode()
    assert f'href="?year=2022&amp;roadmap={story.pk}&amp;node={office.pk}"' in html
    # The region's own figures are those of its whole subtree.
    assert response.context["board"].current.owed == 5


def test_district_has_its_own_row_then_a_row_per_school(
    region_client, story, region, office, school_a, school_b
):
    response = region_client.get(DASHBOARD, {"year": 2022, "node": office.pk})
    assert path_of(response) == [region.name, office.short_name]
    want = {o.name: counted([o]) for o in (office, school_a, school_b)}
    assert want[school_b.name] == (2, 1, Decimal("50.0"), Decimal("0.0"), 1)  # by hand
    assert rows_of(response) == [
        (name, (owed, accepted, completeness, None, overdue, name == office.name))
        for name, (owed, accepted, completeness, _t, overdue) in want.items()
    ]
    html = response.content.decode()
    # The breadcrumbs go back up to the region; a school's row opens the school's dashboard.
    assert f'<a href="{DASHBOARD}?year=2022&amp;node={region.pk}">{region}</a>' in html
    assert f'href="?year=2022&amp;node={school_a.pk}"' in html


def test_school_node_shows_the_schools_figures_only(region_client, story, office, school_a):
    response = region_client.get(DASHBOARD, {"year": 2022, "node": school_a.pk})
    board = response.context["board"]
    owed, _accepted, completeness, timeliness, overdue = counted([school_a])
    assert (board.current.owed, board.current.completeness, board.current.timeliness) == (
        owed,
        completeness,
        timeliness,
    )
    assert [o.organization for o in board.awaiting_review] == [school_a]
    assert [organization for organization, _row in board.behind] == [school_a]
    assert path_of(response)[-2:] == [office.short_name, school_a.name]
    assert 'data-testid="branches"' not in response.content.decode()


def test_a_closed_years_rows_keep_the_statuses_at_its_close(
    region_client, story, office, office_user, school_b
):
    """After the close, school B's returned item is accepted: the year's figures do not move
    (reports/year_models.py), and neither do its rows, which then no longer read the rollup
    (current statuses) but the year's obligations as the year stands."""
    years.close_year(office=office, year=2022, by=office_user)
    returned = Obligation.objects.get(
        organization=school_b, period_year=2022, responsibility__activity__number="2"
    )
    set_state(returned, "accepted", reviewed_on=dt.date(2023, 2, 1))
    recount.rebuild()
    response = region_client.get(DASHBOARD, {"year": 2022})
    board = response.context["board"]
    assert (board.current.owed, board.current.accepted) == (5, 2)
    assert rows_of(response)[0][1][:3] == (5, 2, Decimal("40.0"))
    district = region_client.get(DASHBOARD, {"year": 2022, "node": office.pk})
    assert [row[1][:2] for row in rows_of(district)] == [(1, 0), (2, 1), (2, 1)]


def test_every_figure_link_keeps_the_node(region_client, story, school_a, school_b):
    response = region_client.get(DASHBOARD, {"year": 2022, "node": school_b.pk})
    html = response.content.decode()
    node = f"node={school_b.pk}"
    links = list_links(html)
    assert len(links) > 10  # the key figures, the stages, the lists' «все», the furthest behind
    assert all(node in link.split("&") for link in links), links
    assert f"{reverse('obligations:review_queue')}?year=2022&amp;{node}" in html
    assert f"{reverse('reports:annual')}?year=2022&amp;{node}" in html
    assert f"?who=schools&amp;{node}" in html
    # The list behind a figure is the same subtree.
    listed = region_client.get(
        LIST, {"roadmap": story.pk, "year": 2022, "state": "owed", "node": school_b.pk}
    )
    assert {o.organization_id for o in listed.context["page"]} == {school_b.pk}
    assert listed.context["page"].paginator.count == 2
    overdue = region_client.get(LIST, {"year": 2022, "state": "overdue", "node": school_b.pk})
    assert [o.organization_id for o in overdue.context["page"]] == [school_b.pk]


def test_returns_list_follows_the_node(region_client, story, school_a, school_b):
    response = region_client.get(
        reverse("reports:returns", args=[2022]), {"who": "schools", "node": school_a.pk}
    )
    assert [o.pk for o in response.context["page"]] == [school_a.pk]


@pytest.mark.parametrize("page", [DASHBOARD, ANNUAL, LIST])
def test_district_staff_get_404_for_another_district_and_the_region(
    office_client, story, page, other_office, school_c, region, school_a
):
    for node in (other_office, school_c, region):
        assert office_client.get(page, {"year": 2022, "node": node.pk}).status_code == 404
    assert office_client.get(page, {"year": 2022, "node": school_a.pk}).status_code == 200


@pytest.mark.parametrize("page", [DASHBOARD, ANNUAL, LIST])
def test_school_heads_may_not_open_them(head_a_client, story, page, school_a):
    assert head_a_client.get(page, {"node": school_a.pk}).status_code == 403


@pytest.mark.parametrize("page", [DASHBOARD, ANNUAL])
@pytest.mark.parametrize(
    ("node", "status"),
    [("abc", 200), ("²", 200), ("1" * 40, 200), ("-1", 200), ("9223372036854775807", 404)],
)
def test_a_bad_node_is_the_top_or_404_never_500(office_client, story, page, node, status):
    response = office_client.get(page, {"node": node})
    assert response.status_code == status
    if status == 200:
        scope = response.context["scope" if page == DASHBOARD else "place"]
        assert scope.is_top


def test_administrator_starts_at_every_root(
    administrator_client, story, region, office, other_office
):
    other_region = baker.make(
        "organizations.Organization", name="Другой регион", kind=OrganizationKind.REGIONAL_MINISTRY
    )
    response = administrator_client.get(DASHBOARD, {"year": 2022})
    assert response.context["scope"].node is None
    assert [name for name, _row in rows_of(response)] == [region.name, other_region.name]
    assert rows_of(response)[0][1][:2] == (5, 2)
    annual = administrator_client.get(ANNUAL, {"year": 2022})
    assert [name for name, _row in rows_of(annual)] == [region.name, other_region.name]
    assert annual.context["scope"].root is None


# --- The annual report -----------------------------------------------------------------------


def test_report_rows_carry_completeness_and_timeliness(
    region_client, story, region, office, other_office, school_a, school_b
):
    response = region_client.get(ANNUAL, {"year": 2022})
    assert path_of(response) == [region.name]
    assert rows_of(response) == [
        (office.name, (*counted([office, school_a, school_b]), False)),
        (other_office.name, (0, 0, None, None, 0, False)),
    ]
    assert rows_of(response)[0][1][:4] == (5, 2, Decimal("40.0"), Decimal("20.0"))  # by hand
    district = region_client.get(ANNUAL, {"year": 2022, "node": office.pk})
    assert path_of(district) == [region.name, office.short_name]
    assert rows_of(district) == [
        (o.name, (*counted([o]), o == office)) for o in (office, school_a, school_b)
    ]
    # Each row opens the same report one level down.
    assert f'href="?year=2022&amp;node={school_a.pk}"' in district.content.decode()


def test_old_organization_links_redirect_to_the_node(region_client, story, office, other_office):
    response = region_client.get(ANNUAL, {"year": 2022, "organization": office.pk})
    assert response.status_code == 302
    assert response["Location"] == f"{ANNUAL}?year=2022&node={office.pk}"
    assert region_client.get(response["Location"]).context["scope"].root == office


def test_old_link_to_the_users_own_office_is_the_top(office_client, story, office, other_office):
    response = office_client.get(ANNUAL, {"year": 2022, "organization": office.pk})
    assert response["Location"] == f"{ANNUAL}?year=2022"
    foreign = office_client.get(ANNUAL, {"year": 2022, "organization": other_office.pk})
    assert foreign.status_code == 404


def test_downloads_and_forms_keep_the_node(region_client, story, office, school_a):
    html = region_client.get(ANNUAL, {"year": 2022, "node": office.pk}).content.decode()
    query = f"?year=2022&amp;node={office.pk}"
    for kind in ("xlsx", "note", "order"):
        assert f'{reverse("reports:annual_download", args=[kind])}{query}"' in html, kind
    assert f'action="{reverse("reports:annual_note")}{query}"' in html
    assert f'action="{reverse("reports:annual_details")}{query}"' in html
    assert f'<input type="hidden" name="node" value="{office.pk}">' in html
    saved = region_client.post(
        reverse("reports:annual_note") + f"?year=2022&node={office.pk}", {"conclusions": "Итоги"}
    )
    assert saved["Location"] == f"{ANNUAL}?year=2022&node={office.pk}#note"


def test_the_workbook_of_a_school_holds_that_school_only(region_client, story, school_a):
    from .test_exports import table, workbook

    book, _content = workbook(region_client, node=school_a.pk)
    assert list(table(book["Организации"])) == [school_a.name]
    assert table(book["Сводка"])["Обязательств положено"][0] == counted([school_a])[0]
    # An old link's ?organization= is still read by the download.
    old, _content = workbook(region_client, organization=school_a.pk)
    assert list(table(old["Организации"])) == [school_a.name]


def test_the_background_workbook_keeps_the_node(
    region_client, story, school_a, django_capture_on_commit_callbacks
):
    from jobs.models import Job

    start = reverse("jobs:start", args=["reports.annual_xlsx"])
    with django_capture_on_commit_callbacks(execute=True):
        region_client.post(start, {"year": "2022", "node": str(school_a.pk)})
    job = Job.objects.get()
    assert job.params == {"year": 2022, "root_id": school_a.pk}
    assert job.result_name == f"monitoring-2022-{school_a.pk}.xlsx"


# --- Query counts: the same at one and at many organizations one level down ------------------

# session, user, roadmaps in force (none issued above the region, then those within it: 2),
# stages, both years by stage (the rollup, one query), overdue list, due-soon list, furthest
# behind, their organizations, awaiting review (list, count), indicator returns awaiting
# review (the list), the returns owed (reporting kinds, then from the rollup: organizations
# owing, returns by status with the count awaiting review), whether the region issued the
# roadmap, the districts (count, page, their and the region's own figures from the rollup in
# one query, whether the year is open or closed), the bell's unread count.
REGION_DASHBOARD_QUERIES = 21
# session, user, years, the districts (count, page, their progress from the rollup in one
# query), indicators and their totals (from their rollup), ranking (2), levels, activities
# (counts from the rollup, their order, the page's), the required packages, the organizations
# counted (the reporting kinds, the rollup's organizations and returns, the other bodies
# owing; no names at a region), organizations done (the rollup), the package share's
# complete ones, the region's reporting year, the bell's unread count.
REGION_ANNUAL_QUERIES = 23


@pytest.mark.parametrize("districts", [0, 12])
@pytest.mark.parametrize(
    ("page", "closed", "queries"),
    [
        (DASHBOARD, False, REGION_DASHBOARD_QUERIES),
        (DASHBOARD, True, REGION_DASHBOARD_QUERIES),
        (ANNUAL, False, REGION_ANNUAL_QUERIES),
    ],
)
def test_same_queries_at_one_and_many_districts(
    region_client,
    story,
    region,
    office,
    office_user,
    districts,
    page,
    closed,
    queries,
    django_assert_num_queries,
):
    if closed:
        years.close_year(office=office, year=2022, by=office_user)
    for number in range(districts):
        district = baker.make(
            "organizations.Organization",
            name=f"Шегарский район {number:02}",  # after the story's district
            kind=OrganizationKind.DISTRICT_OFFICE,
            parent=region,
        )
        baker.make(
            "organizations.Organization", kind=OrganizationKind.SCHOOL, parent=district, _quantity=2
        )
    with django_assert_num_queries(queries):
        response = region_client.get(page, {"year": 2022})
    assert len(response.context["branch_rows"]) == 1 + districts
    assert response.context["branch_rows"][0].owed == 5


def test_rows_are_paginated(region_client, story, region):
    baker.make(
        "organizations.Organization",
        kind=OrganizationKind.DISTRICT_OFFICE,
        parent=region,
        name=iter([f"Шегарский район {n:03}" for n in range(60)]),
        _quantity=60,
    )
    first = region_client.get(DASHBOARD, {"year": 2022})
    assert len(first.context["branch_rows"]) == 50
    second = region_client.get(DASHBOARD, {"year": 2022, "cpage": 2})
    assert len(second.context["branch_rows"]) == 11
    assert "cpage=2" in first.content.decode()


def test_organizations_are_named_where_they_are_one_level_down(
    region_client, story, region, office, school_a, school_b
):
    """A region's report counts who has not reported and leaves the names to its districts'
    pages (thousands of schools); a district's names them; a school's lists itself."""
    at_region = region_client.get(ANNUAL, {"year": 2022})
    assert at_region.context["not_reported"] is None
    assert at_region.context["not_reported_count"] == 2
    assert at_region.context["page"] is None  # no «По организациям»
    page = at_region.content.decode()
    assert 'data-testid="not-reported-elsewhere"' in page and school_a.name not in page

    at_district = region_client.get(ANNUAL, {"year": 2022, "node": office.pk})
    assert at_district.context["not_reported"] == [school_a, school_b]
    assert at_district.context["page"] is None  # the schools are its rows by branch

    at_school = region_client.get(ANNUAL, {"year": 2022, "node": school_a.pk})
    assert [row.organization for row in at_school.context["organization_rows"]] == [school_a]


def test_a_long_list_of_those_not_reported_says_it_is_cut(
    region_client, story, office, school_a, monkeypatch
):
    monkeypatch.setattr(annual_views, "NOT_REPORTED_SHOWN", 1)
    response = region_client.get(ANNUAL, {"year": 2022, "node": office.pk})
    assert response.context["not_reported"] == [school_a]
    assert "Показаны первые 1 из 2; полный список — в таблицах .xlsx." in response.content.decode()
