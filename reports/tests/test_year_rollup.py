"""The rollup's year columns (obligations/tallies.py: each obligation as its reporting year
stands, accepted on time or not) and its "did everything" counts, which the annual report and
the dashboard's rows read instead of scanning the obligations. They follow every review, a
year's close and reopening, a body moved in the tree; check_rollup repairs them; and the
report's figures read from them equal a count of the obligations themselves."""

import datetime as dt
import io
from dataclasses import replace

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone
from model_bakery import baker

from obligations import recount
from obligations.models import CompletionTally, Obligation, ObligationStatus, ObligationTally
from obligations.tallies import KEY_FIELDS
from obligations.tests.conftest import imported_roadmap
from organizations.models import OrganizationKind
from organizations.services import save_organization
from reports import annual, branches, progress, years
from reports.views import annual as annual_views
from roadmap.services import activate_roadmap, save_imported_roadmap

from .conftest import set_state

pytestmark = pytest.mark.django_db
ACCEPTED = ObligationStatus.ACCEPTED


def assert_in_step():
    assert recount.differences() == []


def tallied(node, **filters):
    rows = ObligationTally.objects.filter(node=node, **filters)
    return rows.aggregate(n=Sum("count", default=0))["n"]


def done_in(node, year=2022):
    row = CompletionTally.objects.filter(node=node, year=year).first()
    return (row.owing, row.complete) if row else (0, 0)


def scan_done(root, year=2022):
    """Organizations owing and done in `year` under `root`, counted from the obligations."""
    scope = annual.Scope(user=None, year=year, root=root, on=timezone.localdate())
    return progress.organizations_done(scope.obligations)


def test_on_time_and_late_acceptances_are_told_apart(story, region):
    """The story: A's one-off accepted on 15.09 (due 30.09), B's on 10.10 (late)."""
    assert_in_step()
    assert tallied(region, year_status=ACCEPTED) == 2
    assert tallied(region, year_status=ACCEPTED, on_time=True) == 1


def test_a_closed_year_keeps_its_columns_and_reopening_moves_them(
    story, region, office, office_user, administrator, school_b
):
    returned = Obligation.objects.get(
        responsibility__activity__number="2", period_year=2022, organization=school_b
    )
    years.close_year(office=office, year=2022, by=office_user)
    assert_in_step()  # closing changes nothing: the frozen state is the current one
    set_state(returned, ACCEPTED, reviewed_on=dt.date(2023, 2, 1))  # accepted after the close
    assert_in_step()
    assert tallied(region, status=ACCEPTED) == 3
    assert tallied(region, year_status=ACCEPTED) == 2  # the year as it was closed
    assert tallied(region, status=ACCEPTED, year_status=ObligationStatus.RETURNED) == 1

    years.reopen_year(office=office, year=2022, by=administrator, comment="Исправление")
    assert_in_step()
    assert tallied(region, year_status=ACCEPTED) == 3
    assert tallied(region, year_status=ACCEPTED, on_time=True) == 1  # accepted in 2023: late


def test_an_organization_that_accepted_everything_counts_up_the_tree(
    story, region, office, school_a, school_b
):
    assert done_in(school_a) == (1, 0)  # its yearly item is still on review
    assert done_in(region) == scan_done(region) == (3, 0)
    yearly_a = Obligation.objects.get(
        responsibility__activity__number="2", period_year=2022, organization=school_a
    )
    set_state(yearly_a, ACCEPTED, reviewed_on=dt.date(2022, 12, 10))
    assert done_in(school_a) == (1, 1)
    assert done_in(office) == scan_done(office) == (3, 1)
    assert done_in(region) == scan_done(region) == (3, 1)
    assert_in_step()

    set_state(yearly_a, ObligationStatus.RETURNED)
    assert done_in(region) == scan_done(region) == (3, 0)
    assert_in_step()


def test_a_district_moved_to_another_region_takes_its_counts(
    story, region, office, school_a, administrator
):
    yearly_a = Obligation.objects.get(
        responsibility__activity__number="2", period_year=2022, organization=school_a
    )
    set_state(yearly_a, ACCEPTED, reviewed_on=dt.date(2022, 12, 10))
    other_region = baker.make(
        "organizations.Organization", name="Другой регион", kind=OrganizationKind.REGIONAL_MINISTRY
    )
    office.parent = other_region
    save_organization(organization=office, by=administrator)
    assert_in_step()
    assert (done_in(region), done_in(other_region)) == ((0, 0), (3, 1))


