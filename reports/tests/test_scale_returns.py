"""generate_scale's indicator returns (reports/scale.py): one per organization that owes a
return and year begun, with a mix of statuses and a value for every numeric indicator, the
same from the same seed; the annual report's totals read them."""

import datetime as dt
import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from organizations.models import Organization
from reports import annual, annual_tables
from reports.models import Indicator, IndicatorReturn, IndicatorValue, ReturnStatus
from reports.scale import NUMERIC_KINDS, generate_returns

pytestmark = pytest.mark.django_db


def signature():
    rows = IndicatorValue.objects.values_list(
        "indicator_return__organization__name",
        "indicator_return__year",
        "indicator_return__status",
        "indicator__code",
        "value",
    )
    return hashlib.sha256(repr(sorted(rows, key=repr)).encode()).hexdigest()


@pytest.fixture
def scale(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    out = io.StringIO()
    call_command("generate_scale", organizations=40, districts=2, seed=5, stdout=out)
    return out.getvalue()


def test_generate_scale_gives_every_owing_organization_its_returns(scale):
    assert "отчёты о показателях за 2024" in scale
    for year in range(2021, 2025):
        owing = Organization.objects.filter(
            kind__in=Indicator.objects.for_year(year).reporting_kinds(), is_active=True
        )
        returns = IndicatorReturn.objects.filter(year=year)
        assert 0 < returns.count() <= owing.count()
        assert not returns.exclude(organization__in=owing).exists()
        numeric = Indicator.objects.for_year(year).filter(kind__in=NUMERIC_KINDS)
        for indicator_return in returns.prefetch_related("values"):
            assert {v.indicator_id for v in indicator_return.values.all()} == set(
                numeric.filter(reporter="organization").values_list("pk", flat=True)
            )
    statuses = set(IndicatorReturn.objects.values_list("status", flat=True))
    assert {ReturnStatus.ACCEPTED, ReturnStatus.DRAFT} <= statuses
    assert not IndicatorReturn.objects.filter(
        status=ReturnStatus.SUBMITTED, submitted_at__isnull=True
    ).exists()


def test_the_report_totals_the_accepted_values(scale):
    scope = annual.Scope(user=None, year=2023, root=None, on=timezone.localdate())
    indicators = annual_tables.indicators_of(2023)
    totals = {t.indicator.pk: t.value for t in annual_tables.indicator_totals(scope, indicators)}
    counted = indicators[0]
    accepted = IndicatorValue.objects.filter(
        indicator=counted, indicator_return__year=2023, indicator_return__status="accepted"
    ).aggregate(total=Sum("value"))["total"]
    assert accepted and totals[counted.pk] == accepted


def test_the_same_seed_gives_the_same_returns(scale):
    first = signature()
    for seed, same in ((5, True), (6, False)):
        with transaction.atomic():
            IndicatorReturn.objects.all().delete()
            generate_returns(
                first_year=2021, last_year=2024, seed=seed, today=dt.date(2024, 12, 1), say=str
            )
            assert (signature() == first) is same
            transaction.set_rollback(True)


def test_bad_years_are_refused_in_russian():
    with pytest.raises(CommandError, match="Годы «2024-2021»"):
        call_command("generate_scale_returns", years="2024-2021")
