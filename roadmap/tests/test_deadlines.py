"""Tests for roadmap.deadlines: pure Python, no database and no Django needed."""

import calendar
import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

from roadmap.deadlines import DeadlineKind as K, ParsedDeadline, normalize, parse_deadline

D = dt.date


def fixed(y, m, d):
    return ParsedDeadline(K.FIXED, end=D(y, m, d))


def month(y, m):
    return ParsedDeadline(K.MONTH, start=D(y, m, 1), end=D(y, m, calendar.monthrange(y, m)[1]))


def period(start, end):
    return ParsedDeadline(K.PERIOD, start=start, end=end)


def year(y):
    return period(D(y, 1, 1), D(y, 12, 31))


def yearly(day=None, month_=None):
    return ParsedDeadline(K.YEARLY, yearly_day=day, yearly_month=month_)


def recurring(recurrence):
    return ParsedDeadline(K.RECURRING, recurrence=recurrence)


def after(event, days=None):
    return ParsedDeadline(K.AFTER_EVENT, event=event, days_after=days)


ONGOING = ParsedDeadline(K.ONGOING)
THEN_ONGOING_2022_03_01 = ParsedDeadline(K.FIXED_THEN_ONGOING, end=D(2022, 3, 1))

CASES = [
    # --- verbatim from the seed roadmap document (PDF line breaks included)
    ("декабрь 2020", month(2020, 12)),
    ("До 20.11.2021 г.", fixed(2021, 11, 20)),
    ("До 01.12.2021г.", fixed(2021, 12, 1)),
    ("До 30.12.2020 г.", fixed(2020, 12, 30)),
    ("Январь-март \n2022 г.", period(D(2022, 1, 1), D(2022, 3, 31))),
    ("До 01.03.2022 \nг., далее \nпостоянно", THEN_ONGOING_2022_03_01),
    ("После \nутверждения \nрегиональных \nкритериев", after("утверждения региональных критериев")),
    ("До 30.09.2022", fixed(2022, 9, 30)),
    ("ежегодно", yearly()),
    ("До 01.12.2022", fixed(2022, 12, 1)),
    # --- the examples
    ("в срок до 15 апреля 2023 года", fixed(2023, 4, 15)),
    ("10 сентября 2021 года", fixed(2021, 9, 10)),
    ("Сентябрь 2023 года", month(2023, 9)),
    ("октябрь 2021 – апрель 2022 г.", period(D(2021, 10, 1), D(2022, 4, 30))),
    ("2021-2024", period(D(2021, 1, 1), D(2024, 12, 31))),
    ("в течение 2022 года", year(2022)),
    ("I квартал 2023", period(D(2023, 1, 1), D(2023, 3, 31))),
    ("до конца II квартала 2022 г.", fixed(2022, 6, 30)),
    ("ежеквартально", recurring("quarterly")),
    ("ежемесячно", recurring("monthly")),
    (
        "до 25 числа каждого месяца",
        ParsedDeadline(K.RECURRING, recurrence="monthly", yearly_day=25),
    ),
    (
        "ежемесячно, не позднее 5-го числа",
        ParsedDeadline(K.RECURRING, recurrence="monthly", yearly_day=5),
    ),
    ("постоянно", ONGOING),
    ("в течение срока реализации программы", ONGOING),
    ("по мере необходимости", ONGOING),
    # --- FIXED: prefixes, spellings, end of a period
    ("не позднее 1.3.2022", fixed(2022, 3, 1)),
    ("к 01.09.2021", fixed(2021, 9, 1)),
    ("Срок: до 05.06.2023 г.", fixed(2023, 6, 5)),
    ("не позже 31 декабря 2021 г.", fixed(2021, 12, 31)),
    ("до «25» мая 2022 года", fixed(2022, 5, 25)),
    ("01.03.22", fixed(2022, 3, 1)),  # dd.mm.yy: the only place a two-digit year is read
    ("ДО 28.02.2024 Г.", fixed(2024, 2, 28)),
    ("до 29.02.2024", fixed(2024, 2, 29)),
    ("1\u00a0марта\u00a02022\u00a0г.", fixed(2022, 3, 1)),
    ("До 30.12.2020 г.*", fixed(2020, 12, 30)),
    ("До 30.12.2020 г.¹", fixed(2020, 12, 30)),
    ("До 30.12.2020 г. [2]", fixed(2020, 12, 30)),
    ("до конца 2022 года", fixed(2022, 12, 31)),
    ("до конца марта 2022", fixed(2022, 3, 31)),
    ("к концу 2023 г.", fixed(2023, 12, 31)),
    ("до окончания 2022-2023 учебного года", fixed(2023, 8, 31)),
    ("до конца 1 полугодия 2023 г.", fixed(2023, 6, 30)),
    # --- MONTH
    ("ДЕКАБРЬ 2020 Г.", month(2020, 12)),
    ("в сентябре 2023 года", month(2023, 9)),
    ("в мае 2022 г.", month(2022, 5)),
    ("февраль 2024", month(2024, 2)),
    ("янв. 2022", month(2022, 1)),
    ("август 2021г.", month(2021, 8)),
    # --- PERIOD
    ("2023 г.", year(2023)),
    ("2022 год", year(2022)),
    ("в 2024 году", year(2024)),
    ("2021 – 2024 гг.", period(D(2021, 1, 1), D(2024, 12, 31))),
    ("2021-2024 г.г.", period(D(2021, 1, 1), D(2024, 12, 31))),
    ("в течение 2021—2024 годов", period(D(2021, 1, 1), D(2024, 12, 31))),
    ("с 2021 по 2024 год", period(D(2021, 1, 1), D(2024, 12, 31))),
    ("с января по март 2022 г.", period(D(2022, 1, 1), D(2022, 3, 31))),
    ("декабрь 2020 - январь 2021", period(D(2020, 12, 1), D(2021, 1, 31))),
    ("Сентябрь−декабрь 2021 года", period(D(2021, 9, 1), D(2021, 12, 31))),
    ("1 квартал 2023", period(D(2023, 1, 1), D(2023, 3, 31))),
    ("IV кв. 2022", period(D(2022, 10, 1), D(2022, 12, 31))),
    ("в III квартале 2022 г.", period(D(2022, 7, 1), D(2022, 9, 30))),
    ("2-й квартал 2024 года", period(D(2024, 4, 1), D(2024, 6, 30))),
    ("I-II кварталы 2022 г.", period(D(2022, 1, 1), D(2022, 6, 30))),
    ("ІІ квартал 2023", period(D(2023, 4, 1), D(2023, 6, 30))),  # Cyrillic "І" for roman I
    ("I полугодие 2023", period(D(2023, 1, 1), D(2023, 6, 30))),
    ("2 полугодие 2023", period(D(2023, 7, 1), D(2023, 12, 31))),
    ("в течение 2022-2023 учебного года", period(D(2022, 9, 1), D(2023, 8, 31))),
    ("2022-2023 уч. год", period(D(2022, 9, 1), D(2023, 8, 31))),
    ("2022/2023 учебный год", period(D(2022, 9, 1), D(2023, 8, 31))),
    ("01.09.2021 - 31.05.2022", period(D(2021, 9, 1), D(2022, 5, 31))),
    ("с 1 по 10 сентября 2021 г.", period(D(2021, 9, 1), D(2021, 9, 10))),
    # --- FIXED_THEN_ONGOING
    ("До 01.03.2022 г., далее постоянно", THEN_ONGOING_2022_03_01),
    ("до 01.03.2022, далее – постоянно.", THEN_ONGOING_2022_03_01),
    # documented choice: "далее ежегодно" stays FIXED_THEN_ONGOING, recurs yearly on that day
    (
        "До 01.03.2022 г., далее ежегодно",
        ParsedDeadline(
            K.FIXED_THEN_ONGOING,
            end=D(2022, 3, 1),
            recurrence="yearly",
            yearly_day=1,
            yearly_month=3,
        ),
    ),
    (
        "До 01.03.2022, далее - ежегодно до 1 апреля",
        ParsedDeadline(
            K.FIXED_THEN_ONGOING,
            end=D(2022, 3, 1),
            recurrence="yearly",
            yearly_day=1,
            yearly_month=4,
        ),
    ),
    (
        "декабрь 2021, далее ежеквартально",
        ParsedDeadline(K.FIXED_THEN_ONGOING, end=D(2021, 12, 31), recurrence="quarterly"),
    ),
    # --- YEARLY
    ("Ежегодно", yearly()),
    ("ежегодно до 1 декабря", yearly(1, 12)),
    ("ежегодно, декабрь", yearly(31, 12)),
    ("ежегодно в сентябре", yearly(30, 9)),
    ("ежегодно (февраль)", yearly(28, 2)),  # a yearly day must exist every year
    ("ежегодно, в срок до 20.01", yearly(20, 1)),
    ("до 15 апреля ежегодно", yearly(15, 4)),
    ("ежегодно до конца года", yearly(31, 12)),
    ("1 раз в год", yearly()),
    ("ежегодно в течение срока реализации программы", yearly()),
    # --- RECURRING
    ("Ежеквартально*", recurring("quarterly")),
    ("ежеквартально, до 5 числа месяца, следующего за отчетным", recurring("quarterly")),
    ("раз в полугодие", recurring("half_yearly")),
    ("1 раз в полугодие", recurring("half_yearly")),
    ("один раз в квартал", recurring("quarterly")),
    ("2 раза в год", recurring("half_yearly")),
    (
        "ежеквартально в течение 2022 года",
        ParsedDeadline(
            K.RECURRING, recurrence="quarterly", start=D(2022, 1, 1), end=D(2022, 12, 31)
        ),
    ),
    (
        "ежемесячно в 2022-2023 гг.",
        ParsedDeadline(K.RECURRING, recurrence="monthly", start=D(2022, 1, 1), end=D(2023, 12, 31)),
    ),
    # --- ONGOING
    ("Постоянно", ONGOING),
    ("на постоянной основе", ONGOING),
    ("в течение всего периода", ONGOING),
    ("весь период", ONGOING),
    ("в течение года", ONGOING),
    ("в течение учебного года", yearly(31, 8)),  # no year named: every school year, to 31.08
    ("В течение всего срока реализации Программы", ONGOING),
    # --- AFTER_EVENT (event keeps its letter case)
    (
        "После утверждения Положения о наставничестве",
        after("утверждения Положения о наставничестве"),
    ),
    ("в течение 10 дней после утверждения программы", after("утверждения программы", 10)),
    ("не позднее 5 рабочих дней со дня проведения", after("проведения", 5)),
    ("По итогам мониторинга", after("По итогам мониторинга")),
    ("по результатам конкурса", after("по результатам конкурса")),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_parse_deadline(text, expected):
    assert parse_deadline(text) == expected


def test_table_is_large_and_covers_every_kind():
    assert len(CASES) >= 70
    assert {expected.kind for _, expected in CASES} == set(K.ALL) - {K.UNKNOWN}


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\n\t",
        "скоро",
        "asdf",
        "???",
        "-",
        "г.",
        "31.02.2022",
        "00.01.2022",
        "01.13.2022",
        "До 99.99.99999",
        "до 01.01.1899",
        "01.01.2201",
        "март-январь 2022",
        "2024-2021",
        "апрель 2022 - март 2022",
        "январь 22",
        "2022-2024 учебный год",  # a school year spans exactly one year
        "до 2024 года",
        "до декабря 2021",
        "до 1 декабря",  # ambiguous: left to a person
        "ежегодно до 29 февраля",
        "ежегодно до 31 апреля",
        "ежегодно до 2024 года",
        "еженедельно",
        "после",
        "2022" * 200,
        "1" * 10_000,
        "до " + "-" * 5_000 + " 2022",
        # inputs that once took quadratic time in normalize
        "[1" * 20_000 + "]" * 20_000,
        "x" + " ." * 50_000 + "x",
    ],
)
def test_not_understood_is_unknown(text):
    result = parse_deadline(text)
    assert result == ParsedDeadline(K.UNKNOWN)
    assert not result.is_understood and not result.has_dates


