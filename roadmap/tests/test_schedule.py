"""From a structured deadline to the periods owed (pure: no database)."""

import datetime as dt

import pytest

from roadmap.deadlines import parse_deadline
from roadmap.schedule import DuePeriod, PeriodUnit, due_periods

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
        (
            "ежеквартально в течение 2022 года",
            [
                DuePeriod(2022, D(2022, 3, 31), "quarter", 1),
                DuePeriod(2022, D(2022, 6, 30), "quarter", 2),
                DuePeriod(2022, D(2022, 9, 30), "quarter", 3),
                DuePeriod(2022, D(2022, 12, 31), "quarter", 4),
            ],
        ),
        # Work spread over a school year with no year named: owed at each school year's end.
        ("в течение учебного года", [DuePeriod(y, D(y, 8, 31)) for y in (2021, 2022, 2023)]),
        # Ongoing, no due date: one obligation, tracked without a date.
        ("по мере необходимости", [DuePeriod(None, None)]),
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


def test_monthly_makes_one_period_per_month_of_the_programme_due_on_the_stated_day():
    periods = due_periods(
        parse_deadline("до 25 числа каждого месяца"), first_year=2021, last_year=2022
    )
    assert len(periods) == 24
    assert periods[0] == DuePeriod(2021, D(2021, 1, 25), PeriodUnit.MONTH, 1)
    assert periods[13] == DuePeriod(2022, D(2022, 2, 25), PeriodUnit.MONTH, 2)
    assert [p.key for p in periods[:3]] == [
        (2021, "month", 1),
        (2021, "month", 2),
        (2021, "month", 3),
    ]


def test_monthly_without_a_day_is_due_on_the_last_day_of_each_month():
    periods = due_periods(parse_deadline("ежемесячно"), first_year=2024, last_year=2024)
    assert [p.due_date for p in periods[:3]] == [D(2024, 1, 31), D(2024, 2, 29), D(2024, 3, 31)]
    assert {p.unit for p in periods} == {PeriodUnit.MONTH}


def test_the_31st_of_every_month_falls_on_each_months_last_day():
    periods = due_periods(parse_deadline("ежемесячно до 31 числа"), first_year=2023, last_year=2023)
    assert periods[1].due_date == D(2023, 2, 28)
    assert periods[3].due_date == D(2023, 4, 30)


def test_quarterly_makes_four_periods_a_year_due_at_each_quarters_end():
    periods = due_periods(parse_deadline("ежеквартально"), first_year=2021, last_year=2022)
    assert [(p.year, p.number, p.due_date) for p in periods[:4]] == [
        (2021, 1, D(2021, 3, 31)),
        (2021, 2, D(2021, 6, 30)),
        (2021, 3, D(2021, 9, 30)),
        (2021, 4, D(2021, 12, 31)),
    ]
    assert len(periods) == 8 and {p.unit for p in periods} == {PeriodUnit.QUARTER}


def test_half_yearly_makes_two_periods_a_year():
    periods = due_periods(parse_deadline("1 раз в полугодие"), first_year=2022, last_year=2022)
    assert periods == [
        DuePeriod(2022, D(2022, 6, 30), PeriodUnit.HALF_YEAR, 1),
        DuePeriod(2022, D(2022, 12, 31), PeriodUnit.HALF_YEAR, 2),
    ]


def test_monthly_stated_for_some_years_stays_within_them():
    periods = due_periods(
        parse_deadline("ежемесячно в 2022-2023 гг."), first_year=2020, last_year=2024
    )
    assert {p.year for p in periods} == {2022, 2023} and len(periods) == 24


def test_a_date_then_quarterly_is_the_date_then_every_quarter_after_it():
    periods = due_periods(
        parse_deadline("До 01.03.2022 г., далее ежеквартально"), first_year=2022, last_year=2022
    )
    assert periods[0] == DuePeriod(None, D(2022, 3, 1))
    assert [p.number for p in periods[1:]] == [1, 2, 3, 4]
