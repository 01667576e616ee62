"""The annual report's tables by organization beyond the roadmap: indicator values (with last
year beside), the local-act package, efficiency scores. Plain functions over a Scope
(reports/annual.py) that yield rows; organizations are read in chunks and each chunk's values
in one query, so memory stays flat however many organizations there are.

Years stay true: values come from the year's accepted returns only; a local act counts for a
year when it took effect by the year's end and its obligation was accepted."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice

from django.db.models import Avg, Sum

from obligations.models import Evidence, EvidenceKind, LocalActType, ObligationStatus
from organizations.models import EDUCATIONAL_KINDS

from .models import (
    Indicator,
    IndicatorKind,
    IndicatorValue,
    MethodologyStatus,
    Reporter,
    RequiredActType,
    ReturnStatus,
    Score,
)

CHUNK = 1000
SUMMED_KINDS = (IndicatorKind.COUNT,)
AVERAGED_KINDS = (IndicatorKind.NUMBER,)


def _chunks(iterable, size=CHUNK):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def educational(scope):
    """The educational organizations a table by organization lists, streamed by name."""
    return scope.reporting_organizations().filter(kind__in=EDUCATIONAL_KINDS).iterator(chunk_size=CHUNK)


# --- Indicators ------------------------------------------------------------------------------


def indicators_of(year):
    """The numeric indicators organizations enter in `year`, in form order."""
    return list(
        Indicator.objects.for_year(year)
        .filter(reporter=Reporter.ORGANIZATION, kind__in=SUMMED_KINDS + AVERAGED_KINDS)
        .order_by("position", "code")
    )


def _accepted_values(year, organizations):
    return IndicatorValue.objects.filter(
        indicator_return__year=year,
        indicator_return__status=ReturnStatus.ACCEPTED,
        indicator_return__organization__in=organizations,
        value__isnull=False,
    )


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
    """Per indicator: the subtree's total (a mean for scores) this year and last (two queries)."""
    organizations = scope.organizations_all()

    def totals(year):
        rows = _accepted_values(year, organizations).values("indicator").annotate(
            total=Sum("value"), mean=Avg("value")
        )
        return {row["indicator"]: row for row in rows}

    now, before = totals(scope.year), totals(scope.previous_year)

    def pick(row, indicator):
        if row is None:
            return None
        if indicator.kind in AVERAGED_KINDS:
            return Decimal(row["mean"]).quantize(Decimal("0.01"))
        return row["total"]

    for indicator in indicators:
        yield IndicatorTotal(indicator, pick(now.get(indicator.pk), indicator), pick(before.get(indicator.pk), indicator))


def indicator_rows(scope, indicators):
    """Per organization: (organization, {indicator id: (value, last year's value)}), with
    "не применимо" given as the string; one query per chunk of organizations."""
    for chunk in _chunks(educational(scope)):
        values = {}
        for year, slot in ((scope.year, 0), (scope.previous_year, 1)):
            found = IndicatorValue.objects.filter(
                indicator_return__year=year,
                indicator_return__status=ReturnStatus.ACCEPTED,
                indicator_return__organization__in=chunk,
            ).values_list("indicator_return__organization", "indicator", "value", "not_applicable")
            for organization_id, indicator_id, value, not_applicable in found:
                pair = values.setdefault(organization_id, {}).setdefault(indicator_id, [None, None])
                pair[slot] = NOT_APPLICABLE if not_applicable else value
        for organization in chunk:
            yield organization, values.get(organization.pk, {})


NOT_APPLICABLE = "не применимо"


# --- The local-act package -------------------------------------------------------------------


def required_act_types(year):
    """{organization kind: [act type codes]} and the act types as columns (one query each)."""
    required = {}
    for kind, code in RequiredActType.objects.for_year(year).values_list("organization_kind", "act_type__code"):
        required.setdefault(kind, []).append(code)
    codes = {code for codes in required.values() for code in codes}
    return required, list(LocalActType.objects.filter(code__in=codes).order_by("position", "name"))


@dataclass(frozen=True)
class PackageRow:
    organization: object
    acts: dict  # act type code → Evidence (the latest in force)
    required: tuple  # codes

    @property
    def missing(self):
        return [code for code in self.required if code not in self.acts]

    @property
    def is_complete(self):
        return bool(self.required) and not self.missing


def package_rows(scope, required):
    """Per educational organization: its local acts in force at the year's end (accepted
    local-act evidence that took effect by then), one query per chunk."""
    year_end = dt.date(scope.year, 12, 31)
    for chunk in _chunks(educational(scope)):
        acts = {}
        evidence = (
            Evidence.objects.present()
            .filter(
                kind=EvidenceKind.LOCAL_ACT,
                effective_date__lte=year_end,
                obligation__status=ObligationStatus.ACCEPTED,
                obligation__organization__in=chunk,
            )
            .select_related("obligation")
            .order_by("effective_date", "pk")
        )
        for item in evidence:
            acts.setdefault(item.obligation.organization_id, {})[item.act_type_id] = item
        for organization in chunk:
            yield PackageRow(organization, acts.get(organization.pk, {}), tuple(required.get(organization.kind, ())))


# --- Scores ----------------------------------------------------------------------------------


def scores_of(scope):
    """{organization id: Score} of the year under an approved methodology (one query)."""
    scores = Score.objects.filter(
        year=scope.year,
        methodology__status=MethodologyStatus.APPROVED,
        organization__in=scope.organizations_all(),
    ).order_by("methodology__version")
    return {score.organization_id: score for score in scores.only("organization", "percent", "level", "rank", "methodology")}
