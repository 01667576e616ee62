"""Who is counted and who has reported, per subtree (reports/reporting_rollup.py): kept by the
organizations' services, the returns' services and a year's close and reopening; the
dashboard's returns and the annual report's counts of organizations read it and equal a count
of the organizations and returns themselves; check_reporting_totals repairs it."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from model_bakery import baker

from organizations.models import Organization, OrganizationKind
from organizations.services import (
    create_organization,
    deactivate_organization,
    save_organization,
    update_organization,
)
from reports import annual, dashboard, reporting_rollup, returns, years
from reports.models import IndicatorReturn, OrganizationTally, ReturnStatus, ReturnTally

from .return_data import school_entries

pytestmark = pytest.mark.django_db
YEAR = 2024


def assert_in_step():
    assert reporting_rollup.differences() == []


def school_returns(client, node=None):
    """The dashboard's SchoolReturns and the count of returns awaiting review."""
    params = {"year": YEAR, **({"node": node.pk} if node else {})}
    board = client.get(reverse("reports:dashboard"), params).context["board"]
    return board.schools, board.awaiting_returns_count


def recounted(root, user=None):
    """What the dashboard's figures must be for the subtree of `root`, counted from the
    organizations and returns themselves."""
    owing = dashboard.owing_a_return(Organization.objects.subtree_of(root), YEAR)
    of_year = IndicatorReturn.objects.filter(year=YEAR, organization__in=owing.values("pk"))
    counts = {s: of_year.filter(status=s).count() for s in ("accepted", "submitted", "returned")}
    awaiting = IndicatorReturn.objects.filter(
        year=YEAR,
        status=ReturnStatus.SUBMITTED,
        organization__in=Organization.objects.subtree_of(root).values("pk"),
    ).count()
    return owing.count(), counts, awaiting


def counts_of(client, root):
    schools, awaiting = school_returns(client, root)
    figures = {"accepted": schools.accepted, "submitted": schools.submitted}
    figures["returned"] = schools.returned
    return schools.owing, figures, awaiting


def report_counts(root, year=YEAR):
    scope = annual.Scope(user=None, year=year, root=root, on=timezone.localdate())
    return annual.organization_counts(scope, package_kinds=()), scope


def test_organizations_services_keep_the_counts(
    administrator, administrator_client, story, region, office, school_a, school_b
):
    assert_in_step()
    new = create_organization(
        by=administrator, name="МБОУ «Школа Г»", kind=OrganizationKind.SCHOOL, parent=office
    )
    assert_in_step()
    assert counts_of(administrator_client, region) == recounted(region)
    assert recounted(region)[0] == 3

    deactivate_organization(organization=school_b, by=administrator)
    assert_in_step()
    assert counts_of(administrator_client, office) == recounted(office)
    assert recounted(office)[0] == 2

    update_organization(organization=new, by=administrator, kind=OrganizationKind.PRESCHOOL)
    assert_in_step()
    rows = OrganizationTally.objects.filter(node=region, kind=OrganizationKind.PRESCHOOL)
    assert reporting_rollup.counted(rows) == 1

    other_office = baker.make(
        "organizations.Organization", name="Другой район", kind="office", parent=region
    )
    reporting_rollup.organization_changed(other_office)
    new.refresh_from_db()
    new.parent = other_office
    save_organization(organization=new, by=administrator)
    assert_in_step()
    assert counts_of(administrator_client, office) == recounted(office)
    # The other district has no roadmap (no dashboard): its rows say it.
    moved = reporting_rollup.rows_of(OrganizationTally, node=other_office)
    assert reporting_rollup.counted(moved.filter(kind=OrganizationKind.PRESCHOOL)) == 1
    assert reporting_rollup.counted(moved) == 2  # the office itself and the preschool


