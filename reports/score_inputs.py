"""What goes into a score: each organization's accepted indicator values, its accepted local
acts and its roadmap obligations for a year, gathered in a fixed number of queries whatever
the number of organizations, and turned into points criterion by criterion (reports/scoring.py
has the rules). `inputs` of each result is stored beside the points, so a score can always
show what it was made of.

Only accepted data counts: values of an accepted return, local acts of accepted obligations.
An organization whose return is not accepted scores 0 on indicator criteria (not "not
applicable": not reporting must not lift it out of the denominator).
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from obligations.models import Obligation

from . import package, progress, scoring
from .models import (
    CriterionRule,
    Indicator,
    IndicatorKind,
    IndicatorValue,
    ReturnStatus,
    ShareSource,
)

# How "не применимо" is kept among the values (and in the stored inputs).
NOT_APPLICABLE = "n/a"


@dataclass(frozen=True)
class Points:
    points: object  # Decimal, or None when the criterion does not apply
    max_points: object
    inputs: dict


class YearInputs:
    """Everything the criteria of one methodology need for `organizations` in `year`."""

    def __init__(self, *, criteria, organization_ids, year):
        self.year = year
        self.criteria = criteria
        self.indicators = _indicators_of(criteria)
        self.values, self.returns = _accepted_values(organization_ids, year, self.indicators)
        self.acts = _accepted_acts(
            organization_ids, year, {c.act_type.code for c in criteria if c.act_type_id}
        )
        self.roadmap = _roadmap_counts(organization_ids, year)

    def points(self, criterion, organization_id):
        rule = criterion.rule
        if rule == CriterionRule.DOCUMENT:
            return self._document(criterion, organization_id)
        if rule == CriterionRule.ROADMAP_ON_TIME:
            return self._roadmap(criterion, organization_id)
        return self._indicator(criterion, organization_id)

    def _document(self, criterion, organization_id):
        code = criterion.act_type.code
        acts = self.acts.get((organization_id, code), [])
        points = scoring.document_points(
            has_accepted_evidence=bool(acts), max_points=criterion.max_points
        )
        return Points(points, criterion.max_points, {"act_type": code, "evidence": acts})

    def _roadmap(self, criterion, organization_id):
        owed, on_time = self.roadmap.get(organization_id, (0, 0))
        points = scoring.roadmap_on_time_points(
            owed=owed,
            on_time=on_time,
            bands=criterion.bands or None,
            max_points=criterion.max_points,
        )
        percent = scoring.share_percent(on_time, owed, cap_at_100=True)
        inputs = {"owed": owed, "on_time": on_time, "percent": _text(percent)}
        return Points(points, criterion.max_points, inputs)

    def _indicator(self, criterion, organization_id):
        indicator = self.indicators[criterion.indicator_id]
        return_id = self.returns.get(organization_id)
        inputs = {"indicator": indicator.code, "return_id": return_id}
        if return_id is None:
            inputs["not_reported"] = True
            return Points(Decimal(0), criterion.max_points, inputs)
        values = self.values[organization_id]
        measured, used = self._measure(indicator, organization_id, values)
        inputs.update(values=used, measured=_text(measured))
        if criterion.rule == CriterionRule.SHARE_BANDS:
            points = scoring.share_bands_points(percent=measured, bands=criterion.bands)
        elif criterion.rule == CriterionRule.PERCENT_CUTOFF:
            points = scoring.percent_cutoff_points(percent=measured, bands=criterion.bands)
        else:
            points = scoring.count_bands_points(count=measured, bands=criterion.bands)
        return Points(points, criterion.max_points, inputs)

    def _measure(self, indicator, organization_id, values):
        """The figure a criterion scores (a per cent for shares), and the values it came from.
        "Не применимо" makes the figure None (the criterion leaves the denominator); a value
        left empty in an accepted return counts as 0."""
        if indicator.kind != IndicatorKind.SHARE:
            value = values.get(indicator.code)
            measured = None if value is NOT_APPLICABLE else (value or Decimal(0))
            return measured, {indicator.code: _text(value)}
        if indicator.share_source == ShareSource.ROADMAP_ON_TIME:
            owed, on_time = self.roadmap.get(organization_id, (0, 0))
            return scoring.share_percent(on_time, owed, cap_at_100=True), {
                "owed": owed,
                "on_time": on_time,
            }
        parts = {i.code: values.get(i.code) for i in indicator.numerator.all()}
        used = {code: _text(value) for code, value in parts.items()}
        whole = None
        if indicator.denominator_id:
            whole = values.get(indicator.denominator.code)
            used[indicator.denominator.code] = _text(whole)
        if whole is NOT_APPLICABLE:
            whole = None
        numerator = sum((v for v in parts.values() if v not in (None, NOT_APPLICABLE)), Decimal(0))
        return scoring.share_percent(numerator, whole, cap_at_100=indicator.cap_at_100), used


def _text(value):
    """Values as JSON keeps them: decimals as exact text, "не применимо" as its marker."""
    if value is None or value is NOT_APPLICABLE:
        return value
    return f"{value.normalize():f}" if hasattr(value, "normalize") else value


def _indicators_of(criteria):
    """The criteria's indicators with the parts of their shares (one query + prefetch)."""
    ids = {c.indicator_id for c in criteria if c.indicator_id}
    indicators = (
        Indicator.objects.filter(pk__in=ids)
        .select_related("denominator")
        .prefetch_related("numerator")
    )
    return {i.pk: i for i in indicators}


