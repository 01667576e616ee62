"""Plain results of reading a roadmap file (no database objects here)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass
class ImportedDeadlineRow:
    deadline: str  # as written, whitespace collapsed
    responsible: str  # as written, whitespace collapsed; see split_responsible()
    source_row: int  # 1-based row number in the file's table, for messages


@dataclass
class ImportedActivity:
    number: str  # as written: "1", "1.", "2.3" or "" when the file has no numbers
    title: str
    result_form: str  # may be ""
    deadline_rows: list[ImportedDeadlineRow]  # always at least one
    source_row: int


@dataclass
class ImportedStage:
    title: str
    number: str  # prefix split off the title ("I.", "1."), else ""
    activities: list[ImportedActivity]


@dataclass
class ImportedRoadmap:
    title: str = ""
    programme_title: str = ""
    order_number: str = ""
    order_date: datetime.date | None = None
    appendix: str = ""
    issuer: str = ""
    first_year: int | None = None
    last_year: int | None = None
    stages: list[ImportedStage] = field(default_factory=list)
    # How the table was read: header row, columns by meaning, confidence (Layout.to_json()).
    layout: dict = field(default_factory=dict)


@dataclass
class RawTable:
    """A file's activities table before interpretation: what the mapping view shows."""

    rows: list[list[str]]  # cell text; a merged cell's text fills every grid cell it covers
    merged_rows: set[int] = field(default_factory=set)  # 0-based rows that are one merged cell
    heading_lines: list[str] = field(default_factory=list)  # text above the table (Word, PDF)

    def to_json(self) -> dict:
        return {
            "rows": self.rows,
            "merged_rows": sorted(self.merged_rows),
            "heading_lines": self.heading_lines,
        }

    @classmethod
    def from_json(cls, data: dict) -> RawTable:
        return cls(
            rows=[[str(cell) for cell in row] for row in data.get("rows", [])],
            merged_rows=set(data.get("merged_rows", [])),
            heading_lines=list(data.get("heading_lines", [])),
        )


class RoadmapImportError(ValueError):
    """The file cannot be imported; the message is Russian and shown to the user.

    ``row`` is the 1-based table row the message is about, when there is one.
    """

    def __init__(self, message: str, row: int | None = None):
        super().__init__(message)
        self.row = row
