"""The indicators' rollup (reports/indicator_rollup.py): the values of accepted returns summed
per subtree and year, kept by the review, a year's close and reopening and a move in the
tree; check_indicator_totals repairs it; the report's totals read it and equal the values."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Avg, Sum
from django.utils import timezone
from model_bakery import baker

from organizations.models import OrganizationKind
from organizations.services import save_organization
from reports import annual, annual_tables, indicator_rollup, returns, years
from reports.models import (
    Indicator,
    IndicatorReturn,
    IndicatorTally,
    IndicatorValue,
    ReturnStatus,
)

pytestmark = pytest.mark.django_db


def submitted(organization, values, year=2022):
    """A return sent for review with `values` ({code: value or None for «не применимо»})."""
    indicator_return = IndicatorReturn.objects.create(
        organization=organization,
        year=year,
        status=ReturnStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
    for code, value in values.items():
        IndicatorValue.objects.create(
            indicator_return=indicator_return,
            indicator=Indicator.objects.get(code=code),
            value=value,
            not_applicable=value is None,
        )
    return indicator_return


def tally(node, code, year=2022):
    row = IndicatorTally.objects.filter(
        node=node, year=year, indicator__code=code, count__gt=0
    ).first()
    return (row.total, row.count) if row else (0, 0)


def assert_in_step():
    assert indicator_rollup.differences() == []


def test_accepted_values_count_up_the_tree(office_user, region, office, school_a, school_b):
    a = submitted(school_a, {"PR01": 40, "QL01": Decimal("3.50"), "PR02": None})
    b = submitted(school_b, {"PR01": 10, "QL01": Decimal("4.25")})
    assert tally(region, "PR01") == (0, 0)  # on review: not yet
    returns.accept_return(indicator_return=a, by=office_user)
    assert tally(school_a, "PR01") == tally(office, "PR01") == tally(region, "PR01") == (40, 1)
    assert tally(region, "PR02") == (0, 0)  # «не применимо» has no value
    returns.accept_return(indicator_return=b, by=office_user)
    assert tally(region, "PR01") == (50, 2)
    assert_in_step()

    scope = annual.Scope(user=None, year=2022, root=region, on=timezone.localdate())
    totals = {
        t.indicator.code: t.value
        for t in annual_tables.indicator_totals(scope, annual_tables.indicators_of(2022))
    }
    values = IndicatorValue.objects.filter(indicator_return__status=ReturnStatus.ACCEPTED)
    assert totals["PR01"] == values.filter(indicator__code="PR01").aggregate(s=Sum("value"))["s"]
    mean = values.filter(indicator__code="QL01").aggregate(m=Avg("value"))["m"]
    assert totals["QL01"] == Decimal(mean).quantize(Decimal("0.01")) == Decimal("3.88")
    assert totals["PR02"] is None


def test_a_year_closed_before_the_acceptance_keeps_its_totals_until_reopened(
    office_user, administrator, region, office, school_a
):
    late = submitted(school_a, {"PR01": 40})
    years.close_year(office=office, year=2022, by=office_user)
    returns.accept_return(indicator_return=late, by=office_user)
    assert tally(region, "PR01") == (0, 0)  # submitted when the year was closed
    assert_in_step()
    years.reopen_year(office=office, year=2022, by=administrator, comment="Исправление")
    assert tally(region, "PR01") == (40, 1)
    assert_in_step()


def test_a_district_moved_to_another_region_takes_its_totals(
    office_user, administrator, region, office, school_a
):
    returns.accept_return(indicator_return=submitted(school_a, {"PR01": 40}), by=office_user)
    other_region = baker.make(
        "organizations.Organization", name="Другой регион", kind=OrganizationKind.REGIONAL_MINISTRY
    )
    office.parent = other_region
    save_organization(organization=office, by=administrator)
    assert (tally(region, "PR01"), tally(other_region, "PR01")) == ((0, 0), (40, 1))
    assert_in_step()


def test_check_indicator_totals_reports_and_repairs(office_user, region, school_a):
    returns.accept_return(indicator_return=submitted(school_a, {"PR01": 40}), by=office_user)
    IndicatorTally.objects.filter(node=region, indicator__code="PR01").update(total=41)
    out = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("check_indicator_totals", stdout=out)
    assert exited.value.code == 1
    assert "в свёртке 41.00 (значений 1), по пересчёту 40.00 (значений 1)" in out.getvalue()
    with pytest.raises(SystemExit):
        call_command("check_indicator_totals", "--fix", stdout=out)
    assert "пересчитаны" in out.getvalue()
    assert_in_step()
    call_command("check_indicator_totals", stdout=out)
    assert "совпадают" in out.getvalue()
