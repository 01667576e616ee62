"""Responsible persons and positions, from a file to the head's page: the text stays as written,
a position or person is one of the issuing body's people, "директор ОО" / "администрация ОО"
is every school's head, and several in one cell each become a party."""

import pytest
from django.urls import reverse

from obligations.models import Obligation
from roadmap.importers import read_roadmap
from roadmap.models import PartyKind, ResponsibleParty
from roadmap.preview import build_preview
from roadmap.services import activate_roadmap, save_imported_roadmap
from roadmap.tests.importer_samples import write_xlsx

HEADER = ("№ п/п", "Что делаем", "Результат", "Когда", "Кто отвечает")
ROWS = [
    HEADER,
    ("1", "Назначение кураторов программы наставничества", "Приказ", "до 01.09.2022",
     "Сидорова О.В., директор ОО"),
    ("2", "Формирование наставнических пар", "Приказ", "сентябрь 2022 г.",
     "заместитель директора по УВР и куратор"),
    ("3", "Методическое сопровождение наставников", "Справка", "до 01.12.2022",
     "Иванова И.И.; Кузнецов П.А.\nадминистрация ОО"),
    ("4", "Обучение наставников", "Сертификаты", "до 01.10.2022", "ТОИПКРО"),
]  # fmt: skip


@pytest.fixture
def people_roadmap(tmp_path, office, school_a, school_b, administrator):
    path = write_xlsx(tmp_path / "lyudi.xlsx", ROWS, ("План мероприятий на 2022-2023 годы",))
    with path.open("rb") as handle:
        imported = read_roadmap(handle, path.name)
    draft = save_imported_roadmap(imported=imported, by=administrator, issuer=office)
    return activate_roadmap(roadmap=draft, by=administrator)


def _parties(roadmap, number):
    return [
        (p.text, p.kind, p.organization.short_name if p.organization else None)
        for p in ResponsibleParty.objects.filter(
            responsibility__activity__stage__roadmap=roadmap,
            responsibility__activity__number=number,
        ).order_by("responsibility__position", "position")
    ]


@pytest.mark.django_db
def test_each_responsible_is_a_party_with_its_text_as_written(people_roadmap, office):
    assert _parties(people_roadmap, "1") == [
        ("Сидорова О.В.", PartyKind.ORGANIZATION, office.short_name),
        ("директор ОО", PartyKind.ALL_HEADS, None),
    ]
    assert _parties(people_roadmap, "2") == [
        ("заместитель директора по УВР", PartyKind.ORGANIZATION, office.short_name),
        ("куратор", PartyKind.ORGANIZATION, office.short_name),
    ]
    assert _parties(people_roadmap, "3") == [
        ("Иванова И.И.", PartyKind.ORGANIZATION, office.short_name),
        ("Кузнецов П.А.", PartyKind.ORGANIZATION, office.short_name),
        ("администрация ОО", PartyKind.ALL_HEADS, None),
    ]
    # A body the portal does not know stays for staff to match: never guessed.
    assert _parties(people_roadmap, "4") == [("ТОИПКРО", PartyKind.UNMATCHED, None)]


@pytest.mark.django_db
def test_positions_make_obligations_of_the_issuer_and_every_school_head(
    people_roadmap, office, school_a, school_b
):
    owners = {
        (number, name)
        for number, name in Obligation.objects.filter(
            responsibility__activity__stage__roadmap=people_roadmap
        ).values_list("responsibility__activity__number", "organization__name")
    }
    assert owners == {
        ("1", office.name),  # Сидорова О.В. — the issuing body's person
        ("1", school_a.name),  # директор ОО — every school's head
        ("1", school_b.name),
        ("2", office.name),  # two positions, one obligation of the office
        ("3", office.name),
        ("3", school_a.name),
        ("3", school_b.name),
    }


@pytest.mark.django_db
def test_head_page_shows_the_responsible_as_written(people_roadmap, head_a_client):
    page = head_a_client.get(reverse("obligations:my_organization")).content.decode()
    assert "Ответственные: Сидорова О.В., директор ОО" in page
    assert "Иванова И.И.; Кузнецов П.А. администрация ОО" in page


@pytest.mark.django_db
def test_preview_shows_whom_a_position_attaches_to(tmp_path, office):
    path = write_xlsx(tmp_path / "lyudi.xlsx", ROWS, ("План мероприятий на 2022-2023 годы",))
    with path.open("rb") as handle:
        imported = read_roadmap(handle, path.name)
    with_issuer = build_preview(imported, issuer=office)
    parties = {
        p.text: p for a in with_issuer.stages[0].activities for r in a.rows for p in r.parties
    }
    assert (parties["куратор"].kind, parties["куратор"].organization) == (
        PartyKind.ORGANIZATION,
        office,
    )
    assert parties["директор ОО"].kind == PartyKind.ALL_HEADS
    # With no issuing body known, a position cannot be attached: staff match it.
    without = build_preview(imported)
    assert without.stages[0].activities[1].rows[0].parties[1].kind == PartyKind.UNMATCHED
