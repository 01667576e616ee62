"""How a parsed deadline reads on a page: "до 20.11.2021", "01.01.2022 — 31.03.2022",
"ежегодно, до 31.12", "после события: … — дата не задана". Presentation only."""

import datetime as dt

from django.utils.dates import MONTHS
from django.utils.translation import gettext as _, gettext_lazy as _lazy

from mentorship_portal.dates import format_date

from .deadlines import DeadlineKind, ParsedDeadline
from .models import Recurrence
from .russian import int_to_roman
from .schedule import PeriodUnit, due_periods


def _date(value):
    return format_date(value, empty="…")


def _day_month(day, month):
    return f"{day or 31:02d}.{month or 12:02d}"


_PERIOD_ENDS = {
    Recurrence.MONTHLY: _lazy("до конца месяца"),
    Recurrence.QUARTERLY: _lazy("до конца квартала"),
    Recurrence.HALF_YEARLY: _lazy("до конца полугодия"),
}


def period_label(year, unit="", number=None):
    """How a page, an e-mail or a file names the period of an obligation: "2022",
    "март 2022", "II квартал 2022", "1 полугодие 2022"; "" when it has none (one-off)."""
    if year is None:
        return ""
    if unit == PeriodUnit.MONTH and number:
        return f"{str(MONTHS[number]).lower()} {year}"
    if unit == PeriodUnit.QUARTER and number:
        return _("%(roman)s квартал %(year)s") % {"roman": int_to_roman(number), "year": year}
    if unit == PeriodUnit.HALF_YEAR and number:
        return _("%(number)s полугодие %(year)s") % {"number": number, "year": year}
    return str(year)


def describe_deadline(parsed: ParsedDeadline, event_date: dt.date | None = None) -> str:
    kind = parsed.kind
    if kind == DeadlineKind.FIXED:
        return _("до %(date)s") % {"date": _date(parsed.end)}
    if kind in (DeadlineKind.MONTH, DeadlineKind.PERIOD):
        return f"{_date(parsed.start)} — {_date(parsed.end)}"
    if kind == DeadlineKind.FIXED_THEN_ONGOING:
        if parsed.recurrence:
            then = str(Recurrence(parsed.recurrence).label).lower()
        else:
            then = _("постоянно")
        return _("до %(date)s, далее %(then)s") % {"date": _date(parsed.end), "then": then}
    if kind == DeadlineKind.YEARLY:
        return _("ежегодно, до %(day_month)s") % {
            "day_month": _day_month(parsed.yearly_day, parsed.yearly_month)
        }
    if kind == DeadlineKind.RECURRING and parsed.recurrence in _PERIOD_ENDS:
        label = str(Recurrence(parsed.recurrence).label).lower()
        if parsed.recurrence == Recurrence.MONTHLY and (parsed.yearly_day or 31) < 28:
            return _("%(recurrence)s, до %(day)s числа") % {
                "recurrence": label,
                "day": parsed.yearly_day,
            }
        return f"{label}, {_PERIOD_ENDS[parsed.recurrence]}"
    if kind == DeadlineKind.RECURRING:
        label = (
            str(Recurrence(parsed.recurrence).label).lower()
            if parsed.recurrence
            else _("периодически")
        )
        return _("%(recurrence)s, итог года до %(day_month)s") % {
            "recurrence": label,
            "day_month": _day_month(parsed.yearly_day, parsed.yearly_month),
        }
    if kind == DeadlineKind.ONGOING:
        return _("постоянно")
    if kind == DeadlineKind.AFTER_EVENT:
        event = parsed.event or _("событие не указано")
        if event_date is None:
            return _("после события: %(event)s — дата не задана") % {"event": event}
        # The due date follows the rule obligations use; the programme's years play no part
        # in an after-event deadline.
        [period] = due_periods(
            parsed, first_year=event_date.year, last_year=event_date.year, event_date=event_date
        )
        due = period.due_date
        return _("после события: %(event)s (%(event_date)s) — до %(due)s") % {
            "event": event,
            "event_date": _date(event_date),
            "due": _date(due),
        }
    return _("срок не распознан — задайте вручную")
