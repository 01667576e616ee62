"""Fixtures for the roadmap app's database tests (imports stay inside the fixtures so that the
pure importer tests can still run with `-p no:django`)."""

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SEED_FIXTURE = REPO_ROOT / "fixtures" / "roadmap-order-654-2020.json"
TOIPKRO_NAME = (
    "Томский областной институт повышения квалификации и переподготовки работников образования"
)


@pytest.fixture
def seed_roadmap(office):
    """The seed roadmap (order No. 654), active; its office is the conftest's `office`."""
    from django.core.management import call_command

    from roadmap.models import Roadmap

    with open(os.devnull, "w") as quiet:
        call_command("load_roadmap", str(SEED_FIXTURE), stdout=quiet)
    return Roadmap.objects.get()


def make_imported(activities, *, stages=1, rows_per_activity=1, responsible=None):
    """An ImportedRoadmap with `activities` activities spread over `stages` stages."""
    from roadmap.importers import (
        ImportedActivity,
        ImportedDeadlineRow,
        ImportedRoadmap,
        ImportedStage,
    )

    imported = ImportedRoadmap(
        title="Дорожная карта «Проверка»",
        programme_title="Проверка",
        order_number="1",
        first_year=2021,
        last_year=2023,
    )
    row = 0
    for stage_number in range(stages):
        count = activities // stages + (1 if stage_number < activities % stages else 0)
        stage = ImportedStage(title=f"Этап {stage_number + 1}", number="", activities=[])
        for number in range(1, count + 1):
            deadline_rows = []
            for index in range(rows_per_activity):
                row += 1
                deadline_rows.append(
                    ImportedDeadlineRow(
                        deadline=[
                            "До 01.12.2022",
                            "ежегодно",
                            "Январь-март 2022 г.",
                            "когда-нибудь",
                        ][(number + index) % 4],
                        responsible=responsible
                        or "Управление образования Администрации Томского района, "
                        "Руководители образовательных организаций, Неизвестный орган",
                        source_row=row,
                    )
                )
            stage.activities.append(
                ImportedActivity(
                    number=str(number),
                    title=f"Мероприятие {number}",
                    result_form="Отчёт",
                    deadline_rows=deadline_rows,
                    source_row=deadline_rows[0].source_row,
                )
            )
        imported.stages.append(stage)
    return imported