def test_returns_services_keep_the_counts(
    office_user, office_client, story, head_a, head_b, region, office, school_a, school_b
):
    draft = school_entries()
    del draft["TE02"]
    returns.save_return(organization=school_a, year=YEAR, by=head_a, entries=draft)
    assert_in_step()
    schools, awaiting = school_returns(office_client)
    assert (schools.owing, schools.draft, schools.missing, awaiting) == (2, 1, 1, 0)

    a, _ = returns.submit_return(
        organization=school_a, year=YEAR, by=head_a, entries=school_entries()
    )
    b, _ = returns.submit_return(
        organization=school_b, year=YEAR, by=head_b, entries=school_entries()
    )
    assert_in_step()
    assert counts_of(office_client, None) == recounted(office)
    assert school_returns(office_client)[1] == 2

    returns.send_back_return(indicator_return=a, by=office_user, comment="Уточните QL01")
    returns.accept_return(indicator_return=b, by=office_user)
    assert_in_step()
    schools, awaiting = school_returns(office_client)
    assert (schools.returned, schools.accepted, schools.submitted, awaiting) == (1, 1, 0, 0)
    assert counts_of(office_client, None) == recounted(office)


def test_a_closed_year_counts_who_had_reported_at_the_close_until_reopened(
    office_user,
    office_client,
    story,
    administrator,
    head_a,
    head_b,
    region,
    office,
    school_a,
    school_b,
):
    a, _ = returns.submit_return(
        organization=school_a, year=YEAR, by=head_a, entries=school_entries()
    )
    b, _ = returns.submit_return(
        organization=school_b, year=YEAR, by=head_b, entries=school_entries()
    )
    returns.send_back_return(indicator_return=a, by=office_user, comment="Уточните QL01")
    counted, scope = report_counts(region)
    assert counted.not_reported == annual.not_reported(scope).count() == 1

    years.close_year(office=office, year=YEAR, by=office_user)
    returns.send_back_return(indicator_return=b, by=office_user, comment="Уточните TE02")
    assert_in_step()
    # Sent back after the close: the year stands as it was closed, the dashboard chases now.
    assert report_counts(region)[0].not_reported == annual.not_reported(scope).count() == 1
    assert school_returns(office_client)[0].returned == 2
    years.reopen_year(office=office, year=YEAR, by=administrator, comment="Исправление")
    assert_in_step()
    assert report_counts(region)[0].not_reported == annual.not_reported(scope).count() == 2


def test_the_report_counts_equal_the_organizations_themselves(
    office_user, head_a, region, office, school_a, school_b
):
    returns.submit_return(organization=school_a, year=YEAR, by=head_a, entries=school_entries())
    preschool = create_organization(
        by=office_user, name="Детский сад", kind=OrganizationKind.PRESCHOOL, parent=office
    )
    deactivate_organization(organization=preschool, by=office_user)
    for root in (region, office, school_a):
        scope = annual.Scope(user=None, year=YEAR, root=root, on=timezone.localdate())
        counted = annual.organization_counts(scope, package_kinds=[OrganizationKind.SCHOOL])
        educational = scope.reporting_organizations().filter(kind=OrganizationKind.SCHOOL)
        assert counted.reporting == scope.reporting_organizations().count()
        assert counted.not_reported == annual.not_reported(scope).count()
        assert counted.with_package == educational.count()
    assert annual.organization_counts(
        annual.Scope(user=None, year=YEAR, root=region, on=timezone.localdate()),
        package_kinds=[OrganizationKind.SCHOOL],
    ) == annual.OrganizationCounts(reporting=2, not_reported=1, with_package=2)


def test_check_reporting_totals_reports_and_repairs(head_a, region, school_a):
    returns.submit_return(organization=school_a, year=YEAR, by=head_a, entries=school_entries())
    ReturnTally.objects.filter(node=region, year=YEAR, status="submitted").update(count=5)
    OrganizationTally.objects.filter(node=school_a, own=True).delete()
    out = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("check_reporting_totals", stdout=out)
    assert exited.value.code == 1
    assert "Расхождений: 2." in out.getvalue()
    assert "в свёртке 5, по пересчёту 1" in out.getvalue()
    with pytest.raises(SystemExit):
        call_command("check_reporting_totals", "--fix", stdout=out)
    assert "пересчитаны" in out.getvalue()
    assert_in_step()
    call_command("check_reporting_totals", stdout=out)
    assert "совпадают" in out.getvalue()
