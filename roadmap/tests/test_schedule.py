"""From a structured deadline to the periods owed (pure: no database)."""

import datetime as dt

import pytest

from roadmap.deadlines import parse_deadline
from roadmap.schedule import DuePeriod, due_periods

D = dt.date


@pytest.mark.parametrize(
    "text, expected",
    [
        ("До 30.09.2022", [DuePeriod(None, D(2022, 9, 30))]),
        ("Январь-март 2022 г.", [DuePeriod(None, D(2022, 3, 31))]),
        ("До 01.03.2022 г., далее постоянно", [DuePeriod(None, D(2022, 3, 1))]),
        ("постоянно", [DuePeriod(None, None)]),
        ("После утверждения региональных критериев", [DuePeriod(None, None)]),
        ("непонятный срок", [DuePeriod(None, None)]),
        (
            "ежегодно",
            [DuePeriod(y, D(y, 12, 31)) for y in (2021, 2022, 2023)],
        ),
        (
            "ежегодно до 1 июня",
            [DuePeriod(y, D(y, 6, 1)) for y in (2021, 2022, 2023)],
        ),
        (
            "До 01.03.2022 г., далее ежегодно",
            [DuePeriod(None, D(2022, 3, 1)), DuePeriod(2023, D(2023, 3, 1))],
        ),
        ("ежеквартально в течение 2022 года", [DuePeriod(2022, D(2022, 12, 31))]),
        ("ежемесячно", [DuePeriod(y, D(y, 12, 31)) for y in (2021, 2022, 2023)]),
    ],
)
def test_due_periods(text, expected):
    assert due_periods(parse_deadline(text), first_year=2021, last_year=2023) == expected


def test_after_event_is_due_days_after_the_event():
    parsed = parse_deadline("в течение 30 дней после утверждения критериев")
    assert due_periods(parsed, first_year=2021, last_year=2023, event_date=D(2022, 5, 1)) == [
        DuePeriod(None, D(2022, 5, 31))
    ]


def test_yearly_on_the_31st_of_a_short_month_falls_on_its_last_day():
    parsed = parse_deadline("ежегодно, июнь")
    assert due_periods(parsed, first_year=2022, last_year=2022) == [DuePeriod(2022, D(2022, 6, 30))]
