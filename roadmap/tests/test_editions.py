"""The next edition of a programme: matched by title without years and issuer; activating it
archives the previous one, and work done on activities that carry over is kept."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.management import call_command

from obligations import services as obligation_services
from obligations.models import EventAction, EvidenceKind, Obligation, ObligationStatus
from roadmap.editions import find_previous_edition
from roadmap.exporters import export_roadmap_xlsx
from roadmap.models import Activity, Roadmap, RoadmapStatus
from roadmap.russian import programme_key
from roadmap.services import activate_roadmap

pytestmark = pytest.mark.django_db

CARRIED = "Назначение ответственного лица за реализацию наставничества"


def next_edition_file(roadmap, tmp_path, years="2025-2029"):
    """The seed roadmap as the next period's order: the same table, other years and order."""
    buffer = io.BytesIO()
    export_roadmap_xlsx(roadmap, buffer)
    workbook = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    sheet = workbook.active
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.value = (
                    cell.value.replace("2020—2024", years)
                    .replace("30.12.2020", "29.12.2024")
                    .replace("№ 654", "№ 801")
                )
    path = tmp_path / "next-edition.xlsx"
    workbook.save(path)
    return path


def accepted_evidence(head, staff, school):
    obligation = Obligation.objects.get(
        organization=school,
        responsibility__activity__title=CARRIED,
        responsibility__activity__stage__roadmap__status=RoadmapStatus.ACTIVE,
    )
    obligation_services.add_evidence(
        obligation=obligation, by=head, kind=EvidenceKind.LINK, title="Приказ на сайте",
        url="https://school.example.org/prikaz", effective_date=dt.date(2021, 11, 25),
    )  # fmt: skip
    obligation_services.submit(obligation=obligation, by=head)
    obligation_services.accept(obligation=obligation, by=staff, notify=False)
    return obligation


def test_programme_key_drops_the_years():
    assert programme_key("Развитие наставничества на 2020—2024 годы") == programme_key(
        "Развитие наставничества на 2025-2029 гг."
    )
    assert programme_key("План на 2022-2023 учебный год") == "план"


def test_next_edition_of_the_seed_keeps_one_roadmap_in_force_and_the_evidence(
    school_a, head_a, office_user, administrator, seed_roadmap, tmp_path
):
    old_obligation = accepted_evidence(head_a, office_user, school_a)
    path = next_edition_file(seed_roadmap, tmp_path)
    out = io.StringIO()
    call_command("import_roadmap", str(path), stdout=out)
    assert f"Новая редакция программы: «{seed_roadmap.title}» (id {seed_roadmap.pk})" in (
        out.getvalue()
    )
    new = Roadmap.objects.exclude(pk=seed_roadmap.pk).get()
    assert new.previous_edition == seed_roadmap
    assert (new.programme.first_year, new.programme.last_year) == (2025, 2029)
    assert Activity.objects.filter(stage__roadmap=new, carried_from__isnull=False).count() == 15

    activate_roadmap(roadmap=new, by=administrator)
    seed_roadmap.refresh_from_db()
    assert seed_roadmap.status == RoadmapStatus.ARCHIVED
    assert list(Roadmap.objects.active()) == [new]

    carried = Obligation.objects.get(
        organization=school_a, responsibility__activity__stage__roadmap=new,
        responsibility__activity__title=CARRIED,
    )  # fmt: skip
    assert carried.status == ObligationStatus.ACCEPTED
    assert [evidence.title for evidence in carried.evidence.all()] == ["Приказ на сайте"]
    actions = list(carried.events.order_by("pk").values_list("action", flat=True))
    assert actions[-1] == EventAction.CARRIED_OVER
    assert EventAction.ACCEPTED in actions  # the history came along
    old_obligation.refresh_from_db()
    assert old_obligation.is_archived and old_obligation.evidence.count() == 0


def test_new_programme_option_links_nothing(seed_roadmap, tmp_path):
    path = next_edition_file(seed_roadmap, tmp_path)
    out = io.StringIO()
    call_command("import_roadmap", str(path), "--new-programme", stdout=out)
    new = Roadmap.objects.exclude(pk=seed_roadmap.pk).get()
    assert new.previous_edition is None
    assert "Новая программа" in out.getvalue()


def test_edition_of_option_names_the_roadmap(seed_roadmap, tmp_path):
    path = next_edition_file(seed_roadmap, tmp_path)
    call_command("import_roadmap", str(path), "--edition-of", str(seed_roadmap.pk),
                 stdout=io.StringIO())  # fmt: skip
    assert Roadmap.objects.exclude(pk=seed_roadmap.pk).get().previous_edition == seed_roadmap


def test_another_issuer_is_another_programme(seed_roadmap, region):
    assert find_previous_edition(title=seed_roadmap.programme.title, issuer=region) is None
    assert (
        find_previous_edition(title=seed_roadmap.programme.title, issuer=seed_roadmap.issuer)
        == seed_roadmap
    )


def test_preview_says_it_is_a_new_edition_and_the_user_may_say_otherwise(
    administrator_client, seed_roadmap, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    path = next_edition_file(seed_roadmap, tmp_path)
    administrator_client.post(
        reverse("roadmap:import"), {"file": SimpleUploadedFile(path.name, path.read_bytes())}
    )
    response = administrator_client.get(reverse("roadmap:import_preview"))
    assert response.context["previous_edition"] == seed_roadmap
    assert "Новая редакция программы" in response.content.decode()
    administrator_client.post(reverse("roadmap:import_preview"), {"save": "1", "edition": "new"})
    new = Roadmap.objects.exclude(pk=seed_roadmap.pk).get()
    assert new.previous_edition is None
