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
