"""Roadmap models: how they read."""

import datetime as dt

import pytest

from roadmap.models import RoadmapChange
from roadmap.services import save_imported_roadmap
from roadmap.tests.conftest import make_imported

pytestmark = pytest.mark.django_db


def test_change_reads_in_local_time(administrator, office, settings):
    settings.TIME_ZONE = "Asia/Tomsk"  # UTC+7
    roadmap = save_imported_roadmap(imported=make_imported(1), by=administrator)
    change = roadmap.changes.get()
    RoadmapChange.objects.filter(pk=change.pk).update(
        at=dt.datetime(2023, 1, 1, 20, 30, tzinfo=dt.UTC)
    )
    change.refresh_from_db()
    assert str(change) == "02.01.2023 03:30 Загружена"


def test_needs_attention_agrees_in_sql_and_python(administrator, office):
    """The queryset and the property are the two forms of one rule; the rows cover a plain
    deadline, an unknown one, an event without a date, and an unmatched body."""
    from roadmap.models import Responsibility

    imported = make_imported(4, responsible="Руководители образовательных организаций")
    rows = [row for stage in imported.stages for a in stage.activities for row in a.deadline_rows]
    rows[0].deadline = "До 30.09.2022"
    rows[1].deadline = "когда-нибудь"
    rows[2].deadline = "После утверждения региональных критериев"
    rows[3].responsible = "Неизвестный орган"
    roadmap = save_imported_roadmap(imported=imported, by=administrator, issuer=office)
    saved = Responsibility.objects.filter(activity__stage__roadmap=roadmap).order_by(
        "activity__position"
    )
    in_sql = list(
        saved.needing_attention()
        .order_by("activity__position")
        .values_list("activity__number", flat=True)
    )
    in_python = [
        row.activity.number for row in saved.prefetch_related("parties") if row.needs_attention
    ]
    assert in_sql == in_python == ["2", "3", "4"]