def test_properties():
    assert parse_deadline("2022 год").is_understood and parse_deadline("2022 год").has_dates
    assert parse_deadline("постоянно").is_understood
    assert not parse_deadline("постоянно").has_dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("До 01.03.2022 \nг., далее \nпостоянно", "до 01.03.2022 г., далее постоянно"),
        ("Октябрь 2021 – апрель 2022 г.¹", "октябрь 2021-апрель 2022 г"),
        ("  Ёлка\u00a0\u00a0[1]** ", "елка"),
        ("- постоянно;", "постоянно"),
        ("ІV кв.", "iv кв"),
    ],
)
def test_normalize(text, expected):
    assert normalize(text) == expected


# --- property tests ----------------------------------------------------------------------

MONTH_WORDS = [
    "январь",
    "Января",
    "феврале",
    "МАРТ",
    "апреля",
    "май",
    "мае",
    "июнь",
    "июля",
    "август",
    "Сентябре",
    "октября",
    "ноябрь",
    "декабря",
    "янв.",
    "сент.",
]
FRAGMENTS = st.one_of(
    st.sampled_from(
        MONTH_WORDS
        + [
            "до",
            "До",
            "в срок до",
            "не позднее",
            "к",
            "в течение",
            "с",
            "по",
            "в",
            "конца",
            "далее",
            "постоянно",
            "ежегодно",
            "ежеквартально",
            "раз в полугодие",
            "после",
            "г.",
            "г",
            "гг.",
            "г.г.",
            "года",
            "году",
            "год",
            "учебного",
            "уч.",
            "квартал",
            "кв.",
            "полугодие",
            "I",
            "II",
            "IV",
            "-",
            "–",
            "—",
            "−",
            ",",
            ".",
            "*",
            "¹",
            "[1]",
            "\n",
            "\u00a0",
            "«",
            "»",
            "(",
            ")",
        ]
    ),
    st.integers(1880, 2230).map(str),
    st.integers(0, 40).map(str),
    st.tuples(st.integers(0, 40), st.integers(0, 14), st.integers(0, 2300)).map(
        lambda t: f"{t[0]:02d}.{t[1]:02d}.{t[2]}"
    ),
)
PLAUSIBLE = st.tuples(st.lists(FRAGMENTS, max_size=8), st.sampled_from([" ", "", "\n"])).map(
    lambda parts: parts[1].join(parts[0])
)
FAST = settings(max_examples=300, deadline=None)

