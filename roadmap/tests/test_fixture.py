"""The seed fixture against the text of the order itself (shared/seed/…txt): nothing abridged,
nothing retyped, every field where the document has it; and what loading it gives."""

import datetime as dt
import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command

from roadmap.models import (
    Activity,
    DeadlineKind,
    PartyKind,
    Programme,
    Responsibility,
    ResponsibleParty,
    Roadmap,
    RoadmapStatus,
    Stage,
)
from roadmap.tests.conftest import REPO_ROOT, SEED_FIXTURE, TOIPKRO_NAME

SEED_TEXT = REPO_ROOT.parent / "shared" / "seed" / "roadmap-order-654-2020.txt"
_BROKEN_WORD = re.compile(r"(?<=\w)-\s*\n\s*(?=\w)")  # "педагогов-\n\nнаставников"


def seed_words():
    """The words of the seed's table (after its header row), a word broken at a line end joined."""
    if not SEED_TEXT.exists():
        pytest.skip(f"the seed text is not beside the repository: {SEED_TEXT} is missing")
    text = _BROKEN_WORD.sub("-", SEED_TEXT.read_text(encoding="utf-8"))
    words = text.split()
    return words[words.index("Ответственные") + 1 :]


def fixture_data():
    return json.loads(SEED_FIXTURE.read_text(encoding="utf-8"))


def fixture_rows():
    """(stage, activity, [fields in document order]) for every activity of the fixture."""
    for stage in fixture_data()["stages"]:
        for activity in stage["activities"]:
            fields = [activity["number"], activity["title"], activity["result_form"]]
            for row in activity["deadlines"]:
                fields += [row["deadline"], row["responsible"]]
            yield stage, activity, fields


def test_fixture_counts():
    stages = fixture_data()["stages"]
    assert len(stages) == 4
    assert sum(len(stage["activities"]) for stage in stages) == 15
    assert sum(len(a["deadlines"]) for stage in stages for a in stage["activities"]) == 16


def test_every_word_of_the_seed_table_and_no_other_is_in_the_fixture():
    words = []
    for stage in fixture_data()["stages"]:
        words += stage["title"].split()
    for _stage, _activity, fields in fixture_rows():
        for field in fields:
            words += field.split()
    assert Counter(words) == Counter(seed_words())


def _take(stream, used, words, start):
    """Indexes of `words` as an in-order subsequence of the unused stream from `start`."""
    found = []
    position = start
    for word in words:
        while position < len(stream) and (used[position] or stream[position] != word):
            position += 1
        assert position < len(stream), f"«{word}» of «{' '.join(words)}» is not in the seed"
        found.append(position)
        position += 1
    for index in found:
        used[index] = True
    return found


def test_every_field_appears_in_the_seed_in_document_order():
    stream = seed_words()
    used = [False] * len(stream)
    cursor = 0
    for stage in fixture_data()["stages"]:
        title = stage["title"].split()
        # A stage title is one unbroken run of words.
        starts = [
            index
            for index in range(cursor, len(stream))
            if stream[index : index + len(title)] == title
        ]
        assert starts, f"stage «{stage['title']}» is not in the seed"
        cursor = starts[0] + len(title)
        for index in range(starts[0], cursor):
            used[index] = True
        for activity in stage["activities"]:
            # The activity starts where its number stands before its title's first word.
            first_word = activity["title"].split()[0]
            start = next(
                index
                for index in range(cursor, len(stream) - 1)
                if not used[index]
                and stream[index] == activity["number"]
                and stream[index + 1] == first_word
            )
            fields = [activity["number"], activity["title"], activity["result_form"]]
            for row in activity["deadlines"]:
                fields += [row["deadline"], row["responsible"]]
            for field in fields:
                _take(stream, used, field.split(), start)
            cursor = start + 1
    assert all(used), [word for word, taken in zip(stream, used, strict=True) if not taken]


# --- Loading the fixture -------------------------------------------------------------------------


def load():
    call_command("load_roadmap", str(SEED_FIXTURE), stdout=io.StringIO())


