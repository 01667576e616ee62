"""From a structured deadline to the periods an organization owes something for.

Pure Python, no Django: a one-off deadline gives one period, a yearly or recurring one gives a
period for each year of the programme. A period's due date is None where the deadline has no
date (ongoing work, an event that has not happened yet, a deadline nobody has set).
"""

import calendar
import datetime as dt
from dataclasses import dataclass

from .deadlines import DeadlineKind, ParsedDeadline


@dataclass(frozen=True)
class DuePeriod:
    year: int | None  # the reporting year for yearly deadlines; None for one-off ones
    due_date: dt.date | None


def yearly_due_date(year, day, month):
    """The due day in `year`; 31 falls back to the month's last day (30 June, 28/29 February)."""
    last_day = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day, last_day))


def due_periods(parsed: ParsedDeadline, *, first_year, last_year, event_date=None):
    kind = parsed.kind
    day = parsed.yearly_day or 31
    month = parsed.yearly_month or 12
    if kind in (DeadlineKind.YEARLY, DeadlineKind.RECURRING):
        # A recurring deadline stated for some years ("ежеквартально в течение 2022 года")
        # is owed in those years only.
        first = max(first_year, parsed.start.year) if parsed.start else first_year
        last = min(last_year, parsed.end.year) if parsed.end else last_year
        return [
            DuePeriod(year, yearly_due_date(year, day, month)) for year in range(first, last + 1)
        ]
    if kind == DeadlineKind.FIXED_THEN_ONGOING and parsed.recurrence == "yearly" and parsed.end:
        # "До 01.03.2022, далее ежегодно": the date itself, then the same day every later year.
        later = range(max(parsed.end.year + 1, first_year), last_year + 1)
        return [DuePeriod(None, parsed.end)] + [
            DuePeriod(year, yearly_due_date(year, day, month)) for year in later
        ]
    if kind == DeadlineKind.AFTER_EVENT:
        if event_date is None:
            return [DuePeriod(None, None)]
        return [DuePeriod(None, event_date + dt.timedelta(days=parsed.days_after or 0))]
    # A date, a month, a period or a date-then-ongoing: due at the end.
    return [DuePeriod(None, parsed.end)]
