"""Finding the activities table and what each column holds, by the cells' content.

Header names are a hint, never a requirement: a column is the deadline column because its
cells read as deadlines (the deadline parser's hit rate), the responsible column because its
cells name bodies, positions or persons, the number column because its cells are numbers, and
the activity column is the longest free text left. Every start row of the table is tried;
the best-scoring mapping wins and says how sure it is (0..1).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from ..deadlines import parse_deadline
from .columns import ACTIVITY, DEADLINE, NUMBER, RESPONSIBLE, RESULT, STAGE, classify_label
from .responsible import looks_responsible

MEANINGS = (ACTIVITY, NUMBER, STAGE, RESULT, DEADLINE, RESPONSIBLE)
# Below this the preview asks the user to check the columns before saving.
CONFIDENT = 0.6
_MAX_START = 40  # the table starts within the first rows (title lines above it)
_SAMPLE = 200  # body rows looked at per candidate start: enough to judge, fast on 2,000 rows
_LABEL_WEIGHT = 0.35

_NUMBER_CELL = re.compile(r"^(?:№\s*)?(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6}(?:\.\d{1,3})*)[.)]?$")
_RESULT_START = re.compile(
    r"^\W*(?:наличи|приказ|отч[её]т|справк|положени|протокол|план|информаци|аналитическ"
    r"|распоряжени|утвержд[её]нн|программ|дорожн|база|банк|публикаци|размещени|сайт"
    r"|методическ|рекомендаци|сертификат|диплом|перечень|список|график|документ|пакет"
    r"|локальн|модел|договор|соглашени|материал|результат|мониторинг|сборник|реестр"
    r"|электронн|заявк|анкет|приказы|повышени|количеств|доля|охват|создан|сформирован)",
    re.IGNORECASE,
)
_STAGE_ROW = re.compile(
    r"^(?:[IVXLC]{1,6}[.)]?\s|\d{1,2}[.)]\s|раздел\s|этап\s|\w+\s+этап\b)", re.I
)
_STAGE_END = re.compile(r"\bэтап\W*$", re.I)


@dataclass
class _CellFacts:
    text: str
    number: bool
    deadline: bool
    responsible: bool
    result: bool
    stage_word: bool


def _facts(text: str) -> _CellFacts:
    short = len(text) <= 160
    return _CellFacts(
        text=text,
        number=bool(_NUMBER_CELL.match(text)),
        deadline=short and parse_deadline(text).is_understood,
        responsible=len(text) <= 300 and looks_responsible(text),
        result=bool(_RESULT_START.match(text)),
        stage_word=len(text) <= 300 and bool(_STAGE_ROW.match(text) or _STAGE_END.search(text)),
    )


@dataclass
class _ColumnStats:
    filled: int = 0
    number: int = 0
    deadline: int = 0
    responsible: int = 0
    result: int = 0
    stage_word: int = 0
    repeats: int = 0
    length: int = 0
    label_meaning: str | None = None

    def rate(self, name: str) -> float:
        return getattr(self, name) / self.filled if self.filled else 0.0

    @property
    def average_length(self) -> float:
        return self.length / self.filled if self.filled else 0.0


@dataclass(frozen=True)
class Layout:
    """Where the table is and what each column means."""

    header_row: int | None  # 0-based row of the column names; None: the table has none
    first_row: int  # 0-based first row of the table body
    columns: dict[str, int] = field(default_factory=dict)  # meaning -> 0-based column
    confidence: float = 0.0  # how sure the importer is, 0..1

    @property
    def recognised(self) -> bool:
        """Whether the importer can read the table with no help from the user."""
        return ACTIVITY in self.columns and self.confidence >= CONFIDENT

    @property
    def heading_end(self) -> int:
        """Rows above this one are title lines, not the table."""
        return self.first_row if self.header_row is None else self.header_row

    def to_json(self) -> dict:
        return {
            "header_row": self.header_row,
            "first_row": self.first_row,
            "columns": dict(self.columns),
            "confidence": round(self.confidence, 2),
        }

    @classmethod
    def from_json(cls, data: dict) -> Layout:
        return cls(
            header_row=data.get("header_row"),
            first_row=int(data.get("first_row") or 0),
            columns={str(k): int(v) for k, v in (data.get("columns") or {}).items()},
            confidence=float(data.get("confidence") or 0.0),
        )


class _Grid:
    """Facts about every cell, computed once and shared by every candidate start row."""

    def __init__(self, rows: Sequence[Sequence[str]]):
        self.rows = rows
        self.width = max((len(row) for row in rows), default=0)
        self._facts: dict[tuple[int, int], _CellFacts] = {}

    def facts(self, row: int, column: int) -> _CellFacts:
        key = (row, column)
        if key not in self._facts:
            self._facts[key] = _facts(self.text(row, column))
        return self._facts[key]

    def text(self, row: int, column: int) -> str:
        cells = self.rows[row]
        return cells[column] if column < len(cells) else ""

    @cached_property
    def spanning(self) -> set[int]:
        """Rows whose filled cells all hold one text: stage rows, title lines, empty rows."""
        found = set()
        for index, row in enumerate(self.rows):
            if len({cell for cell in row if cell}) <= 1:
                found.add(index)
        return found


def detect_layout(rows: Sequence[Sequence[str]]) -> Layout | None:
    """The best reading of the rows as a roadmap table, or None when nothing looks like one."""
    grid = _Grid(rows)
    if not grid.width:
        return None
    best: Layout | None = None
    for start in range(min(_MAX_START, len(rows))):
        if start in grid.spanning and start + 1 < len(rows):
            continue  # a table does not start with a title line
        candidate = _layout_from(grid, start)
        if candidate is not None and (best is None or _rank(candidate) > _rank(best) + 0.01):
            best = candidate
    if best is not None and best.recognised:
        return best
    return _layout_from_labels(rows) or best


def _layout_from_labels(rows: Sequence[Sequence[str]]) -> Layout | None:
    """A table with no body to judge by: its header row alone, when it names the activities."""
    for index, row in enumerate(rows[:_MAX_START]):
        columns: dict[str, int] = {}
        exact_activity = False
        for column, label in enumerate(row):
            meaning, exact = classify_label(label)
            if meaning and meaning not in columns:
                columns[meaning] = column
                exact_activity |= exact and meaning == ACTIVITY
        if ACTIVITY in columns and (exact_activity or len(columns) >= 2):
            return Layout(header_row=index, first_row=index + 1, columns=columns, confidence=0.6)
    return None


def _rank(layout: Layout) -> float:
    # A row of column names right above is the surest sign of where a table starts.
    return layout.confidence + (0.05 if layout.header_row is not None else 0.0)


def layout_with_columns(rows: Sequence[Sequence[str]], header_row: int | None, columns) -> Layout:
    """The user's choice: the header row (or none) and the columns; confidence is theirs."""
    first = 0 if header_row is None else header_row + 1
    return Layout(header_row=header_row, first_row=first, columns=dict(columns), confidence=1.0)


