"""The user picks what carries over: a reworded activity of the new edition, paired by hand with
the previous edition's, keeps the organization's evidence and history on activation."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from obligations.models import Obligation, ObligationStatus
from roadmap.models import Activity, Roadmap, RoadmapChange, RoadmapStatus
from roadmap.services import activate_roadmap

from .test_editions import CARRIED, accepted_evidence, next_edition_file

pytestmark = pytest.mark.django_db

REWORDED = "Назначение ответственного лица за развитие наставничества в организации"


@pytest.fixture
def reworded_edition(seed_roadmap, tmp_path):
    path = next_edition_file(seed_roadmap, tmp_path)
    import openpyxl

    workbook = openpyxl.load_workbook(path)
    for row in workbook.active.iter_rows():
        for cell in row:
            if cell.value == CARRIED:
                cell.value = REWORDED
    workbook.save(path)
    call_command("import_roadmap", str(path), stdout=io.StringIO())
    return Roadmap.objects.exclude(pk=seed_roadmap.pk).get()


def test_a_reworded_activity_paired_by_the_user_keeps_the_evidence(
    school_a, head_a, office_user, administrator, administrator_client, seed_roadmap,
    reworded_edition,
):  # fmt: skip
    accepted_evidence(head_a, office_user, school_a)
    new_activity = Activity.objects.get(stage__roadmap=reworded_edition, title=REWORDED)
    old_activity = Activity.objects.get(stage__roadmap=seed_roadmap, title=CARRIED)
    assert new_activity.carried_from is None  # not the same text: not found on import
    url = reverse("roadmap:carry_over", args=[reworded_edition.pk])
    page = administrator_client.get(url)
    assert page.status_code == 200
    assert page.content.decode().count("без переноса") >= 1

    response = administrator_client.post(
        url, {"activity": new_activity.pk, "source": old_activity.pk}
    )
    assert response.status_code == 302
    new_activity.refresh_from_db()
    assert new_activity.carried_from == old_activity
    change = RoadmapChange.objects.filter(roadmap=reworded_edition).first()
    assert change.action == "Выбран перенос" and change.actor == administrator

    activate_roadmap(roadmap=reworded_edition, by=administrator)
    carried = Obligation.objects.get(organization=school_a, responsibility__activity=new_activity)
    assert carried.status == ObligationStatus.ACCEPTED
    assert [e.title for e in carried.evidence.all()] == ["Приказ на сайте"]


def test_only_activities_of_the_two_editions_can_be_paired(
    administrator_client, seed_roadmap, reworded_edition
):
    new_activity = Activity.objects.filter(stage__roadmap=reworded_edition).first()
    url = reverse("roadmap:carry_over", args=[reworded_edition.pk])
    # An activity of the new edition offered as the "old" one: not among the choices.
    response = administrator_client.post(
        url, {"activity": new_activity.pk, "source": new_activity.pk}
    )
    assert response.status_code == 400
    assert "Выберите корректный вариант" in response.content.decode()


def test_an_edition_in_force_is_no_longer_paired(
    administrator, administrator_client, reworded_edition
):
    activate_roadmap(roadmap=reworded_edition, by=administrator)
    new_activity = Activity.objects.filter(stage__roadmap=reworded_edition).first()
    response = administrator_client.post(
        reverse("roadmap:carry_over", args=[reworded_edition.pk]),
        {"activity": new_activity.pk, "source": ""},
    )
    assert response.status_code == 400
    assert "до ввода в действие" in response.content.decode()
    reworded_edition.refresh_from_db()
    assert reworded_edition.status == RoadmapStatus.ACTIVE


def test_staff_and_heads_cannot_choose(office_client, reworded_edition):
    url = reverse("roadmap:carry_over", args=[reworded_edition.pk])
    assert office_client.get(url).status_code == 403
