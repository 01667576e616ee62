"""Efficiency scores: computed for a year and an office's organizations with the methodology
approved for that year, stored (Score + CriterionScore with the inputs), ranked and given a
level; and the reads that pages and exports use (`ranking_rows`, `score_detail`).

A closed year keeps the scores stored when it was closed: recomputing replaces a year's
scores only while the year is open, so a past report never changes under its readers.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, F, Value, Window
from django.db.models.functions import Rank
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.policy import Capability, can, year_is_closed
from organizations.models import Organization

from . import scoring
from .methodology import PERCENT_RULES, approved_for_year
from .models import Criterion, CriterionScore, Methodology, Score, ScoreLevel
from .score_inputs import YearInputs


class ScoresError(Exception):
    """Scores cannot be computed now; the message is Russian and shown to the user."""


@dataclass(frozen=True)
class ComputeResult:
    methodology: object
    scored: int
    without_score: int  # organizations with nothing applicable: no per cent, no level


def organizations_scored(office):
    """Whom an office's ranking covers: its active educational organizations."""
    return Organization.objects.active().educational().subtree_of(office)


@transaction.atomic
def compute_scores(*, by, office, year):
    """Score every organization of `office` for `year`, replacing that year's stored scores
    of these organizations (whatever methodology made them). `by` None: the command."""
    if by is not None and not can(by, Capability.COMPUTE_SCORES):
        raise ScoresError(_("Рассчитывать оценки могут только сотрудники управления."))
    # Lock the office row: two recomputations of one office's year run one after the other.
    Organization.objects.select_for_update().filter(pk=office.pk).first()
    if year_is_closed(office, year):
        raise ScoresError(
            _("%(year)s год закрыт: его оценки сохранены и не пересчитываются.") % {"year": year}
        )
    methodology = approved_for_year(year)
    if methodology is None:
        raise ScoresError(
            _("На %(year)s год нет утверждённой методики оценки эффективности.") % {"year": year}
        )
    criteria = list(
        Criterion.objects.filter(block__methodology=methodology)
        .select_related("block", "act_type")
        .order_by("block__position", "block__pk", "position", "pk")
    )
    organization_ids = list(organizations_scored(office).values_list("pk", flat=True))
    inputs = YearInputs(criteria=criteria, organization_ids=organization_ids, year=year)
    thresholds = scoring.Thresholds(
        methodology.high_from, methodology.sufficient_from, methodology.medium_from
    )
    results = {pk: _score_one(criteria, inputs, pk, thresholds) for pk in organization_ids}
    ranks = scoring.competition_ranks(
        {pk: percent for pk, (percent, _level, _items) in results.items()}
    )
    _store(methodology, year, results, ranks)
    without = sum(1 for percent, _level, _items in results.values() if percent is None)
    return ComputeResult(
        methodology=methodology, scored=len(results) - without, without_score=without
    )


def _score_one(criteria, inputs, organization_id, thresholds):
    """(per cent, level, [(criterion, Points)]) of one organization."""
    items = [(criterion, inputs.points(criterion, organization_id)) for criterion in criteria]
    blocks = {}
    for criterion, points in items:
        blocks.setdefault(criterion.block, []).append(
            scoring.CriterionResult(points.points, points.max_points)
        )
    percent = scoring.total_percent(
        scoring.BlockResult(block.weight, tuple(results)) for block, results in blocks.items()
    )
    return percent, scoring.level_for(percent, thresholds), items


def _store(methodology, year, results, ranks):
    Score.objects.filter(year=year, organization__in=list(results)).delete()
    now = timezone.now()
    scores = Score.objects.bulk_create(
        Score(
            methodology=methodology,
            organization_id=pk,
            year=year,
            percent=percent,
            level=level or "",
            rank=ranks.get(pk),
            computed_at=now,
        )
        for pk, (percent, level, _items) in results.items()
    )
    CriterionScore.objects.bulk_create(
        (
            CriterionScore(
                score=score,
                criterion=criterion,
                points=points.points,
                max_points=points.max_points,
                inputs=points.inputs,
            )
            for score in scores
            for criterion, points in results[score.organization_id][2]
        ),
        batch_size=2000,
    )


# --- Reads -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RankingRow:
    rank: int | None
    score_id: int
    organization_id: int
    organization: str
    percent: Decimal | None
    level: str
    level_label: str
    methodology: str
    computed_at: object


RANKING_FIELDS = (
    "pk",
    "organization_id",
    "organization__name",
    "organization__short_name",
    "percent",
    "level",
    "methodology_id",
    "computed_at",
    "place",
)


def _of(year, organizations):
    """The year's scores of `organizations` (a queryset), or of every organization (None)."""
    scores = Score.objects.filter(year=year)
    return scores if organizations is None else scores.filter(organization__in=organizations)


