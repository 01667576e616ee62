"""The demo story: most of 2021–2023 accepted with some late and a few returned, indicator
values growing year by year, 2021–2023 closed, the 2023 справка written; a second run
changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from obligations import recount
from obligations.models import Obligation, ObligationStatus
from reports import indicator_rollup, progress, reporting_rollup
from reports.models import IndicatorValue, ReportingYear, ReportNote, ReturnStatus, Score

pytestmark = pytest.mark.django_db


def test_demo_monitoring_tells_a_story_once(demo):
    call_command("load_roadmap", "fixtures/roadmap-order-654-2020.json", stdout=io.StringIO())
    call_command("seed_demo_monitoring", "--force", stdout=io.StringIO())
    counts = (
        Obligation.objects.count(),
        IndicatorValue.objects.count(),
        ReportNote.objects.count(),
    )

    for year in (2021, 2022, 2023):
        figures = progress.total(
            progress.owed(Obligation.objects.all(), year), on=timezone.localdate()
        )
        assert figures.completeness > 75, year
        assert figures.on_time < figures.accepted, year  # some were late
    assert Obligation.objects.filter(status=ObligationStatus.RETURNED).exists()
    mentees = [
        IndicatorValue.objects.filter(
            indicator__code="ST02",
            indicator_return__year=year,
            indicator_return__status=ReturnStatus.ACCEPTED,
        ).aggregate(total=Sum("value"))["total"]
        for year in (2021, 2022, 2023)
    ]
    assert mentees[0] < mentees[1] < mentees[2]
    assert sorted(ReportingYear.objects.filter(is_closed=True).values_list("year", flat=True)) == [
        2021,
        2022,
        2023,
    ]
    assert ReportNote.objects.get().conclusions
    assert Score.objects.filter(year=2023, percent__isnull=False).count() > 20
    # Review dates and returns were written past the services: both rollups rebuilt after.
    assert recount.differences() == []
    assert indicator_rollup.differences() == []
    assert reporting_rollup.differences() == []

    out = io.StringIO()
    call_command("seed_demo_monitoring", "--force", stdout=out)
    assert "ничего не изменено" in out.getvalue()
    assert (
        Obligation.objects.count(),
        IndicatorValue.objects.count(),
        ReportNote.objects.count(),
    ) == counts
