"""Completeness and timeliness of a reporting year: how much of what was owed was accepted,
and how much of it was accepted by its due date. Plain functions over obligation querysets,
each one aggregate query whatever the number of organizations; the dashboard, the annual
report and both exports read their figures here (and nowhere else).

Definitions (issue 10, reports-models.md "Shared facts"):
- the status of an obligation in a year's figures is `year_status`: the status frozen when its
  office closed the year (reports/year_models.FrozenObligation) or, while the year is open,
  the current one; the same for the review time (`year_reviewed_at`). So a closed year's
  figures never move, whatever is reviewed after the close;
- owed: the year's obligations (`for_year`) that are not archived;
- completeness = accepted ÷ owed;
- timeliness = accepted by the due date ÷ owed — accepted (reviewed) on or before the due
  date in the portal's time zone; an obligation without a due date (after an event that has
  not happened) cannot be late, so accepting it is on time.
"""

import datetime as dt
import operator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import reduce

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear

from obligations import figures, tallies
from obligations.models import DUE_SOON_DAYS, OPEN_STATUSES, ObligationStatus

ACCEPTED = Q(year_status=ObligationStatus.ACCEPTED)
ON_TIME = ACCEPTED & (Q(due_date__isnull=True) | Q(year_reviewed_at__date__lte=F("due_date")))


def in_status(*statuses):
    return Q(year_status__in=statuses)


def overdue_condition(*, on):
    """Still to act (as the year stands) and past the due date."""
    return in_status(*OPEN_STATUSES) & Q(due_date__lt=on)


def due_soon_condition(*, on, days=DUE_SOON_DAYS):
    return in_status(*OPEN_STATUSES) & Q(
        due_date__gte=on, due_date__lte=on + dt.timedelta(days=days)
    )


def with_year_status(obligations):
    """`obligations` with `year_status` and `year_reviewed_at` (see the module's docstring)."""
    return obligations.annotate(
        year_status=Coalesce(F("frozen__status"), F("status")),
        year_reviewed_at=Coalesce(F("frozen__reviewed_at"), F("reviewed_at")),
    )


def owed(obligations, year):
    """The obligations of `year` that count: the year's, not archived, with their status as
    the year stands (`with_year_status`)."""
    return with_year_status(obligations.filter(is_archived=False).for_year(year))


def share(part, whole):
    """part ÷ whole in per cent with one decimal (Decimal), or None when nothing is owed."""
    if not whole:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def counts(*, on, tallied=False):
    """The aggregates every progress row carries, by name: over obligations (`owed`), or,
    `tallied`, over rollup rows (obligations/tallies.py), which carry the same `year_status`
    and `due_date`, whether accepted on time as `on_time`, and how many obligations in
    `count`."""
    if tallied:

        def number(condition=None):
            return Sum("count", filter=condition, default=0)

        on_time = Q(on_time=True)
    else:

        def number(condition=None):
            return Count("pk", filter=condition)

        on_time = ON_TIME
    return {
        "owed": number(),
        "accepted": number(ACCEPTED),
        "on_time": number(on_time),
        "submitted": number(in_status(ObligationStatus.SUBMITTED)),
        "returned": number(in_status(ObligationStatus.RETURNED)),
        "not_started": number(in_status(ObligationStatus.NOT_STARTED)),
        "overdue": number(overdue_condition(on=on)),
        "due_soon": number(due_soon_condition(on=on)),
    }


@dataclass(frozen=True)
class Progress:
    """Counts of one group of obligations (a stage, an activity, an organization, a year)."""

    owed: int = 0
    accepted: int = 0
    on_time: int = 0
    submitted: int = 0
    returned: int = 0
    not_started: int = 0
    overdue: int = 0
    due_soon: int = 0

    @property
    def completeness(self):
        return share(self.accepted, self.owed)

    @property
    def timeliness(self):
        return share(self.on_time, self.owed)

    @property
    def in_progress(self):
        """Neither accepted, waiting for review, returned nor untouched: being worked on."""
        return self.owed - self.accepted - self.submitted - self.returned - self.not_started


def total(obligations, *, on):
    """One Progress for all of `obligations` (one query)."""
    return Progress(**obligations.aggregate(**counts(on=on)))