def ranked_scores(*, year, organizations, worst_first=False):
    """The year's scores of `organizations` (any queryset: an office's subtree, a region) as
    plain values, best first, each with its place among these organizations computed by the
    database (RANK(): ties share a place and the next one skips, "1, 2, 2, 4"), so a page of a
    20,000-row ranking costs one small query. Scores without a per cent come last.
    `worst_first`: the same places, read from the end (the bottom of the ranking).
    `organizations` None: every organization (no filter to test 100 000 ids against)."""
    best_first = F("percent").desc(nulls_last=True)
    ranked = _of(year, organizations).annotate(place=Window(Rank(), order_by=best_first))
    if worst_first:
        ranked = ranked.filter(percent__isnull=False).order_by(
            F("percent").asc(), "-organization__name", "-pk"
        )
    else:
        ranked = ranked.order_by(best_first, "organization__name", "pk")
    return ranked.values_list(*RANKING_FIELDS)


def best_scores(*, year, organizations, limit):
    """The first `limit` rows of ranked_scores, places included, without ranking every row:
    the places of a ranking's first rows follow from those rows alone (one more than the
    number of rows before with a higher per cent). One top-N query, which the index on
    (year, per cent) answers for the whole country in a moment; ranking its 100 000 scores
    to show ten took 29 ms."""
    best_first = F("percent").desc(nulls_last=True)
    rows = list(
        _of(year, organizations)
        .annotate(place=Value(0))
        .order_by(best_first, "organization__name", "pk")
        .values_list(*RANKING_FIELDS)[:limit]
    )
    percent = RANKING_FIELDS.index("percent")
    placed = []
    for index, row in enumerate(rows):
        tied = index and row[percent] == rows[index - 1][percent]
        placed.append((*row[:-1], placed[-1][-1] if tied else index + 1))
    return placed


def ranking_rows(*, year, organizations, scores=None) -> Iterator[RankingRow]:
    """RankingRow for each of `ranked_scores` (or of `scores`, a slice of it, e.g. a page):
    the plain function the report page and the exports read. Two queries."""
    names = {m.pk: str(m) for m in Methodology.objects.all()}  # a handful of rows
    labels = {value: str(label) for value, label in ScoreLevel.choices}
    unknown = _("не определён")
    if scores is None:
        scores = ranked_scores(year=year, organizations=organizations)
    for (
        pk,
        organization_id,
        name,
        short_name,
        percent,
        level,
        methodology_id,
        computed_at,
        place,
    ) in scores:
        yield RankingRow(
            rank=place if percent is not None else None,
            score_id=pk,
            organization_id=organization_id,
            organization=short_name or name,
            percent=percent,
            level=level,
            level_label=labels.get(level, unknown),
            methodology=names[methodology_id],
            computed_at=computed_at,
        )


def level_counts(*, year, organizations):
    """{level: number of organizations} for the year (one query); `organizations` as for
    ranked_scores."""
    counts = dict.fromkeys(ScoreLevel.values, 0)
    rows = (
        _of(year, organizations)
        .exclude(level="")
        .order_by()
        .values_list("level")
        .annotate(n=Count("pk"))
    )
    counts.update(dict(rows))
    return counts


@dataclass(frozen=True)
class BlockDetail:
    title: str
    weight: Decimal
    percent: Decimal | None
    items: list


def score_detail(score):
    """The blocks of a stored score, each with its criteria's stored points and inputs, and
    the block's per cent (as the total was computed). Two queries."""
    items = list(
        CriterionScore.objects.filter(score=score)
        .select_related("criterion__block", "criterion__indicator", "criterion__act_type")
        .order_by(
            "criterion__block__position",
            "criterion__block__pk",
            "criterion__position",
            "criterion__pk",
        )
    )
    blocks = {}
    for item in items:
        _with_display_dates(item.inputs)
        item.measured_display = _measured_display(item)
        blocks.setdefault(item.criterion.block, []).append(item)
    return [
        BlockDetail(
            title=block.title,
            weight=block.weight,
            percent=scoring.BlockResult(
                block.weight,
                tuple(scoring.CriterionResult(i.points, i.max_points) for i in block_items),
            ).percent,
            items=block_items,
        )
        for block, block_items in blocks.items()
    ]


def _with_display_dates(inputs):
    """Stored dates are ISO (data); the page shows DD.MM.YYYY."""
    for act in inputs.get("evidence") or []:
        if act.get("date"):
            act["date_display"] = date.fromisoformat(act["date"]).strftime("%d.%m.%Y")


def _measured_display(item):
    """The figure a criterion scored, as the page shows it: «49,71 %» for shares."""
    measured = item.inputs.get("measured")
    if measured is None:
        return None
    text = str(measured).replace(".", ",")
    return f"{text} %" if item.criterion.rule in PERCENT_RULES else text
