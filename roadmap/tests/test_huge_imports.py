"""Huge roadmaps answer with a message, not an overflow or a flood of rows (issue 9, finding 5)."""

import pytest
from django.urls import reverse

from obligations.models import Obligation
from roadmap.models import Activity, Roadmap, RoadmapStatus
from roadmap.services import RoadmapStateError, save_imported_roadmap
from roadmap.tests.conftest import make_imported

pytestmark = pytest.mark.django_db


def test_a_stage_with_more_activities_than_a_small_integer_is_refused_before_any_insert(
    administrator, office, django_assert_max_num_queries
):
    imported = make_imported(32_768)
    # Only the transaction's savepoint, its rollback and release: no row was ever written.
    with django_assert_max_num_queries(3), pytest.raises(RoadmapStateError) as error:
        save_imported_roadmap(imported=imported, by=administrator, source_name="huge.xlsx")
    assert str(error.value) == (
        "Этап 1: мероприятий в этапе больше 32\u00a0767 — разделите документ на части"
    )
    assert Activity.objects.count() == 0


def test_activation_is_refused_when_an_organization_would_get_too_many_obligations(
    administrator_client, administrator, office, school_a, settings
):
    settings.ROADMAP_MAX_OBLIGATIONS_PER_ORGANIZATION = 5
    roadmap = save_imported_roadmap(imported=make_imported(6), by=administrator)
    response = administrator_client.post(
        reverse("roadmap:activate", args=[roadmap.pk]), {"confirmed": "1"}, follow=True
    )
    assert [str(message) for message in response.context["messages"]] == [
        f"Дорожная карта «{roadmap}» дала бы организации «{office}» больше 5 обязательств "
        "(настройка ROADMAP_MAX_OBLIGATIONS_PER_ORGANIZATION). Проверьте сроки и "
        "ответственных: столько мероприятий одной организации не под силу."
    ]
    roadmap.refresh_from_db()
    assert roadmap.status == RoadmapStatus.DRAFT
    assert Obligation.objects.count() == 0

    settings.ROADMAP_MAX_OBLIGATIONS_PER_ORGANIZATION = 2000
    administrator_client.post(reverse("roadmap:activate", args=[roadmap.pk]), {"confirmed": "1"})
    assert Roadmap.objects.get().status == RoadmapStatus.ACTIVE
    assert Obligation.objects.filter(organization=school_a).count() > 5