YEARS = st.integers(1900, 2200)


def check_invariants(result):
    assert isinstance(result, ParsedDeadline)
    assert result.kind in K.ALL
    assert result.is_understood == (result.kind != K.UNKNOWN)
    for day in (result.start, result.end):
        assert day is None or 1900 <= day.year <= 2200
    if result.start and result.end:
        assert result.start <= result.end
    if result.kind in (K.FIXED, K.FIXED_THEN_ONGOING):
        assert result.end is not None and result.start is None
    elif result.kind in (K.MONTH, K.PERIOD):
        assert result.start is not None and result.end is not None
    elif result.kind == K.RECURRING:
        # Either no dates, or whole years (the years a recurring deadline runs in).
        assert (result.start is None) == (result.end is None)
        if result.start:
            assert (result.start.month, result.start.day, result.end.month, result.end.day) == (
                1,
                1,
                12,
                31,
            )
    else:
        assert not result.has_dates
    if result.kind == K.MONTH:
        assert result.start.day == 1 and (result.start.year, result.start.month) == (
            result.end.year,
            result.end.month,
        )
        assert (result.end + dt.timedelta(days=1)).day == 1
    if result.kind == K.RECURRING:
        assert result.recurrence in ("quarterly", "monthly", "half_yearly")
    if result.kind == K.AFTER_EVENT:
        assert result.event
    assert (result.yearly_day is None) == (result.yearly_month is None)
    if result.yearly_day is not None:
        assert D(2001, result.yearly_month, result.yearly_day)  # exists in every year
    if result.kind == K.UNKNOWN:
        assert result == ParsedDeadline(K.UNKNOWN)


