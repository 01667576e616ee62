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


class RoadmapImportError(ValueError):
    """The file cannot be imported; the message is Russian and shown to the user.

    ``row`` is the 1-based table row the message is about, when there is one.
    """

    def __init__(self, message: str, row: int | None = None):
        super().__init__(message)
        self.row = row
