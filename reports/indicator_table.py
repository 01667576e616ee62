"""The table of indicators by organization (the xlsx sheet «Показатели»): every indicator an
organization has a figure for — counts, scores, yes/no, free text, and the computed shares
(K01–K06) — for the year and the year before, with a total row for the subtree.

Plain functions over a Scope (reports/annual.py) that yield rows; organizations are read in
chunks, each chunk's values and roadmap counts in a fixed number of queries, so memory stays
flat however many organizations there are. Values come from returns accepted as the year
stands (annual_tables.counted_values), shares are computed as the scores compute them
(scoring.share_percent), so the sheet, the scores and the справка agree."""

from decimal import Decimal

from django.db.models import Count, Prefetch

from obligations.models import Obligation

from . import annual_tables, package, progress, scoring
from .models import Indicator, IndicatorKind, Reporter, ShareSource

NOT_APPLICABLE = annual_tables.NOT_APPLICABLE
YES, NO = "да", "нет"


def indicators_of(year):
    """The indicators of `year` with a figure per organization, in form order: those the
    organizations enter and the computed ones (the office's own indicators are not by
    organization). One query, and one for the parts of the shares (`numerator_parts`: a
    list, read a million times at 20 000 organizations, where the related manager was
    most of the sheet's time)."""
    return list(
        Indicator.objects.for_year(year)
        .exclude(reporter=Reporter.OFFICE)
        .select_related("denominator")
        .prefetch_related(Prefetch("numerator", to_attr="numerator_parts"))
        .order_by("position", "code")
    )


def _raw_values(year, organizations):
    """{organization id: {indicator id: number, "не применимо" or text}} (one query)."""
    found = {}
    rows = annual_tables.counted_values(year, organizations).values_list(
        "indicator_return__organization", "indicator", "value", "not_applicable", "text"
    )
    for organization_id, indicator_id, value, not_applicable, text in rows:
        if not_applicable:
            value = NOT_APPLICABLE
        elif value is None and text:
            value = text
        found.setdefault(organization_id, {})[indicator_id] = value
    return found


def _on_time(scope, organizations):
    """{(organization id, year): (owed, on time)} for both years (one query)."""
    owing = Obligation.objects.filter(organization__in=organizations)
    counted = progress.grouped_by_year(
        owing, "organization", (scope.year, scope.previous_year), on=scope.on
    )
    return {key: (row.owed, row.on_time) for key, row in counted.items()}


def share(indicator, values, on_time):
    """A computed share in per cent from an organization's (or the subtree's) values; None
    when it cannot be taken, "не применимо" when its whole does not apply."""
    if indicator.share_source == ShareSource.ROADMAP_ON_TIME:
        owed, done = on_time
        return scoring.share_percent(done, owed, cap_at_100=True)
    if indicator.share_source != ShareSource.INDICATORS or indicator.denominator_id is None:
        return None
    whole = values.get(indicator.denominator_id)
    if whole is NOT_APPLICABLE:
        return NOT_APPLICABLE
    parts = [values.get(part.id) for part in indicator.numerator_parts]
    numbers = [p for p in parts if isinstance(p, Decimal | int)]
    if whole is None or not numbers:
        return None
    return scoring.share_percent(sum(numbers, Decimal(0)), whole, cap_at_100=indicator.cap_at_100)


def cell(indicator, values, on_time):
    """What one organization's cell of `indicator` shows."""
    if indicator.kind == IndicatorKind.SHARE:
        return share(indicator, values, on_time)
    value = values.get(indicator.pk)
    if indicator.kind == IndicatorKind.YES_NO and isinstance(value, Decimal):
        return YES if value else NO
    return value


def rows(scope, indicators):
    """(organization, [(this year's cell, last year's cell) per indicator]) per educational
    organization of the subtree, by name; three queries per chunk of organizations."""
    nothing_owed = (0, 0)
    for chunk in annual_tables._chunks(annual_tables.educational(scope)):
        now = _raw_values(scope.year, chunk)
        before = _raw_values(scope.previous_year, chunk)
        on_time = _on_time(scope, chunk)
        for organization in chunk:
            pk = organization.pk
            this_year = _cells(
                indicators, now.get(pk, {}), on_time.get((pk, scope.year), nothing_owed)
            )
            last_year = _cells(
                indicators,
                before.get(pk, {}),
                on_time.get((pk, scope.previous_year), nothing_owed),
            )
            yield organization, list(zip(this_year, last_year, strict=True))


def _cells(indicators, values, on_time):
    return [cell(indicator, values, on_time) for indicator in indicators]


def totals(scope, indicators, figures):
    """The subtree's row: counts summed, scores averaged, yes/no as how many said "да", shares
    from the summed parts (K04 from the package, K06 from the roadmap's totals); text none.
    `figures`: the report's KeyFigures (for K06). Five queries."""
    entered = [i for i in indicators if i.kind != IndicatorKind.SHARE]
    sums = {t.indicator.pk: t for t in annual_tables.indicator_totals(scope, entered)}
    yes = {year: _yes_counts(scope, year) for year in (scope.year, scope.previous_year)}
    organizations = annual_tables.educational_organizations(scope)
    complete, counted = package.package_share(organizations, scope.year)
    previous_complete, previous_counted = package.package_share(organizations, scope.previous_year)
    pairs = []
    for slot, year in ((0, scope.year), (1, scope.previous_year)):
        values = {pk: (t.value if slot == 0 else t.previous) for pk, t in sums.items()}
        progress_of = figures.current if slot == 0 else figures.previous
        package_of = (complete, counted) if slot == 0 else (previous_complete, previous_counted)
        pairs.append(
            [
                _total(i, values, yes[year], (progress_of.owed, progress_of.on_time), package_of)
                for i in indicators
            ]
        )
    return list(zip(*pairs, strict=True))


def _total(indicator, values, yes, on_time, package_of):
    if indicator.kind == IndicatorKind.YES_NO:
        return yes.get(indicator.pk, 0)
    if indicator.kind == IndicatorKind.TEXT:
        return None
    if indicator.kind != IndicatorKind.SHARE:
        return values.get(indicator.pk)
    if indicator.share_source == ShareSource.ACT_PACKAGE:
        complete, counted = package_of
        return scoring.share_percent(complete, counted) if counted else None
    return share(indicator, values, on_time)


def _yes_counts(scope, year):
    """{yes/no indicator id: organizations that said "да"} (one query)."""
    return dict(
        annual_tables.counted_values(year, scope.organizations_all())
        .filter(indicator__kind=IndicatorKind.YES_NO, value__gt=0)
        .order_by()
        .values_list("indicator")
        .annotate(n=Count("pk"))
    )