def _header_row_above(grid: _Grid, start: int) -> int | None:
    """The row of column names above the body, skipping a "1 | 2 | 3" numbering row and the
    first stage rows (a body row is never a lone title)."""
    index = start - 1
    while index >= 0 and not any(grid.rows[index]):
        index -= 1
    if index >= 0 and _is_column_numbering(grid.rows[index]):
        index -= 1
    skipped = 0
    while index >= 0 and index in grid.spanning and skipped < 3:
        index -= 1
        skipped += 1
    if index >= 0 and _is_column_numbering(grid.rows[index]):
        index -= 1
    if index < 0 or index in grid.spanning:
        return None
    row = grid.rows[index]
    filled = [position for position, cell in enumerate(row) if cell]
    facts = [grid.facts(index, position) for position in filled]
    looks_like_data = any(fact.deadline or fact.number or fact.responsible for fact in facts)
    if len(filled) < 2 or looks_like_data or any(len(row[p]) > 120 for p in filled):
        return None
    return index


def _is_column_numbering(row: Sequence[str]) -> bool:
    filled = [(position, cell) for position, cell in enumerate(row) if cell]
    return len(filled) >= 3 and all(cell == str(position + 1) for position, cell in filled)


def _stats(grid: _Grid, start: int, header_row: int | None) -> tuple[list[_ColumnStats], int]:
    stats = [_ColumnStats() for _ in range(grid.width)]
    if header_row is not None:
        for column, label in enumerate(grid.rows[header_row]):
            stats[column].label_meaning = classify_label(label)[0]
    body = [
        index
        for index in range(start, len(grid.rows))
        if index not in grid.spanning and not _is_column_numbering(grid.rows[index])
    ][:_SAMPLE]
    previous: dict[int, str] = {}
    for index in body:
        for column in range(grid.width):
            text = grid.text(index, column)
            if not text:
                continue
            facts = grid.facts(index, column)
            column_stats = stats[column]
            column_stats.filled += 1
            column_stats.number += facts.number
            column_stats.deadline += facts.deadline
            column_stats.responsible += facts.responsible
            column_stats.result += facts.result
            column_stats.stage_word += facts.stage_word
            column_stats.repeats += previous.get(column) == text
            column_stats.length += len(text)
            previous[column] = text
    return stats, len(body)


def _layout_from(grid: _Grid, start: int) -> Layout | None:
    header_row = _header_row_above(grid, start)
    stats, body_rows = _stats(grid, start, header_row)
    if body_rows < 1:
        return None
    columns, scores = _assign(stats, body_rows)
    if ACTIVITY not in columns:
        return None
    confidence = _confidence(columns, scores, stats, body_rows, header_row is not None)
    if header_row is not None:
        start = header_row + 1  # the reader takes stage rows and skips a numbering row
    else:
        while (
            start > 0
            and start - 1 in grid.spanning
            and _STAGE_ROW.match(_row_text(grid, start - 1))
        ):
            start -= 1  # a table with no header row may open with its first stage
    return Layout(header_row=header_row, first_row=start, columns=columns, confidence=confidence)