@pytest.mark.django_db
def test_loading_twice_duplicates_nothing():
    load()
    load()
    assert (
        Programme.objects.count(),
        Roadmap.objects.count(),
        Stage.objects.count(),
        Activity.objects.count(),
        Responsibility.objects.count(),
    ) == (1, 1, 4, 15, 16)
    roadmap = Roadmap.objects.get()
    assert (roadmap.status, roadmap.order_number, roadmap.order_date, roadmap.appendix) == (
        RoadmapStatus.ACTIVE,
        "654",
        dt.date(2020, 12, 30),
        "Приложение №2",
    )


EXPECTED_DEADLINES = [
    ("декабрь 2020", DeadlineKind.MONTH, dt.date(2020, 12, 1), dt.date(2020, 12, 31)),
    ("До 20.11.2021 г.", DeadlineKind.FIXED, None, dt.date(2021, 11, 20)),
    ("До 01.12.2021г.", DeadlineKind.FIXED, None, dt.date(2021, 12, 1)),
    ("До 30.12.2020 г.", DeadlineKind.FIXED, None, dt.date(2020, 12, 30)),
    ("Январь-март 2022 г.", DeadlineKind.PERIOD, dt.date(2022, 1, 1), dt.date(2022, 3, 31)),
    ("До 01.03.2022 г., далее постоянно", DeadlineKind.FIXED_THEN_ONGOING, None,
     dt.date(2022, 3, 1)),
    ("После утверждения региональных критериев", DeadlineKind.AFTER_EVENT, None, None),
    ("До 30.09.2022", DeadlineKind.FIXED, None, dt.date(2022, 9, 30)),
    ("ежегодно", DeadlineKind.YEARLY, None, None),
    ("ежегодно", DeadlineKind.YEARLY, None, None),
    ("До 01.12.2022", DeadlineKind.FIXED, None, dt.date(2022, 12, 1)),
    ("ежегодно", DeadlineKind.YEARLY, None, None),
    ("ежегодно", DeadlineKind.YEARLY, None, None),
    ("ежегодно", DeadlineKind.YEARLY, None, None),
    ("ежегодно", DeadlineKind.YEARLY, None, None),
    ("ежегодно", DeadlineKind.YEARLY, None, None),
]  # fmt: skip


@pytest.mark.django_db
def test_parsed_deadlines_of_all_16_rows():
    load()
    rows = Responsibility.objects.order_by(
        "activity__stage__position", "activity__position", "position"
    )
    assert [(row.deadline_text, row.deadline_kind, row.start, row.end) for row in rows] == (
        EXPECTED_DEADLINES
    )
    after_event = rows.get(deadline_kind=DeadlineKind.AFTER_EVENT)
    assert (after_event.event_text, after_event.event_date) == (
        "утверждения региональных критериев",
        None,
    )
    assert {(row.yearly_day, row.yearly_month) for row in rows.filter(deadline_kind="yearly")} == {
        (31, 12)
    }


@pytest.mark.django_db
def test_parties_resolve_to_office_all_heads_and_toipkro(office):
    load()
    office_row, heads_row = Responsibility.objects.filter(
        activity__stage__position=1, activity__position=2
    ).order_by("position")
    assert [(p.kind, p.organization) for p in office_row.parties.all()] == [
        (PartyKind.ORGANIZATION, office)
    ]
    assert [(p.kind, p.organization) for p in heads_row.parties.all()] == [
        (PartyKind.ALL_HEADS, None)
    ]
    toipkro = ResponsibleParty.objects.filter(text="ТОИПКРО")
    assert toipkro.count() == 3
    assert {party.organization.name for party in toipkro} == {TOIPKRO_NAME}
    assert ResponsibleParty.objects.filter(kind=PartyKind.UNMATCHED).count() == 0
    # "… Томского района Руководители …" without a comma is still two bodies.
    no_comma = Responsibility.objects.get(activity__stage__position=2, activity__position=7)
    assert [(p.kind, p.text) for p in no_comma.parties.all()] == [
        (PartyKind.ORGANIZATION, "Управление образования Администрации Томского района"),
        (PartyKind.ALL_HEADS, "Руководители образовательных организаций"),
    ]


def test_seed_path_is_resolved_beside_the_repository():
    assert SEED_TEXT == Path(REPO_ROOT).parent / "shared/seed/roadmap-order-654-2020.txt"
