"""Interpretation of the activities table, shared by the .xlsx and .docx readers.

The readers hand over the table as rows of cell strings in which a merged
cell's text is repeated in every grid cell it covers (python-docx does that;
the .xlsx reader fills merged ranges the same way). Empty cells are "".
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from ..russian import split_stage_number
from .columns import ACTIVITY, DEADLINE, NUMBER, RESPONSIBLE, RESULT, STAGE
from .detect import Layout, detect_layout
from .records import (
    ImportedActivity,
    ImportedDeadlineRow,
    ImportedStage,
    RoadmapImportError,
)
from .text import clean_text

NO_TABLE = (
    "В файле не найдена таблица мероприятий: не удалось определить столбец с мероприятиями. "
    "Укажите столбцы вручную"
)
# Marks the user puts on rows in the preview.
MARK_STAGE = "stage"
MARK_SKIP = "skip"
NO_ACTIVITIES = "В таблице нет ни одного мероприятия"
DEFAULT_STAGE_TITLE = "Мероприятия"

_ROMAN = re.compile(r"^[IVXLC]+[.)]?$")
_PLACEHOLDER_CHARS = " -\u2010\u2011\u2012\u2013\u2014\u2212.,;:_/\\*"
_NUMBER_LIKE = re.compile(r"^(?:\d+(?:\.\d+)*|[IVXLC]+)[.)]?$")


@dataclass
class TableContent:
    heading_lines: list[str]  # text of the rows above the header
    stages: list[ImportedStage]
    layout: Layout


def clean_rows(rows: Sequence[Sequence[str]]) -> list[list[str]]:
    return [[_cell_text(cell) for cell in row] for row in rows]


def interpret_table(
    rows: Sequence[Sequence[str]],
    merged_rows: Collection[int] = (),
    layout: Layout | None = None,
    row_marks: dict[int, str] | None = None,
) -> TableContent:
    """Read stages and activities from a table given as rows of cell strings.

    ``merged_rows`` holds 0-based indexes of rows the reader knows to be one
    cell merged across the whole table (always a stage row). ``layout`` is the
    user's choice of header row and columns (else they are found by content);
    ``row_marks`` maps 0-based rows the user marked to MARK_STAGE or MARK_SKIP.
    Source row numbers in results and messages are the 1-based row indexes.
    """
    rows = clean_rows(rows)
    if layout is None:
        layout = detect_layout(rows)
        if layout is None or not layout.recognised:
            raise RoadmapImportError(NO_TABLE)
    if ACTIVITY not in layout.columns:
        raise RoadmapImportError(NO_TABLE)
    heading_lines = [_row_text(row) for row in rows[: layout.heading_end]]
    reader = _TableReader(rows, layout, frozenset(merged_rows), row_marks or {})
    stages = reader.read()
    return TableContent([line for line in heading_lines if line], stages, layout)


def _cell_text(cell: str) -> str:
    """Cleaned cell text; a cell of dashes or dots alone ("—", "-") means empty."""
    text = clean_text(cell)
    return "" if not text.strip(_PLACEHOLDER_CHARS) else text


def _row_text(row: Sequence[str]) -> str:
    """One heading line from a row, each merged cell's text once."""
    parts: list[str] = []
    for cell in row:
        if cell and (not parts or parts[-1] != cell):
            parts.append(cell)
    return " ".join(parts)


def _number_key(number: str) -> str:
    """Numbers "1" and "1." are the same."""
    return number.rstrip(".)").strip()