def grouped(obligations, key, *, on):
    """{key value: Progress} for `obligations` grouped by the field path `key` (one query)."""
    rows = obligations.order_by().values(key).annotate(**counts(on=on))
    return {row.pop(key): Progress(**row) for row in rows}


def for_years(obligations, years):
    """The obligations owed in any of `years` (as `owed`), with `report_year`: the year each
    is owed in."""
    condition = reduce(
        operator.or_,
        (Q(period_year=year) | Q(period_year__isnull=True, due_date__year=year) for year in years),
    )
    return with_year_status(
        obligations.filter(condition, is_archived=False).annotate(
            report_year=Coalesce(F("period_year"), ExtractYear("due_date"))
        )
    )


def grouped_by_year(obligations, key, years, *, on):
    """{(key value, year): Progress} for the obligations of `years` grouped by `key` and by
    the year they are owed in: one scan for several years (one query)."""
    rows = for_years(obligations, years).order_by().values(key, "report_year")
    rows = rows.annotate(**counts(on=on))
    return {(row.pop(key), row.pop("report_year")): Progress(**row) for row in rows}


# --- From the rollup ------------------------------------------------------------------------
# The same figures read from the rollup's rows (obligations/tallies.py) of a subtree instead of
# its obligations: what the annual report of a region or a country reads, without scanning
# them. Rows are the tally rows of the scope (annual.Scope.tally_rows).


def tallied_by_year(rows, key, years, *, on):
    """{(key value, year): Progress} of the rollup `rows` grouped by the field path `key`
    and the year owed in (one query): the twin of grouped_by_year."""
    condition = reduce(operator.or_, (figures.for_year(year) for year in years))
    rows = (
        rows.filter(condition)
        .annotate(report_year=tallies.report_year())
        .order_by()
        .values(key, "report_year")
        .annotate(**counts(on=on, tallied=True))
    )
    return {(row.pop(key), row.pop("report_year")): Progress(**row) for row in rows}


def tallied(rows, key, year, *, on):
    """{key value: Progress} of the rollup `rows` of `year` grouped by `key` (one query)."""
    counted = tallied_by_year(rows, key, (year,), on=on)
    return {value: found for (value, _year), found in counted.items()}


def completion_of(rows, year):
    """(organizations owing, organizations that have all of it accepted) in `year`, from the
    rollup's CompletionTally `rows` of a scope (one query): the twin of organizations_done."""
    found = rows.filter(year=year).aggregate(
        owing=Sum("owing", default=0), complete=Sum("complete", default=0)
    )
    return found["owing"], found["complete"]


def summed(rows):
    """The Progress of several groups together (no query)."""
    names = Progress.__dataclass_fields__
    rows = list(rows)
    return Progress(**{name: sum(getattr(row, name) for row in rows) for name in names})


def organizations_done(obligations):
    """(organizations owing, organizations that have all of it accepted) of `obligations`
    (owed of one year): one aggregate query."""
    found = obligations.aggregate(
        owing=Count("organization", distinct=True),
        behind=Count("organization", distinct=True, filter=~ACCEPTED),
    )
    return found["owing"], found["owing"] - found["behind"]


def by_stage(obligations, *, on):
    return grouped(obligations, "responsibility__activity__stage", on=on)


def by_activity(obligations, *, on):
    return grouped(obligations, "responsibility__activity", on=on)


def by_organization(obligations, *, on):
    return grouped(obligations, "organization", on=on)


def furthest_behind(obligations, *, on, limit):
    """The organizations with most overdue, then least accepted: [(organization id, Progress)]
    (one query, `limit` rows)."""
    rows = (
        obligations.order_by()
        .values("organization")
        .annotate(**counts(on=on))
        .filter(Q(overdue__gt=0) | Q(accepted__lt=F("owed")))
        .order_by("-overdue", "accepted", "organization")[:limit]
    )
    return [(row.pop("organization"), Progress(**row)) for row in rows]


def overdue_of(obligations, *, on):
    """Open obligations past their due date, earliest first, with what a list shows."""
    return (
        obligations.filter(overdue_condition(on=on))
        .with_details()
        .order_by("due_date", "organization__name", "pk")
    )


def due_soon_of(obligations, *, on):
    return obligations.filter(due_soon_condition(on=on)).with_details().order_by("due_date", "pk")
