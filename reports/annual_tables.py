"""The annual report's tables by organization beyond the roadmap: indicator values (with last
year beside), the local-act package, efficiency scores. Plain functions over a Scope
(reports/annual.py) that yield rows; organizations are read in chunks and each chunk's values
in one query, so memory stays flat however many organizations there are.

Years stay true: values come from the year's accepted returns only; a local act counts for a
year when it took effect by the year's end and its obligation was accepted (reports/package.py)."""

from dataclasses import dataclass
from decimal import Decimal
from itertools import islice

from django.db.models import Sum

from organizations.models import EDUCATIONAL_KINDS

from . import scores
from .models import (
    Indicator,
    IndicatorKind,
    IndicatorReturn,
    IndicatorValue,
    Reporter,
)

CHUNK = 1000
SUMMED_KINDS = (IndicatorKind.COUNT,)
AVERAGED_KINDS = (IndicatorKind.NUMBER,)


def _chunks(iterable, size=CHUNK):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def educational_organizations(scope):
    """The educational organizations a table by organization lists, by name."""
    return scope.reporting_organizations().filter(kind__in=EDUCATIONAL_KINDS)


def educational(scope):
    return educational_organizations(scope).iterator(chunk_size=CHUNK)


# --- Indicators ------------------------------------------------------------------------------


def indicators_of(year):
    """The numeric indicators organizations enter in `year`, in form order."""
    return list(
        Indicator.objects.for_year(year)
        .filter(reporter=Reporter.ORGANIZATION, kind__in=SUMMED_KINDS + AVERAGED_KINDS)
        .order_by("position", "code")
    )


def counted_values(year, organizations):
    """The values of `year` from returns accepted as the year stands (IndicatorReturn
    .objects.counted(): frozen at the year's close) of `organizations`."""
    returns = IndicatorReturn.objects.counted().filter(year=year, organization__in=organizations)
    return IndicatorValue.objects.filter(indicator_return__in=returns.values("pk"))


def _accepted_values(year, organizations):
    return counted_values(year, organizations).filter(value__isnull=False)


@dataclass(frozen=True)
class IndicatorTotal:
    indicator: Indicator
    value: Decimal | None
    previous: Decimal | None

    @property
    def change(self):
        """Change from last year in per cent, or None."""
        if self.value is None or not self.previous:
            return None
        return ((self.value - self.previous) * 100 / self.previous).quantize(Decimal("0.1"))


def indicator_totals(scope, indicators):
    """Per indicator: the subtree's total (a mean for scores) this year and last, from the
    indicators' rollup (reports/indicator_rollup.py; one query)."""
    rows = (
        scope.indicator_rows()
        .filter(year__in=(scope.year, scope.previous_year))
        .order_by()
        .values("indicator", "year")
        .annotate(total=Sum("total"), n=Sum("count"))
        .filter(n__gt=0)
    )
    found = {(row["indicator"], row["year"]): row for row in rows}

    def pick(indicator, year):
        row = found.get((indicator.pk, year))
        if row is None:
            return None
        if indicator.kind in AVERAGED_KINDS:
            return (row["total"] / row["n"]).quantize(Decimal("0.01"))
        return row["total"]

    for indicator in indicators:
        yield IndicatorTotal(
            indicator, pick(indicator, scope.year), pick(indicator, scope.previous_year)
        )


def indicator_rows(scope, indicators):
    """Per organization: (organization, {indicator id: (value, last year's value)}), with
    "не применимо" given as the string; one query per chunk of organizations."""
    for chunk in _chunks(educational(scope)):
        values = {}
        for year, slot in ((scope.year, 0), (scope.previous_year, 1)):
            found = counted_values(year, chunk).values_list(
                "indicator_return__organization", "indicator", "value", "not_applicable"
            )
            for organization_id, indicator_id, value, not_applicable in found:
                pair = values.setdefault(organization_id, {}).setdefault(indicator_id, [None, None])
                pair[slot] = NOT_APPLICABLE if not_applicable else value
        for organization in chunk:
            yield organization, values.get(organization.pk, {})


NOT_APPLICABLE = "не применимо"


# --- The local-act package: reports/package.py (h10a) reads it; see educational() above ---


# --- Scores ----------------------------------------------------------------------------------


def scores_of(scope):
    """{organization id: scores.RankingRow} of the year, ranked within the subtree
    (reports/scores.py, h10c; one query)."""
    return {
        row.organization_id: row
        for row in scores.ranking_rows(year=scope.year, organizations=scope.organizations_all())
    }


def ranking(scope, limit):
    """The best `limit` of the year's ranking within the subtree (reports/scores.py; two
    small queries whatever the number of organizations)."""
    organizations = None if scope.covers_everything else scope.organizations_all()
    best = scores.best_scores(year=scope.year, organizations=organizations, limit=limit)
    return list(scores.ranking_rows(year=scope.year, organizations=organizations, scores=best))


def level_counts(scope):
    """{level: number of organizations} of the year's scores in the subtree (one query)."""
    organizations = None if scope.covers_everything else scope.organizations_all()
    return scores.level_counts(year=scope.year, organizations=organizations)