@FAST
@given(st.text())
def test_any_text_never_raises(text):
    check_invariants(parse_deadline(text))


@FAST
@given(PLAUSIBLE)
def test_plausible_text_never_raises(text):
    check_invariants(parse_deadline(text))


@FAST
@given(st.one_of(st.text(), PLAUSIBLE))
def test_normalize_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once


@FAST
@given(
    st.dates(D(1900, 1, 1), D(2200, 12, 31)),
    st.sampled_from(["До ", "до ", "к ", ""]),
    st.sampled_from([" г.", "г.", " года", ""]),
)
def test_numeric_date_round_trip(day, prefix, suffix):
    assert parse_deadline(f"{prefix}{day:%d.%m.%Y}{suffix}") == fixed(day.year, day.month, day.day)


MONTH_NOMINATIVE = [
    None,
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
]


@FAST
@given(YEARS, st.integers(1, 12), st.integers(1, 12), st.sampled_from(["-", " – ", "—"]))
def test_month_range_with_one_year(y, first, last, dash):
    text = f"{MONTH_NOMINATIVE[first].title()}{dash}{MONTH_NOMINATIVE[last]} {y} г."
    result = parse_deadline(text)
    if first <= last:
        assert result == period(D(y, first, 1), month(y, last).end)
    else:  # reversed: flagged, never a wrong range
        assert result.kind == K.UNKNOWN


@FAST
@given(YEARS, YEARS)
def test_year_range(first, last):
    result = parse_deadline(f"{first}-{last} гг.")
    if first <= last:
        assert result == period(D(first, 1, 1), D(last, 12, 31))
    else:
        assert result.kind == K.UNKNOWN