def _row_text(grid: _Grid, index: int) -> str:
    return next((cell for cell in grid.rows[index] if cell), "")


def _label(stats: _ColumnStats, meaning: str) -> float:
    """The header's word on a column: a bonus when it names this meaning, a malus when it
    names another one."""
    if stats.label_meaning is None:
        return 0.0
    return _LABEL_WEIGHT if stats.label_meaning == meaning else -_LABEL_WEIGHT


def _assign(stats: list[_ColumnStats], body_rows: int) -> tuple[dict[str, int], dict[str, float]]:
    """Meaning -> column, greedily, the surest kinds of content first."""
    columns: dict[str, int] = {}
    scores: dict[str, float] = {}
    free = set(range(len(stats)))

    def take(meaning, score_of, minimum):
        ranked = sorted(
            (
                (score_of(stats[column]) + _label(stats[column], meaning), -column)
                for column in free
            ),
            reverse=True,
        )
        if ranked and ranked[0][0] >= minimum:
            column = -ranked[0][1]
            columns[meaning] = column
            scores[meaning] = min(1.0, ranked[0][0])
            free.discard(column)

    def sparse(s):
        return s.filled < max(1, body_rows // 10)

    take(NUMBER, lambda s: 0 if sparse(s) or s.average_length > 12 else s.rate("number"), 0.6)
    take(DEADLINE, lambda s: 0 if sparse(s) else s.rate("deadline"), 0.3)
    take(
        RESPONSIBLE,
        lambda s: 0 if sparse(s) or s.average_length > 160 else s.rate("responsible"),
        0.35,
    )
    take(
        STAGE,
        lambda s: (
            0
            if sparse(s) or s.rate("number") > 0.5
            else 0.6 * s.rate("stage_word") + 0.4 * s.rate("repeats")
        ),
        0.5,
    )
    _assign_texts(stats, free, columns, scores, body_rows)
    for column in sorted(free):  # a column the header names and the content did not refute
        meaning = stats[column].label_meaning
        if meaning and meaning not in columns and stats[column].filled:
            columns[meaning] = column
            scores[meaning] = 0.5
    return columns, scores


def _assign_texts(stats, free, columns, scores, body_rows) -> None:
    """Activity and result: the two longest free texts; the result reads as one."""
    texts = [
        column
        for column in sorted(free)
        if stats[column].filled >= max(1, body_rows // 4)
        and stats[column].average_length >= 3
        and stats[column].rate("number") < 0.5
        and stats[column].label_meaning in (None, ACTIVITY, RESULT)
    ]
    if not texts:
        return
    texts.sort(key=lambda column: stats[column].average_length, reverse=True)
    longest = texts[:3]

    def activity_score(column):
        s = stats[column]
        # Activities fill most rows; a result column reads as a document or an outcome.
        return (
            s.filled / body_rows
            + (1 - s.rate("result"))
            + _label(s, ACTIVITY) * 2
            - _label(s, RESULT) * 2
            - 0.1 * sorted(free).index(column)  # activities come before results
        )

    activity = max(longest, key=activity_score)
    columns[ACTIVITY] = activity
    scores[ACTIVITY] = min(1.0, stats[activity].filled / body_rows)
    free.discard(activity)
    results = [
        column
        for column in longest
        if column != activity
        and (stats[column].rate("result") >= 0.3 or stats[column].label_meaning == RESULT)
    ]
    if results:
        result = max(results, key=lambda column: stats[column].rate("result"))
        columns[RESULT] = result
        scores[RESULT] = max(stats[result].rate("result"), _label(stats[result], RESULT))
        free.discard(result)


def _confidence(columns, scores, stats, body_rows, has_header) -> float:
    """Mean sureness of the essential columns; a missing one counts as a doubt."""
    parts = [scores.get(ACTIVITY, 0.0)]
    parts.append(scores.get(DEADLINE, 0.0))
    parts.append(scores.get(RESPONSIBLE, 0.0))
    if NUMBER in columns:
        parts.append(scores[NUMBER])
    confidence = sum(parts) / len(parts)
    if has_header:
        # The header agreeing with the content adds to it; it never decides alone.
        agreeing = [stats[column].label_meaning == meaning for meaning, column in columns.items()]
        confidence += 0.15 * (stats[columns[ACTIVITY]].label_meaning == ACTIVITY)
        confidence += 0.05 * sum(agreeing) / len(agreeing)
    if body_rows < 2 and not has_header:
        confidence *= 0.5  # one row is too little to tell a table from a layout
    return round(min(1.0, confidence), 2)
