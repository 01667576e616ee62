"""Efficiency scoring rules as plain functions: no Django model, no database.

A methodology is data (blocks with weights, criteria with a rule and bands); this module only
knows how each kind of rule turns what an organization reported into points, how points add
up into a per cent, which level a per cent reaches, and how organizations rank. Storing the
result, and finding the inputs, is `reports/scores.py`.

"Not applicable" is `None` everywhere: a criterion that does not apply to an organization
(no young teachers, so no share of young teachers with a mentor) returns `None` and leaves
the denominator, instead of scoring 0 and punishing the organization for what it cannot have.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

HUNDRED = Decimal(100)
CENT = Decimal("0.01")

# Defaults from published practice (see shared/domain/monitoring.md); a methodology stores
# its own copy in each criterion, so changing these never changes a stored methodology.
DEFAULT_SHARE_BANDS = ({"from": 70, "points": 2}, {"from": 40, "points": 1})
DEFAULT_CUTOFF_BANDS = (
    {"from": 100, "points": 1},
    {"from": 90, "points": "0.9"},
    {"from": 80, "points": "0.8"},
)


class BandsError(ValueError):
    """Bands that cannot be scored with; the message is Russian, for the form."""


@dataclass(frozen=True)
class Band:
    lower: Decimal  # the band starts here (inclusive) and runs up to the next band's start
    points: Decimal


@dataclass(frozen=True)
class Thresholds:
    """Where each level starts, in per cent of the maximum (the methodology's own figures)."""

    high_from: Decimal = Decimal(80)
    sufficient_from: Decimal = Decimal(60)
    medium_from: Decimal = Decimal(40)


def to_decimal(value):
    """A number from a form, JSON or the database as Decimal (floats through str, exactly)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool) or value is None:
        raise BandsError("Ожидалось число.")
    try:
        result = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise BandsError(f"«{value}» — не число.") from None
    if not result.is_finite():
        raise BandsError(f"«{value}» — не число.")
    return result


def parse_bands(raw, *, percent=False) -> tuple[Band, ...]:
    """Bands as stored (`[{"from": 70, "points": 2}, ...]`, highest first), checked.

    Well-formed means: at least one band; each start and each number of points ≥ 0; starts
    strictly falling; points never rising as the start falls (a better result never scores
    less); per cent bands start at most at 100. Below the lowest start a result scores 0.
    """
    if not isinstance(raw, Sequence) or isinstance(raw, str) or not raw:
        raise BandsError("Укажите хотя бы один диапазон.")
    bands = []
    for position, item in enumerate(raw, start=1):
        if not isinstance(item, Mapping) or "from" not in item or "points" not in item:
            raise BandsError(f"Диапазон {position}: нужны «от» и «баллы».")
        band = Band(lower=to_decimal(item["from"]), points=to_decimal(item["points"]))
        if band.lower < 0 or band.points < 0:
            raise BandsError(f"Диапазон {position}: значения не могут быть отрицательными.")
        if percent and band.lower > HUNDRED:
            raise BandsError(f"Диапазон {position}: процент не может быть больше 100.")
        if bands and band.lower >= bands[-1].lower:
            raise BandsError("Начала диапазонов должны убывать: от большего к меньшему.")
        if bands and band.points > bands[-1].points:
            raise BandsError("Меньшему значению не может соответствовать больше баллов.")
        bands.append(band)
    return tuple(bands)


def max_band_points(bands) -> Decimal:
    """The most a banded criterion can score: its top band's points."""
    return parse_bands(bands)[0].points


def banded_points(value, bands) -> Decimal | None:
    """Points of the highest band whose start `value` reaches; 0 below every band.
    `value` None (not applicable) stays None."""
    if value is None:
        return None
    value = to_decimal(value)
    for band in parse_bands(bands):
        if value >= band.lower:
            return band.points
    return Decimal(0)


def share_percent(numerator, denominator, *, cap_at_100=False) -> Decimal | None:
    """numerator ÷ denominator in per cent, to 0.01; None when the denominator is missing or
    zero (nothing to take a share of: not applicable), or the numerator is missing."""
    if numerator is None or denominator is None:
        return None
    numerator, denominator = to_decimal(numerator), to_decimal(denominator)
    if denominator <= 0:
        return None
    percent = (numerator * HUNDRED / denominator).quantize(CENT, rounding=ROUND_HALF_UP)
    return min(percent, HUNDRED) if cap_at_100 else percent


# --- The rule kinds ---------------------------------------------------------------------------


def document_points(*, has_accepted_evidence, max_points=1) -> Decimal:
    """Presence of a document: full points only with accepted evidence (a document merely
    uploaded or still under review proves nothing yet), else 0. Always applies."""
    return to_decimal(max_points) if has_accepted_evidence else Decimal(0)


def share_bands_points(*, percent, bands=DEFAULT_SHARE_BANDS) -> Decimal | None:
    """A share against a target, in bands (default: ≥ 70 % → 2, 40–69 % → 1, below → 0)."""
    return banded_points(percent, bands)


def percent_cutoff_points(*, percent, bands=DEFAULT_CUTOFF_BANDS) -> Decimal | None:
    """A percentage of execution with a cut-off (default: 100 % → 1, 90 % → 0.9, 80 % → 0.8,
    below 80 % → 0). Over-fulfilment counts as 100 %, never more."""
    if percent is None:
        return None
    return banded_points(min(to_decimal(percent), HUNDRED), bands)


def count_bands_points(*, count, bands) -> Decimal | None:
    """A count in steps (e.g. contest participants 1–2 → 1, 3–4 → 2, 5 and more → 3)."""
    return banded_points(count, bands)


def roadmap_on_time_points(*, owed, on_time, bands=None, max_points=1) -> Decimal | None:
    """The share of the organization's roadmap obligations accepted on time. In bands when the
    criterion has them, otherwise in proportion (all on time → max_points). Nothing owed in
    the year → not applicable: an organization cannot be late with nothing to do."""
    percent = share_percent(on_time, owed, cap_at_100=True)
    if percent is None:
        return None
    if bands:
        return banded_points(percent, bands)
    return (to_decimal(max_points) * percent / HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


# --- Adding up --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionResult:
    points: Decimal | None  # None: not applicable
    max_points: Decimal


@dataclass(frozen=True)
class BlockResult:
    weight: Decimal  # per cent of the total, as the methodology states it
    criteria: tuple[CriterionResult, ...]

    @property
    def percent(self) -> Decimal | None:
        """The block's points over the maximum of the criteria that apply, in per cent."""
        applicable = [c for c in self.criteria if c.points is not None]
        maximum = sum((c.max_points for c in applicable), Decimal(0))
        if maximum <= 0:
            return None
        earned = sum((c.points for c in applicable), Decimal(0))
        return (earned * HUNDRED / maximum).quantize(CENT, rounding=ROUND_HALF_UP)


def total_percent(blocks: Iterable[BlockResult]) -> Decimal | None:
    """The weighted total, 0–100.

    A block whose criteria all do not apply drops out, and the remaining weights are
    renormalised to 100 %: an organization is judged on what applies to it, so a block it
    cannot be measured on neither helps nor hurts (30/30/20/20 with the last block out
    becomes 30/30/20 out of 80). Nothing applicable at all → None (no score, no level).
    """
    weighted, weights = Decimal(0), Decimal(0)
    for block in blocks:
        percent = block.percent
        if percent is None or block.weight <= 0:
            continue
        weighted += block.weight * percent
        weights += block.weight
    if weights == 0:
        return None
    return (weighted / weights).quantize(CENT, rounding=ROUND_HALF_UP)


def level_for(percent, thresholds: Thresholds = Thresholds()) -> str | None:
    """The level key (`ScoreLevel` values) a per cent reaches; None without a per cent."""
    if percent is None:
        return None
    percent = to_decimal(percent)
    if percent >= thresholds.high_from:
        return "high"
    if percent >= thresholds.sufficient_from:
        return "sufficient"
    if percent >= thresholds.medium_from:
        return "medium"
    return "low"


def check_thresholds(thresholds: Thresholds):
    """Level thresholds must fall strictly, within 0–100; a Russian message otherwise."""
    values = (thresholds.high_from, thresholds.sufficient_from, thresholds.medium_from)
    if any(v < 0 or v > HUNDRED for v in values):
        raise BandsError("Пороги уровней должны быть от 0 до 100.")
    if not values[0] > values[1] > values[2]:
        raise BandsError("Пороги должны убывать: высокий > достаточный > средний.")


def check_weights(weights: Iterable) -> None:
    """Block weights are positive and add up to exactly 100 %."""
    weights = [to_decimal(w) for w in weights]
    if not weights:
        raise BandsError("В методике нет ни одного блока.")
    if any(w <= 0 for w in weights):
        raise BandsError("Вес блока должен быть больше нуля.")
    total = sum(weights, Decimal(0))
    if total != HUNDRED:
        raise BandsError(f"Сумма весов блоков должна быть 100 %, сейчас {total.normalize():f} %.")


def competition_ranks(percents: Mapping) -> dict:
    """Ranks by per cent, highest first, ties sharing a rank and the next rank skipping
    ("1, 2, 2, 4"): the usual way a ranking table reads. Keys without a per cent get none."""
    scored = sorted(
        ((key, to_decimal(p)) for key, p in percents.items() if p is not None),
        key=lambda item: item[1],
        reverse=True,
    )
    ranks, previous, previous_rank = {}, None, 0
    for position, (key, percent) in enumerate(scored, start=1):
        rank = previous_rank if percent == previous else position
        ranks[key] = rank
        previous, previous_rank = percent, rank
    return ranks
