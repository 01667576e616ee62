"""One activity-number label everywhere: defined once (roadmap.russian.activity_label, used by
Activity.label), and no template, e-mail or export builds it by hand."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from roadmap.russian import activity_label


@pytest.mark.parametrize(
    "stage_number, stage_position, stage_title, number, position, expected",
    [
        # The seed order: unnumbered stages, activities numbered from 1 in each.
        ("", 2, "Основной этап", "3", 3, "2.3"),
        # Roman stage numbers, as the document writes them.
        ("II.", 2, "Организационный этап", "2", 2, "II.2"),
        ("Раздел 3.", 3, "Мониторинг", "1.", 1, "3.1"),
        ("Этап IV", 4, "Итоги", "5)", 5, "IV.5"),
        # Hierarchical numbers already name their stage: kept as written.
        ("I.", 1, "Подготовка", "1.2", 2, "1.2"),
        ("", 2, "Основной этап", "2.3.", 3, "2.3"),
        # No stages at all: the activity's own number.
        ("", 1, "", "7", 7, "7"),
        # No number in the document: its place.
        ("", 1, "Этап", "", 4, "1.4"),
    ],
)
def test_activity_label(stage_number, stage_position, stage_title, number, position, expected):
    assert (
        activity_label(
            stage_number=stage_number,
            stage_position=stage_position,
            stage_title=stage_title,
            number=number,
            position=position,
        )
        == expected
    )


# "{{ x.stage.position }}.{{ x.number }}", "{{ a.number }}" and the like: a label made by hand.
_BY_HAND_IN_TEMPLATES = re.compile(
    r"stage\.(?:position|number)\s*}}\s*\.?\s*{{\s*[\w.]*number"
    r"|{{\s*(?:[\w.]*activity|a)\.number\s*}}"
)
_BY_HAND_IN_PYTHON = re.compile(r"stage\.(?:position|number)}\s*[.-]\s*{[\w.]*number")


def _files(*patterns):
    root = Path(settings.BASE_DIR)
    for pattern in patterns:
        for path in root.glob(pattern):
            if ".venv" not in path.parts and "node_modules" not in path.parts:
                yield path


def test_no_template_builds_the_activity_label_by_hand():
    offenders = [
        f"{path}: {match.group(0)}"
        for path in _files("templates/**/*.html", "*/templates/**/*.html", "*/templates/**/*.txt")
        for match in _BY_HAND_IN_TEMPLATES.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "use {{ activity.label }}: " + "; ".join(offenders)


def test_no_python_code_builds_the_activity_label_by_hand():
    offenders = [
        str(path)
        for path in _files("*/*.py", "*/*/*.py")
        if "tests" not in path.parts and _BY_HAND_IN_PYTHON.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "use Activity.label: " + "; ".join(offenders)


def test_the_checks_recognise_a_label_built_by_hand():
    assert _BY_HAND_IN_TEMPLATES.search("{{ a.stage.position }}.{{ a.number }}")
    assert _BY_HAND_IN_TEMPLATES.search("{{ obligation.responsibility.activity.number }}")
    assert _BY_HAND_IN_PYTHON.search('f"{activity.stage.position}.{activity.number}"')
    assert not _BY_HAND_IN_TEMPLATES.search("{{ activity.label }} {{ stage.number }} {{ title }}")


@pytest.mark.django_db
def test_pages_show_the_label_as_the_document_numbers(office_client, office, administrator):
    from roadmap.importers import (
        ImportedActivity,
        ImportedDeadlineRow,
        ImportedRoadmap,
        ImportedStage,
    )
    from roadmap.services import save_imported_roadmap

    row = ImportedDeadlineRow(deadline="До 01.12.2022", responsible="куратор", source_row=0)
    imported = ImportedRoadmap(
        title="Дорожная карта с римскими этапами",
        first_year=2022,
        last_year=2023,
        stages=[
            ImportedStage(
                title="Организационный этап",
                number="II.",
                activities=[
                    ImportedActivity(
                        number="2",
                        title="Назначение кураторов",
                        result_form="Приказ",
                        deadline_rows=[row],
                        source_row=0,
                    )
                ],
            )
        ],
    )
    roadmap = save_imported_roadmap(imported=imported, by=administrator, issuer=office)
    activity = roadmap.stages.get().activities.get()
    assert activity.label == "II.2" and str(activity) == "II.2 Назначение кураторов"
    for url in (roadmap.get_absolute_url(), activity.get_absolute_url()):
        assert "II.2" in office_client.get(url).content.decode()
