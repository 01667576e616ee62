"""How a deadline reads on a page agrees with the due date obligations get."""

import datetime as dt

import pytest

from roadmap.deadlines import DeadlineKind, ParsedDeadline
from roadmap.display import describe_deadline
from roadmap.schedule import due_periods


@pytest.mark.parametrize("days_after", [None, 0, 30, 365])
def test_after_event_due_date_is_the_schedules(days_after):
    parsed = ParsedDeadline(kind=DeadlineKind.AFTER_EVENT, event="приказа", days_after=days_after)
    event_date = dt.date(2024, 2, 1)
    [period] = due_periods(parsed, first_year=2020, last_year=2024, event_date=event_date)
    assert describe_deadline(parsed, event_date) == (
        f"после события: приказа (01.02.2024) — до {period.due_date:%d.%m.%Y}"
    )


def test_after_event_without_a_date():
    parsed = ParsedDeadline(kind=DeadlineKind.AFTER_EVENT, event="приказа", days_after=10)
    assert describe_deadline(parsed) == "после события: приказа — дата не задана"
