"""An upload between "read" and "saved": the file's raw table, kept in the session, and the
user's choices of columns and row marks. Re-reading it with other choices needs no new upload.
Plain data in and out of the session; nothing here touches the database."""

from dataclasses import dataclass, field

from .importers import (
    ImportedRoadmap,
    Layout,
    RawTable,
    RoadmapImportError,
    detect_layout,
    interpret_raw_table,
)
from .services import RoadmapStateError, check_lengths

SESSION_KEY = "roadmap_import"


@dataclass
class PendingImport:
    raw: RawTable
    source_name: str
    options: dict = field(default_factory=dict)  # the upload form's fields, as typed
    layout: Layout | None = None  # the user's columns; None: found by content
    marks: dict[int, str] = field(default_factory=dict)  # 0-based row -> MARK_STAGE/MARK_SKIP
    edition: str = ""  # "" (as matched), "new", or a Programme id: see services.edition_match

    @classmethod
    def from_session(cls, session):
        data = session.get(SESSION_KEY)
        if not data or "raw" not in data:
            return None
        return cls(
            raw=RawTable.from_json(data["raw"]),
            source_name=data.get("source_name", ""),
            options=data.get("options", {}),
            layout=Layout.from_json(data["layout"]) if data.get("layout") else None,
            marks={int(row): mark for row, mark in data.get("marks", {}).items()},
            edition=data.get("edition", ""),
        )

    def save(self, session):
        session[SESSION_KEY] = {
            "raw": self.raw.to_json(),
            "source_name": self.source_name,
            "options": self.options,
            "layout": self.layout.to_json() if self.layout else None,
            "marks": {str(row): mark for row, mark in self.marks.items()},
            "edition": self.edition,
        }

    @staticmethod
    def forget(session):
        session.pop(SESSION_KEY, None)

    def read(self, *, title=None, order_number=None) -> tuple[ImportedRoadmap | None, str]:
        """(what the file says under the current choices, "") or (None, why it cannot be read)."""
        try:
            imported = interpret_raw_table(self.raw, self.layout, self.marks)
            check_lengths(imported, title=title, order_number=order_number)
        except (RoadmapImportError, RoadmapStateError) as error:
            return None, str(error)
        return imported, ""

    def shown_layout(self, imported: ImportedRoadmap | None) -> Layout:
        """The columns to show in the mapping form: the user's, else those the reading used,
        else the importer's best guess (a file it could not read on its own)."""
        if self.layout is not None:
            return self.layout
        if imported is not None and imported.layout:
            return Layout.from_json(imported.layout)
        return detect_layout(self.raw.rows) or Layout(header_row=None, first_row=0)
