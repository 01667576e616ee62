"""What an import would create, before anything is saved: used by the upload preview page and
by `import_roadmap`. Also turns the importer's dataclasses into JSON-able dicts and back, so
the preview can be kept in the session between "upload" and "save"."""

import datetime as dt
from dataclasses import asdict, dataclass, field

from .deadlines import DeadlineKind, ParsedDeadline, parse_deadline
from .importers import (
    ImportedActivity,
    ImportedDeadlineRow,
    ImportedRoadmap,
    ImportedStage,
    split_responsible,
)
from .models import PartyKind
from .russian import activity_label
from .services import party_matcher


@dataclass
class PreviewParty:
    text: str
    kind: str
    organization: object = None  # an Organization or None

    @property
    def unmatched(self):
        return self.kind == PartyKind.UNMATCHED


@dataclass
class PreviewRow:
    deadline: str
    responsible: str
    source_row: int
    parsed: ParsedDeadline
    parties: list[PreviewParty]

    @property
    def deadline_flagged(self):
        """The deadline will need setting by hand (not recognised, or an event to date)."""
        return self.parsed.kind in (DeadlineKind.UNKNOWN, DeadlineKind.AFTER_EVENT)

    @property
    def flagged(self):
        return self.deadline_flagged or any(party.unmatched for party in self.parties)


@dataclass
class PreviewActivity:
    number: str
    title: str
    result_form: str
    rows: list[PreviewRow]
    label: str = ""  # as the portal will cite it (roadmap.russian.activity_label)


@dataclass
class PreviewStage:
    number: str
    title: str
    activities: list[PreviewActivity]


@dataclass
class ImportPreview:
    imported: ImportedRoadmap
    stages: list[PreviewStage] = field(default_factory=list)

    @property
    def rows(self):
        return [
            row for stage in self.stages for activity in stage.activities for row in activity.rows
        ]

    @property
    def stage_count(self):
        return len(self.stages)

    @property
    def activity_count(self):
        return sum(len(stage.activities) for stage in self.stages)

    @property
    def row_count(self):
        return len(self.rows)

    @property
    def flagged_deadline_count(self):
        return sum(row.deadline_flagged for row in self.rows)

    @property
    def unmatched_bodies(self):
        """Distinct bodies as written that match no organization, in order."""
        seen = {}
        for row in self.rows:
            for party in row.parties:
                if party.unmatched:
                    seen.setdefault(party.text, None)
        return list(seen)

    @property
    def flagged_row_count(self):
        return sum(row.flagged for row in self.rows)


def build_preview(imported: ImportedRoadmap, *, issuer=None) -> ImportPreview:
    """Parse every deadline and match every body (read-only; one lookup per distinct body).
    Positions and persons go to `issuer`, the body the roadmap will be saved under."""
    match = party_matcher(issuer=issuer)

    def party(text):
        kind, organization = match(text)
        return PreviewParty(text=text, kind=kind, organization=organization)

    preview = ImportPreview(imported=imported)
    for stage_position, stage in enumerate(imported.stages, start=1):
        activities = []
        for position, activity in enumerate(stage.activities, start=1):
            rows = [
                PreviewRow(
                    deadline=row.deadline,
                    responsible=row.responsible,
                    source_row=row.source_row,
                    parsed=parse_deadline(row.deadline),
                    parties=[party(text) for text in split_responsible(row.responsible)],
                )
                for row in activity.deadline_rows
            ]
            label = activity_label(
                stage_number=stage.number,
                stage_position=stage_position,
                stage_title=stage.title,
                number=activity.number,
                position=position,
            )
            activities.append(
                PreviewActivity(activity.number, activity.title, activity.result_form, rows, label)
            )
        preview.stages.append(PreviewStage(stage.number, stage.title, activities))
    return preview


def imported_to_json(imported: ImportedRoadmap) -> dict:
    data = asdict(imported)
    data["order_date"] = imported.order_date.isoformat() if imported.order_date else None
    return data


def imported_from_json(data: dict) -> ImportedRoadmap:
    stages = [
        ImportedStage(
            title=stage["title"],
            number=stage["number"],
            activities=[
                ImportedActivity(
                    number=activity["number"],
                    title=activity["title"],
                    result_form=activity["result_form"],
                    deadline_rows=[ImportedDeadlineRow(**row) for row in activity["deadline_rows"]],
                    source_row=activity["source_row"],
                )
                for activity in stage["activities"]
            ],
        )
        for stage in data["stages"]
    ]
    order_date = data.get("order_date")
    return ImportedRoadmap(
        title=data.get("title", ""),
        programme_title=data.get("programme_title", ""),
        order_number=data.get("order_number", ""),
        order_date=dt.date.fromisoformat(order_date) if order_date else None,
        appendix=data.get("appendix", ""),
        issuer=data.get("issuer", ""),
        first_year=data.get("first_year"),
        last_year=data.get("last_year"),
        stages=stages,
    )