class _TableReader:
    def __init__(self, rows, layout: Layout, merged_rows: frozenset[int], marks: dict[int, str]):
        self.rows = rows
        self.header = layout
        self.labels = rows[layout.header_row] if layout.header_row is not None else None
        self.merged_rows = merged_rows
        self.marks = marks
        self.stages: list[ImportedStage] = []
        self.stage: ImportedStage | None = None
        self.stage_key: str | None = None  # stage-column text the current stage came from
        self.numbers: dict[str, int] = {}  # number key -> source row, in the current stage

    def cell(self, row: Sequence[str], meaning: str) -> str:
        index = self.header.columns.get(meaning)
        return row[index] if index is not None and index < len(row) else ""

    def read(self) -> list[ImportedStage]:
        for index in range(self.header.first_row, len(self.rows)):
            self.read_row(index)
        for stage in self.stages:
            for activity in stage.activities:
                if not activity.deadline_rows:  # every activity has a deadline row
                    activity.deadline_rows.append(ImportedDeadlineRow("", "", activity.source_row))
        if not any(stage.activities for stage in self.stages):
            raise RoadmapImportError(NO_ACTIVITIES)
        # Rows below the table (signatures, notes) look like stages without activities.
        while not self.stages[-1].activities:
            self.stages.pop()
        return self.stages

    def read_row(self, index: int) -> None:
        row = self.rows[index]
        mark = self.marks.get(index)
        if mark == MARK_SKIP or not any(row) or row == self.labels or _is_column_numbering(row):
            return
        if mark == MARK_STAGE:
            text = _row_text(row)
            self.start_stage(*split_stage_number(text), key=text)
            return
        stage = self.stage_from_row(index, row)
        if stage is not None:
            number, title, key = stage
            self.start_stage(number, title, key)
            return
        stage_text = self.cell(row, STAGE)
        if stage_text and stage_text != self.stage_key:
            self.start_stage(*split_stage_number(stage_text), key=stage_text)
        self.read_activity(index, row)

    def stage_from_row(self, index: int, row: list[str]) -> tuple[str, str, str] | None:
        """(number, title, text) when the row is a stage heading rather than an activity."""
        filled = [position for position, cell in enumerate(row) if cell]
        texts = {row[position] for position in filled}
        if index in self.merged_rows or len(texts) == 1:
            text = row[filled[0]]
            if (
                index in self.merged_rows
                or len(filled) > 1
                or self.may_be_stage_cell(filled[0], text)
            ):
                return (*split_stage_number(text), text)
            return None
        # "I" | "Подготовительный этап" merged over the other columns, or a
        # title-only row numbered "1." above activities "1.1", "1.2".
        number = self.cell(row, NUMBER)
        rest = {row[position] for position in filled if position != self.number_column}
        if not number or len(rest) != 1:
            return None
        title = rest.pop()
        if self.cell(row, ACTIVITY) != title:
            return None
        spans = sum(cell == title for cell in row) >= 2
        if spans or _ROMAN.match(number) or self.next_number_is_below(index, number):
            return number, title, title
        return None

    def may_be_stage_cell(self, position: int, text: str) -> bool:
        """Whether a row's only filled cell can be a stage title (Excel puts a merged
        cell's text in the first cell only).

        A lone deadline or responsible is a continuation row, a lone "5" in the
        number column an activity without a title.
        """
        columns = self.header.columns
        if position in (columns.get(meaning) for meaning in (RESULT, DEADLINE, RESPONSIBLE)):
            return False
        if position == columns.get(NUMBER):
            return not _NUMBER_LIKE.match(text)
        return True

    @property
    def number_column(self) -> int | None:
        return self.header.columns.get(NUMBER)

    def next_number_is_below(self, index: int, number: str) -> bool:
        """True when the next numbered row is "1.1" under this "1."."""
        prefix = _number_key(number) + "."
        for row in self.rows[index + 1 :]:
            following = self.cell(row, NUMBER)
            if following:
                return following.startswith(prefix) and len(following) > len(prefix)
        return False

    def start_stage(self, number: str, title: str, key: str | None) -> None:
        self.stage = ImportedStage(title=title, number=number, activities=[])
        self.stages.append(self.stage)
        self.stage_key = key
        self.numbers = {}

    def read_activity(self, index: int, row: list[str]) -> None:
        source_row = index + 1
        number, title = self.cell(row, NUMBER), self.cell(row, ACTIVITY)
        result = self.cell(row, RESULT)
        if result == title:
            result = ""  # a title cell merged across the result column is no result
        deadline, responsible = self.cell(row, DEADLINE), self.cell(row, RESPONSIBLE)
        previous = self.stage.activities[-1] if self.stage and self.stage.activities else None

        # No number and title of its own (or the previous activity's, repeated by
        # a vertically merged cell): another deadline of the previous activity.
        continues = not number and not title
        if previous and number in ("", previous.number) and title in ("", previous.title):
            continues = True
        if continues:
            if not (result or deadline or responsible):
                return  # nothing but a merged number/title or an unknown column
            if previous is None:
                raise RoadmapImportError(
                    f"Строка {source_row}: сроки и ответственные указаны до первого мероприятия",
                    row=source_row,
                )
            if result and result not in previous.result_form:
                previous.result_form = "; ".join(filter(None, [previous.result_form, result]))
            # A deadline and responsible merged down over this row are not a new deadline.
            known = {(line.deadline, line.responsible) for line in previous.deadline_rows}
            if (deadline or responsible) and (deadline, responsible) not in known:
                previous.deadline_rows.append(
                    ImportedDeadlineRow(deadline, responsible, source_row)
                )
            return

        if not title and not _NUMBER_LIKE.match(number):
            return  # a signature or a note under the table ("Начальник управления ... Подпись")
        if not title:
            raise RoadmapImportError(
                f"Строка {source_row}: у мероприятия № {number} нет наименования",
                row=source_row,
            )
        if self.stage is None:
            self.start_stage("", DEFAULT_STAGE_TITLE, None)
        if number:
            key = _number_key(number)
            if key in self.numbers:
                raise RoadmapImportError(
                    f"Строка {source_row}: номер мероприятия {number} уже встречается "
                    f"в этом этапе (строка {self.numbers[key]})",
                    row=source_row,
                )
            self.numbers[key] = source_row
        activity = ImportedActivity(
            number=number, title=title, result_form=result, deadline_rows=[], source_row=source_row
        )
        if deadline or responsible:
            activity.deadline_rows.append(ImportedDeadlineRow(deadline, responsible, source_row))
        self.stage.activities.append(activity)


def _is_column_numbering(row: Sequence[str]) -> bool:
    """The "1 | 2 | 3 | 4 | 5" row Word tables often have under the header."""
    filled = [(position, cell) for position, cell in enumerate(row) if cell]
    return len(filled) >= 3 and all(cell == str(position + 1) for position, cell in filled)
