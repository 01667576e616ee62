"""From a structured deadline to the periods an organization owes something for.

Pure Python, no Django: a one-off deadline gives one period, a yearly one a period for each year
of the programme, a monthly, quarterly or half-yearly one a period for each month, quarter or
half-year within the programme's years. A period's due date is None where the deadline has no
date (ongoing work, "по мере необходимости", an event that has not happened yet, a deadline
nobody has set).
"""

import calendar
import datetime as dt
from dataclasses import dataclass, replace

from .deadlines import DeadlineKind, ParsedDeadline


class PeriodUnit:
    """Parts of a year a recurring deadline is owed for; plain strings mirrored by
    obligations.models.PeriodUnit. "" is a whole year (or a one-off item)."""

    YEAR = ""
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"


# Recurrence (Responsibility.recurrence) -> (unit, months in one period).
_UNITS = {
    "monthly": (PeriodUnit.MONTH, 1),
    "quarterly": (PeriodUnit.QUARTER, 3),
    "half_yearly": (PeriodUnit.HALF_YEAR, 6),
}


@dataclass(frozen=True)
class DuePeriod:
    year: int | None  # the reporting year for yearly and periodic deadlines; None for one-off
    due_date: dt.date | None
    unit: str = PeriodUnit.YEAR  # within `year`: a month, a quarter, a half-year
    number: int | None = None  # month 1-12, quarter 1-4, half-year 1-2; None for a whole year

    @property
    def key(self):
        """What tells the periods of one deadline apart (part of an obligation's identity)."""
        return (self.year, self.unit, self.number)


def yearly_due_date(year, day, month):
    """The due day in `year`; 31 falls back to the month's last day (30 June, 28/29 February)."""
    last_day = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day, last_day))


def due_periods(parsed: ParsedDeadline, *, first_year, last_year, event_date=None):
    kind = parsed.kind
    day = parsed.yearly_day or 31
    month = parsed.yearly_month or 12
    if kind == DeadlineKind.RECURRING and parsed.recurrence in _UNITS:
        return _periods_within_years(parsed, first_year, last_year)
    if kind in (DeadlineKind.YEARLY, DeadlineKind.RECURRING):
        # A recurring deadline stated for some years ("ежеквартально в течение 2022 года")
        # is owed in those years only.
        first = max(first_year, parsed.start.year) if parsed.start else first_year
        last = min(last_year, parsed.end.year) if parsed.end else last_year
        return [
            DuePeriod(year, yearly_due_date(year, day, month)) for year in range(first, last + 1)
        ]
    if kind == DeadlineKind.FIXED_THEN_ONGOING and parsed.recurrence in _UNITS and parsed.end:
        # "До 01.03.2022, далее ежеквартально": the date itself, then every later period.
        after = replace(parsed, start=parsed.end + dt.timedelta(days=1), end=None)
        return [DuePeriod(None, parsed.end)] + _periods_within_years(after, first_year, last_year)
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


def _periods_within_years(parsed: ParsedDeadline, first_year, last_year):
    """One period per month, quarter or half-year of the programme's years (only those that
    overlap the years a deadline names: "ежеквартально в течение 2022 года"). Each is due on
    the stated day of its last month ("до 25 числа каждого месяца"), else on its last day."""
    unit, length = _UNITS[parsed.recurrence]
    day = parsed.yearly_day or 31
    periods = []
    for year in range(first_year, last_year + 1):
        for number in range(1, 12 // length + 1):
            last_month = number * length
            starts = dt.date(year, last_month - length + 1, 1)
            ends = yearly_due_date(year, 31, last_month)
            if (parsed.start and ends < parsed.start) or (parsed.end and starts > parsed.end):
                continue
            periods.append(DuePeriod(year, yearly_due_date(year, day, last_month), unit, number))
    return periods
