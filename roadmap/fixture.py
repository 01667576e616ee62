"""The portal's own roadmap fixture format (JSON), used for the seed roadmap.

It is the importer's structure written out, plus the bodies the roadmap names (so that a fresh
portal can match "Управление образования …" and "ТОИПКРО" to organizations) and the
programme's details. Loading goes through the same service as a file import.
"""

import datetime as dt
import json

from .importers import ImportedActivity, ImportedDeadlineRow, ImportedRoadmap, ImportedStage

FORMAT = "mentorship_portal.roadmap/1"


class FixtureError(ValueError):
    pass


def read_fixture(path):
    """(ImportedRoadmap, details) from a fixture file; details hold programme/roadmap extras."""
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    if data.get("format") != FORMAT:
        raise FixtureError(f"{path}: не файл дорожной карты портала (format != {FORMAT})")
    programme = data["programme"]
    roadmap = data["roadmap"]
    stages = []
    row = 0
    for stage in data["stages"]:
        activities = []
        for activity in stage["activities"]:
            rows = []
            for deadline in activity["deadlines"]:
                row += 1
                rows.append(
                    ImportedDeadlineRow(
                        deadline=deadline["deadline"],
                        responsible=deadline["responsible"],
                        source_row=row,
                    )
                )
            activities.append(
                ImportedActivity(
                    number=activity["number"],
                    title=activity["title"],
                    result_form=activity["result_form"],
                    deadline_rows=rows,
                    source_row=rows[0].source_row,
                )
            )
        stages.append(
            ImportedStage(title=stage["title"], number=stage["number"], activities=activities)
        )
    imported = ImportedRoadmap(
        title=roadmap["title"],
        programme_title=programme["title"],
        order_number=roadmap["order_number"],
        order_date=dt.date.fromisoformat(roadmap["order_date"]) if roadmap["order_date"] else None,
        appendix=roadmap["appendix"],
        first_year=programme["first_year"],
        last_year=programme["last_year"],
        stages=stages,
    )
    return imported, data
