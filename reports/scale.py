"""Indicator returns at the scale of a region or a country, for the benchmarks: for every
organization that owes a return (the indicators' "who reports" kinds) and every year up to
`today`, a return with a realistic mix of statuses and a value for each numeric indicator of
the year. Called by generate_scale after its obligations (by the command's name: obligations
does not import reports); written by COPY in pages, reproducible from the seed."""

import datetime as dt
import random
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from obligations.scale import BATCH, bulk_insert
from organizations.models import Organization

from . import indicator_rollup, reporting_rollup
from .models import (
    Indicator,
    IndicatorKind,
    IndicatorReturn,
    IndicatorTally,
    IndicatorValue,
    OrganizationTally,
    Reporter,
    ReturnStatus,
    ReturnTally,
)

# (status, weight); None: no return at all.
RETURN_MIX = [
    (ReturnStatus.ACCEPTED, 65),
    (ReturnStatus.SUBMITTED, 10),
    (ReturnStatus.RETURNED, 5),
    (ReturnStatus.DRAFT, 10),
    (None, 10),
]
NUMERIC_KINDS = (IndicatorKind.COUNT, IndicatorKind.NUMBER)


def generate_returns(*, first_year, last_year, seed, today, say=print):
    """Returns and their values for `first_year`…`last_year` (the years begun by `today`).
    Returns {"returns": n, "values": n}."""
    rng = random.Random(seed * 7919 + 1)
    returns = values = 0
    for year in range(first_year, min(last_year, today.year) + 1):
        indicators = list(
            Indicator.objects.for_year(year)
            .filter(reporter=Reporter.ORGANIZATION, kind__in=NUMERIC_KINDS)
            .values_list("pk", "kind")
        )
        owing = Organization.objects.filter(
            is_active=True, kind__in=Indicator.objects.for_year(year).reporting_kinds()
        ).order_by("pk")
        last = 0
        while chunk := list(owing.filter(pk__gt=last).values_list("pk", flat=True)[:BATCH]):
            last = chunk[-1]
            made = _returns(rng, year, chunk, indicators)
            returns += made[0]
            values += made[1]
        say(f"  отчёты о показателях за {year}: всего {returns}, значений {values}")
    _analyze(IndicatorReturn, IndicatorValue)  # before the rebuild reads them
    indicator_rollup.rebuild()  # written past the services
    reporting_rollup.rebuild()  # so were the organizations (obligations/scale.py)
    _analyze(IndicatorTally, OrganizationTally, ReturnTally)
    say("  суммы показателей по организациям и районам пересчитаны")
    return {"returns": returns, "values": values}


def _analyze(*models):
    """Fresh statistics: without them PostgreSQL plans a million rows as a handful."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in models:
                cursor.execute(f"ANALYZE {model._meta.db_table}")


@transaction.atomic
def _returns(rng, year, organization_ids, indicators):
    """One page of organizations: their returns (one COPY), then the values of those returns
    (one read of their keys, one COPY)."""
    sent = dt.datetime(year + 1, 1, 20, 10, tzinfo=timezone.get_default_timezone())
    rows = []
    for organization_id in organization_ids:
        status = rng.choices([s for s, _w in RETURN_MIX], [w for _s, w in RETURN_MIX])[0]
        if status is None:
            continue
        reviewed = status in (ReturnStatus.ACCEPTED, ReturnStatus.RETURNED)
        rows.append(
            {
                "organization_id": organization_id,
                "year": year,
                "status": status,
                "submitted_at": sent if status != ReturnStatus.DRAFT else None,
                "reviewed_at": sent + dt.timedelta(days=rng.randrange(1, 30)) if reviewed else None,
                "updated_at": sent,
            }
        )
    bulk_insert(IndicatorReturn, rows)
    made = IndicatorReturn.objects.filter(year=year, organization__in=organization_ids)
    values = [
        {"indicator_return_id": pk, "indicator_id": indicator, "value": _value(rng, kind)}
        for pk in made.values_list("pk", flat=True)
        for indicator, kind in indicators
    ]
    bulk_insert(IndicatorValue, values)
    return len(rows), len(values)


def _value(rng, kind):
    if kind == IndicatorKind.COUNT:
        return rng.randrange(0, 120)
    return Decimal(rng.randrange(0, 10_000)) / 100