def _accepted_values(organization_ids, year, indicators):
    """({organization: {code: value}}, {organization: return id}) from accepted returns; a
    value marked "не применимо" is NOT_APPLICABLE, an empty one None."""
    codes = set()
    for indicator in indicators.values():
        codes.add(indicator.code)
        codes.update(i.code for i in indicator.numerator.all())
        if indicator.denominator_id:
            codes.add(indicator.denominator.code)
    rows = IndicatorValue.objects.filter(
        indicator_return__organization__in=organization_ids,
        indicator_return__year=year,
        indicator_return__status=ReturnStatus.ACCEPTED,
        indicator__code__in=codes,
    ).values_list(
        "indicator_return__organization",
        "indicator_return",
        "indicator__code",
        "value",
        "not_applicable",
    )
    values, returns = defaultdict(dict), {}
    for organization_id, return_id, code, value, not_applicable in rows:
        values[organization_id][code] = NOT_APPLICABLE if not_applicable else value
        returns[organization_id] = return_id
    # An accepted return with none of these values still counts as reported.
    for organization_id, return_id in _accepted_returns(organization_ids, year):
        returns.setdefault(organization_id, return_id)
    return values, returns


def _accepted_returns(organization_ids, year):
    from .models import IndicatorReturn

    return IndicatorReturn.objects.filter(
        organization__in=organization_ids, year=year, status=ReturnStatus.ACCEPTED
    ).values_list("organization", "pk")


def _accepted_acts(organization_ids, year, act_type_codes):
    """{(organization, act type): [evidence as a dict]}: the acts that count for `year`, as the
    package page counts them (reports/package.py: accepted, present, in force by the year's
    end)."""
    if not act_type_codes:
        return {}
    rows = (
        package.counted_acts(year)
        .filter(act_type__in=act_type_codes, obligation__organization__in=organization_ids)
        .order_by("-effective_date", "-pk")
        .values_list(
            "obligation__organization",
            "act_type",
            "pk",
            "obligation",
            "title",
            "act_number",
            "act_date",
        )
    )
    acts = defaultdict(list)
    for organization_id, act_type, pk, obligation_id, title, number, date in rows:
        acts[(organization_id, act_type)].append(
            {
                "id": pk,
                "obligation_id": obligation_id,
                "title": title,
                "number": number,
                "date": date.isoformat() if date else None,
            }
        )
    return acts


def _roadmap_counts(organization_ids, year):
    """{organization: (owed, accepted on time)} for the year, as the dashboard and the annual
    report count them (reports/progress.py defines "owed" and "on time" once)."""
    owed = progress.owed(Obligation.objects.filter(organization__in=organization_ids), year)
    rows = progress.by_organization(owed, on=timezone.localdate())
    return {organization_id: (p.owed, p.on_time) for organization_id, p in rows.items()}
