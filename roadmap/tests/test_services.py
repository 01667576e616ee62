"""Roadmap writes: each records who did it, and refuses what the state does not allow."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from roadmap.fixture import read_fixture
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
from roadmap.tests.conftest import SEED_FIXTURE, make_imported

pytestmark = pytest.mark.django_db


def test_save_imported_roadmap_creates_a_draft_with_matched_parties(administrator, office):
    roadmap = save_imported_roadmap(
        imported=make_imported(2), by=administrator, source_name="a.xlsx"
    )
    assert (roadmap.status, roadmap.issuer, roadmap.created_by) == (
        RoadmapStatus.DRAFT,
        office,
        administrator,
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
        ("Загружена", "a.xlsx", administrator)
    ]


def test_save_refuses_missing_years_and_leaves_nothing(administrator):
    imported = make_imported(1)
    imported.first_year = imported.last_year = None
    with pytest.raises(RoadmapStateError) as error:
        save_imported_roadmap(imported=imported, by=administrator)
    assert str(error.value) == (
        "В документе не указаны годы реализации: задайте их (например, 2020-2024)."
    )
    assert (Programme.objects.count(), Roadmap.objects.count()) == (0, 0)


def test_activate_and_archive_record_changes(administrator, office):
    first = save_imported_roadmap(imported=make_imported(1), by=administrator)
    second_imported = make_imported(1)
    second_imported.order_number = "2"
    second = save_imported_roadmap(imported=second_imported, by=administrator)
    assert first.programme == second.programme
    activate_roadmap(roadmap=first, by=administrator)
    activate_roadmap(roadmap=second, by=administrator)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (RoadmapStatus.ARCHIVED, RoadmapStatus.ACTIVE)
    assert [c.action for c in first.changes.all()] == [
        "Перенесена в архив",
        "Введена в действие",
        "Загружена",
    ]
    archive_roadmap(roadmap=second, by=administrator)
    with pytest.raises(RoadmapStateError) as error:
        archive_roadmap(roadmap=second, by=administrator)
    assert str(error.value) == "Дорожная карта уже в архиве."


def test_update_deadline_validates_and_records(office_user, administrator, office):
    roadmap = save_imported_roadmap(imported=make_imported(4), by=administrator)
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
    assert change.details == (
        "Мероприятие 1.3 Мероприятие 3, «когда-нибудь»: "
        "срок не распознан — задайте вручную → до 01.05.2023"
    )


def test_update_deadline_details_read_as_the_page_does(office_user, administrator, office):
    """Kinds and dates in Russian, dates as DD.MM.YYYY, before and after."""
    roadmap = save_imported_roadmap(imported=make_imported(4), by=administrator)
    row = Responsibility.objects.get(
        activity__stage__roadmap=roadmap, deadline_kind=DeadlineKind.PERIOD
    )
    update_deadline(
        responsibility=row, by=office_user, deadline_kind=DeadlineKind.AFTER_EVENT,
        event_date=dt.date(2023, 3, 15), days_after_event=30,
    )  # fmt: skip
    assert RoadmapChange.objects.filter(roadmap=roadmap).first().details == (
        "Мероприятие 1.2 Мероприятие 2, «Январь-март 2022 г.»: 01.01.2022 — 31.03.2022 → "
        "после события: событие не указано (15.03.2023) — до 14.04.2023"
    )


def test_set_party(office_user, administrator, office, school_a):
    roadmap = save_imported_roadmap(imported=make_imported(1), by=administrator)
    party = ResponsibleParty.objects.get(
        responsibility__activity__stage__roadmap=roadmap, kind=PartyKind.UNMATCHED
    )
    set_party(party=party, by=office_user, kind=PartyKind.ORGANIZATION, organization=school_a)
    party.refresh_from_db()
    assert (party.kind, party.organization) == (PartyKind.ORGANIZATION, school_a)
    assert roadmap.changes.first().details == "«Неизвестный орган» → МБОУ «Школа А»"


# --- Import safety: lengths, issuer, queries ---------------------------------------------------


@pytest.mark.parametrize(
    "spoil, message",
    [
        (
            lambda i: setattr(i.stages[0].activities[1].deadline_rows[0], "deadline", "д" * 501),
            "Строка 2: срок длиннее 500 символов",
        ),
        (
            lambda i: setattr(i.stages[1].activities[0], "number", "1" * 21),
            "Строка 3: номер мероприятия длиннее 20 символов",
        ),
        (
            lambda i: setattr(i.stages[0].activities[0].deadline_rows[0], "responsible", "О" * 501),
            "Строка 1: ответственный длиннее 500 символов",
        ),
        (
            lambda i: setattr(i.stages[1], "title", "Э" * 1001),
            "Этап 2: наименование этапа длиннее 1000 символов",
        ),
        (lambda i: setattr(i, "order_number", "№" * 51), "Номер приказа длиннее 50 символов"),
        (lambda i: setattr(i, "appendix", "П" * 101), "Приложение длиннее 100 символов"),
        (
            lambda i: setattr(i, "programme_title", "П" * 501),
            "Наименование программы длиннее 500 символов",
        ),
    ],
)
def test_save_refuses_a_text_longer_than_its_column(administrator, office, spoil, message):
    """PostgreSQL would raise DataError (a 500); SQLite would store it. Nothing is saved."""
    imported = make_imported(4, stages=2)
    spoil(imported)
    with pytest.raises(RoadmapStateError) as error:
        save_imported_roadmap(imported=imported, by=administrator)
    assert str(error.value) == message
    assert (Programme.objects.count(), Roadmap.objects.count()) == (0, 0)


def test_a_long_title_option_is_refused_too(administrator, office):
    with pytest.raises(RoadmapStateError) as error:
        save_imported_roadmap(imported=make_imported(1), by=administrator, title="Т" * 1001)
    assert str(error.value) == "Наименование длиннее 1000 символов"


def test_issuer_named_by_the_heading_comes_before_the_uploaders_office(
    administrator, office, region
):
    imported = make_imported(1)
    imported.issuer = region.name
    assert save_imported_roadmap(imported=imported, by=administrator).issuer == region
    imported.issuer = "Управления образования"  # genitive: matches nothing
    assert save_imported_roadmap(imported=imported, by=administrator).issuer == office
    assert save_imported_roadmap(imported=imported, by=None).issuer is None
    assert save_imported_roadmap(imported=imported, by=None, issuer=region).issuer == region


def test_saving_the_seed_looks_each_body_up_once(administrator, office, django_assert_num_queries):
    imported, _details = read_fixture(SEED_FIXTURE)
    # savepoint; programme get_or_create (select, savepoint, insert, release); the issuer's
    # roadmaps, looking for a previous edition; roadmap; stages, activities and deadline rows
    # in one insert each, whatever their number; one lookup per distinct body (the office and
    # ТОИПКРО: "all heads" needs none); the parties in one insert; the change; release.
    with django_assert_num_queries(1 + 4 + 1 + 1 + 3 + 2 + 1 + 1 + 1):
        roadmap = save_imported_roadmap(imported=imported, by=administrator)
    named = ResponsibleParty.objects.filter(
        responsibility__activity__stage__roadmap=roadmap
    ).exclude(kind=PartyKind.ALL_HEADS)
    assert named.count() == 17  # a lookup per party would make 17 lookups, not 2