def test_check_rollup_reports_and_repairs_the_done_counts(story, region):
    CompletionTally.objects.filter(node=region, year=2022).update(complete=2)
    out = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("check_rollup", stdout=out)
    assert exited.value.code == 1
    assert "выполнивших всё: в свёртке 3 / 2, по пересчёту 3 / 0" in out.getvalue()
    with pytest.raises(SystemExit):
        call_command("check_rollup", "--fix", stdout=out)
    assert_in_step()


def test_rebuild_gives_the_same_rows_as_the_writers(story, office, office_user, school_b):
    years.close_year(office=office, year=2022, by=office_user)
    returned = Obligation.objects.get(
        responsibility__activity__number="2", period_year=2022, organization=school_b
    )
    set_state(returned, ACCEPTED, reviewed_on=dt.date(2023, 2, 1))
    kept = sorted(ObligationTally.objects.filter(count__gt=0).values_list(*_TALLY_KEY, "count"))
    kept_done = sorted(CompletionTally.objects.values_list("node", "year", "owing", "complete"))
    recount.rebuild()
    assert sorted(ObligationTally.objects.values_list(*_TALLY_KEY, "count")) == kept
    assert sorted(CompletionTally.objects.values_list("node", "year", "owing", "complete")) == (
        kept_done
    )


_TALLY_KEY = (*KEY_FIELDS, "due_date")


@pytest.mark.parametrize("closed", [False, True])
def test_report_figures_from_the_rollup_equal_a_count_of_the_obligations(
    story, region, office, office_user, administrator, school_a, school_b, closed
):
    """Activities, organizations done and the rows by branch, at the region, the district and
    the top, whether the year is open or was closed before a late acceptance."""
    if closed:
        years.close_year(office=office, year=2022, by=office_user)
    set_state(
        Obligation.objects.get(
            responsibility__activity__number="2", period_year=2022, organization=school_b
        ),
        ACCEPTED,
        reviewed_on=dt.date(2023, 1, 20),
    )
    on = timezone.localdate()
    for root, user in ((region, None), (office, office_user), (None, administrator)):
        scope = annual.Scope(user=user, year=2022, root=root, on=on)
        scanned = progress.grouped_by_year(
            scope.owing_obligations(), "responsibility__activity", (2022, 2021), on=on
        )
        counts = annual.ActivityCounts.of(scope)
        rows = list(counts.rows())
        assert rows
        for row in rows:
            assert row.progress == scanned[(row.activity.pk, 2022)]
        figures = annual.key_figures(scope, counts)
        assert figures.current == progress.total(scope.obligations, on=on)
        assert (figures.organizations_owing, figures.organizations_complete) == (
            progress.organizations_done(scope.obligations)
        )
    district_rows = branches.annual_rows(
        annual.Scope(user=None, year=2022, root=office, on=on), [school_a, school_b]
    )
    for row in district_rows:
        own = progress.owed(Obligation.objects.filter(organization=row.organization), 2022)
        counted = progress.total(own, on=on)
        assert (row.owed, row.accepted, row.on_time, row.overdue) == (
            counted.owed,
            counted.accepted,
            counted.on_time,
            counted.overdue,
        )
    assert [row.organization for row in district_rows][0] == office  # its own items first


# --- The report's activities: a page at a time, each naming its roadmap when there are several


def test_activities_come_a_page_at_a_time(office_client, story, office, monkeypatch):
    monkeypatch.setattr(annual_views, "PAGE_SIZE", 1)
    first = office_client.get("/reports/annual/", {"year": 2022, "node": office.pk})
    assert [row.activity.label for row in first.context["activity_page"]] == ["1.1"]
    assert "Страница 1 из 2" in first.content.decode()
    assert first.context["figures"].current.owed == 5  # the figures count every activity
    assert first.context["activity_chart"]  # one roadmap: the chart shows the page's rows
    second = office_client.get("/reports/annual/", {"year": 2022, "node": office.pk, "apage": 2})
    assert [row.activity.label for row in second.context["activity_page"]] == ["1.2"]


def test_a_region_of_several_roadmaps_names_each_rows_issuer(
    client, story, region, other_office, administrator
):
    baker.make(
        "organizations.Organization",
        name="Школа соседей",
        kind=OrganizationKind.SCHOOL,
        parent=other_office,
    )
    imported = replace(imported_roadmap(), programme_title="Программа соседнего района")
    draft = save_imported_roadmap(imported=imported, by=administrator, issuer=other_office)
    activate_roadmap(roadmap=draft, by=administrator)
    client.force_login(administrator)
    response = client.get("/reports/annual/", {"year": 2022, "node": region.pk})
    issuers = {row.activity.stage.roadmap.issuer for row in response.context["activity_page"]}
    assert issuers == {other_office, story.issuer}
    assert response.context["several_roadmaps"] and response.context["activity_chart"] is None
    assert other_office.name in response.content.decode()
