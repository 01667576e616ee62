"""The admin shows the roadmap but does not change who owes what by when: that goes through
the portal's pages, which record history and re-sync obligations."""

import pytest
from django.urls import reverse

from roadmap.models import Activity, Programme, Responsibility, Roadmap, RoadmapStatus
from roadmap.services import save_imported_roadmap
from roadmap.tests.conftest import make_imported

pytestmark = pytest.mark.django_db


def admin_url(name, *args):
    return reverse(f"admin:roadmap_{name}", args=args)


def test_activity_page_shows_deadlines_read_only_with_a_link_to_the_portal(
    administrator_client, seed_roadmap
):
    activity = Activity.objects.get(stage__roadmap=seed_roadmap, stage__position=1, number="2")
    response = administrator_client.get(admin_url("activity_change", activity.pk))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="responsibilities-0-deadline_kind"' not in content
    assert 'name="responsibilities-0-end"' not in content
    assert 'name="responsibilities-0-DELETE"' not in content
    assert 'name="stage"' not in content  # an activity is not moved to another roadmap here
    assert f'href="{activity.get_absolute_url()}"' in content
    assert "Сроки и ответственных исправляют на странице мероприятия" in content


def test_a_deadline_row_is_view_only(administrator_client, seed_roadmap):
    row = Responsibility.objects.filter(activity__stage__roadmap=seed_roadmap).first()
    response = administrator_client.get(admin_url("responsibility_change", row.pk))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="deadline_kind"' not in content
    assert 'name="yearly_day"' not in content
    assert 'name="parties-0-kind"' not in content
    assert f'href="{row.activity.get_absolute_url()}"' in content
    posted = administrator_client.post(
        admin_url("responsibility_change", row.pk), {"deadline_kind": "ongoing"}
    )
    assert posted.status_code == 403
    assert administrator_client.get(admin_url("responsibility_delete", row.pk)).status_code == 403
    row.refresh_from_db()
    assert row.deadline_kind != "ongoing"


def test_programme_years_cannot_be_changed(administrator_client, seed_roadmap):
    programme = seed_roadmap.programme
    response = administrator_client.post(
        admin_url("programme_change", programme.pk),
        {
            "title": programme.title,
            "regional_document": "Новый документ",
            "first_year": "2021",
            "last_year": "2030",
        },
    )
    assert response.status_code == 302
    programme = Programme.objects.get(pk=programme.pk)
    assert (programme.regional_document, programme.first_year, programme.last_year) == (
        "Новый документ",
        2020,
        2024,
    )
    page = administrator_client.get(admin_url("programme_change", programme.pk)).content.decode()
    assert "Обязательства создаются на каждый год программы" in page


def test_active_roadmap_status_issuer_and_deletion_are_locked(administrator_client, seed_roadmap):
    response = administrator_client.get(admin_url("roadmap_change", seed_roadmap.pk))
    content = response.content.decode()
    assert 'name="status"' not in content
    assert 'name="issuer"' not in content
    assert 'name="stages-0-DELETE"' not in content
    assert f'href="{reverse("roadmap:list")}"' in content
    assert administrator_client.get(admin_url("roadmap_delete", seed_roadmap.pk)).status_code == 403
    stage = seed_roadmap.stages.first()
    assert administrator_client.get(admin_url("stage_delete", stage.pk)).status_code == 403
    activity = stage.activities.first()
    assert administrator_client.get(admin_url("activity_delete", activity.pk)).status_code == 403
    assert Roadmap.objects.get(pk=seed_roadmap.pk).status == RoadmapStatus.ACTIVE


def test_a_draft_can_be_deleted_and_its_issuer_set(administrator_client, administrator, office):
    draft = save_imported_roadmap(imported=make_imported(1), by=None)
    content = administrator_client.get(admin_url("roadmap_change", draft.pk)).content.decode()
    assert 'name="status"' not in content
    assert 'name="issuer"' in content
    response = administrator_client.post(admin_url("roadmap_delete", draft.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Roadmap.objects.filter(pk=draft.pk).exists()
