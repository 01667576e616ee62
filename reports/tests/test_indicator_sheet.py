"""The xlsx sheet «Показатели» holds every kind of indicator — counts, yes/no, free text, "не
применимо" and the computed shares K01–K06 — for the year and the one before, each figure
against what the test computes from the rows it entered."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils import timezone

from obligations.models import Obligation, ObligationStatus
from reports import indicator_rollup
from reports.models import Indicator, IndicatorReturn, IndicatorValue

from . import test_exports
from .test_exports import INJECTED, TOTAL_ROW, table, workbook

pytestmark = pytest.mark.django_db
export_data = test_exports.data  # the export tests' data set, as a fixture here


def percent(part, whole):
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return float(min(value, Decimal(100))) / 100


def add(organization, year, code, **fields):
    indicator_return = IndicatorReturn.objects.get(organization=organization, year=year)
    IndicatorValue.objects.create(
        indicator_return=indicator_return, indicator=Indicator.objects.get(code=code), **fields
    )


def on_time_share(organization, year):
    """K06 counted here: accepted by the due date ÷ owed, from the obligations themselves."""
    owed = [
        o
        for o in Obligation.objects.for_year(year).filter(organization=organization)
        if not o.is_archived
    ]
    done = [
        o
        for o in owed
        if o.status == ObligationStatus.ACCEPTED
        and (o.due_date is None or timezone.localtime(o.reviewed_at).date() <= o.due_date)
    ]
    return percent(len(done), len(owed)) if owed else None


@pytest.fixture
def values(export_data, school_a, school_b):
    """Beside ST01/ST02 of the data set: A's pupils-mentors, a "yes" with a link and a
    formula-like SWOT text; B's "no" and young teachers "не применимо"."""
    add(school_a, 2022, "ST03", value=20)
    add(school_a, 2022, "IN01", value=1, url="https://a.example.org/")
    add(school_a, 2022, "QL03", text=INJECTED)
    add(school_b, 2022, "IN01", value=0)
    add(school_b, 2022, "TE04", not_applicable=True)
    indicator_rollup.rebuild()  # values added to accepted returns directly
    return export_data


def test_every_kind_of_indicator_with_last_year_beside(
    office_client, values, office, school_a, school_b
):
    book, _content = workbook(office_client, organization=office.pk)
    sheet = book["Показатели"]
    header = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "Организация")
    rows = table(sheet)

    def got(name, code, year=2022):
        return rows[name][header.index(f"{code} {year}") - 1]

    # Every indicator an organization has a figure for, computed ones included.
    codes = {h.split()[0] for h in header[1:]}
    assert {"ST01", "IN01", "QL03", "K01", "K02", "K03", "K04", "K05", "K06"} <= codes
    assert not {"MU01", "MU02"} & codes  # the office's own, not by organization

    assert (got(school_a.name, "ST01"), got(school_a.name, "ST01", 2021)) == (400, 380)
    assert (got(school_a.name, "IN01"), got(school_b.name, "IN01")) == ("да", "нет")
    assert got(TOTAL_ROW, "IN01") == 1
    assert got(school_a.name, "QL03") == INJECTED  # text, never a formula
    assert got(school_b.name, "K03") == "не применимо"
    assert got(school_a.name, "K01") == pytest.approx(percent(120 + 20, 400))
    assert got(school_a.name, "K01", 2021) == pytest.approx(percent(60, 380))
    assert got(school_b.name, "K01") == pytest.approx(percent(100, 250))
    assert got(TOTAL_ROW, "K01") == pytest.approx(percent(120 + 20 + 100, 400 + 250))
    assert got(TOTAL_ROW, "K01", 2021) == pytest.approx(percent(60, 380))
    for school in (school_a, school_b):
        assert got(school.name, "K06") == pytest.approx(on_time_share(school, 2022))
    # K04 is the subtree's: neither school has its whole package (A has one act of eight).
    assert got(TOTAL_ROW, "K04") == 0
    assert got(school_a.name, "K04") is None
    # K06 of the whole subtree: the roadmap's on-time share of the year.
    owed = [o for o in Obligation.objects.for_year(2022) if not o.is_archived]
    done = [
        o
        for o in owed
        if o.status == ObligationStatus.ACCEPTED
        and (o.due_date is None or timezone.localtime(o.reviewed_at).date() <= o.due_date)
    ]
    assert got(TOTAL_ROW, "K06") == pytest.approx(percent(len(done), len(owed)))
