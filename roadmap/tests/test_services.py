"""Roadmap writes: each records who did it, and refuses what the state does not allow."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from roadmap.models import (
    DeadlineKind,
    PartyKind,
    Programme,
    Responsibility,
    ResponsibleParty,
    Roadmap,
    RoadmapChange,
    RoadmapStatus,
)
from roadmap.services import (
    RoadmapStateError,
    activate_roadmap,
    archive_roadmap,
    save_imported_roadmap,
    set_party,
    update_deadline,
)
from roadmap.tests.conftest import make_imported

pytestmark = pytest.mark.django_db


def test_save_imported_roadmap_creates_a_draft_with_matched_parties(admin_user, office):
    roadmap = save_imported_roadmap(imported=make_imported(2), by=admin_user, source_name="a.xlsx")
    assert (roadmap.status, roadmap.issuer, roadmap.created_by) == (
        RoadmapStatus.DRAFT,
        office,
        admin_user,
    )
    parties = ResponsibleParty.objects.filter(responsibility__activity__stage__roadmap=roadmap)
    assert [
        (p.kind, p.organization, p.text) for p in parties.order_by("responsibility", "position")
    ][:3] == [
        (PartyKind.ORGANIZATION, office, "Управление образования Администрации Томского района"),
        (PartyKind.ALL_HEADS, None, "Руководители образовательных организаций"),
        (PartyKind.UNMATCHED, None, "Неизвестный орган"),
    ]
    assert [(c.action, c.details, c.actor) for c in roadmap.changes.all()] == [
        ("Загружена", "a.xlsx", admin_user)
    ]


def test_save_refuses_missing_years_and_leaves_nothing(admin_user):
    imported = make_imported(1)
    imported.first_year = imported.last_year = None
    with pytest.raises(RoadmapStateError) as error:
        save_imported_roadmap(imported=imported, by=admin_user)
    assert str(error.value) == (
        "В документе не указаны годы реализации: задайте их (например, 2020-2024)."
    )
    assert (Programme.objects.count(), Roadmap.objects.count()) == (0, 0)


def test_activate_and_archive_record_changes(admin_user, office):
    first = save_imported_roadmap(imported=make_imported(1), by=admin_user)
    second_imported = make_imported(1)
    second_imported.order_number = "2"
    second = save_imported_roadmap(imported=second_imported, by=admin_user)
    assert first.programme == second.programme
    activate_roadmap(roadmap=first, by=admin_user)
    activate_roadmap(roadmap=second, by=admin_user)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (RoadmapStatus.ARCHIVED, RoadmapStatus.ACTIVE)
    assert [c.action for c in first.changes.all()] == [
        "Перенесена в архив",
        "Введена в действие",
        "Загружена",
    ]
    archive_roadmap(roadmap=second, by=admin_user)
    with pytest.raises(RoadmapStateError) as error:
        archive_roadmap(roadmap=second, by=admin_user)
    assert str(error.value) == "Дорожная карта уже в архиве."


def test_update_deadline_validates_and_records(office_user, admin_user, office):
    roadmap = save_imported_roadmap(imported=make_imported(4), by=admin_user)
    row = Responsibility.objects.get(
        activity__stage__roadmap=roadmap, deadline_kind=DeadlineKind.UNKNOWN
    )
    with pytest.raises(ValidationError):
        update_deadline(
            responsibility=row, by=office_user, deadline_kind=DeadlineKind.PERIOD,
            start=dt.date(2023, 1, 2), end=dt.date(2023, 1, 1),
        )  # fmt: skip
    update_deadline(
        responsibility=row, by=office_user, deadline_kind=DeadlineKind.FIXED,
        end=dt.date(2023, 5, 1),
    )  # fmt: skip
    row.refresh_from_db()
    assert (row.deadline_kind, row.end, row.deadline_set_by_hand) == (
        DeadlineKind.FIXED,
        dt.date(2023, 5, 1),
        True,
    )
    change = RoadmapChange.objects.filter(roadmap=roadmap).first()
    assert (change.action, change.actor) == ("Изменён срок", office_user)


def test_set_party(office_user, admin_user, office, school_a):
    roadmap = save_imported_roadmap(imported=make_imported(1), by=admin_user)
    party = ResponsibleParty.objects.get(
        responsibility__activity__stage__roadmap=roadmap, kind=PartyKind.UNMATCHED
    )
    set_party(party=party, by=office_user, kind=PartyKind.ORGANIZATION, organization=school_a)
    party.refresh_from_db()
    assert (party.kind, party.organization) == (PartyKind.ORGANIZATION, school_a)
    assert roadmap.changes.first().details == "«Неизвестный орган» → МБОУ «Школа А»"
