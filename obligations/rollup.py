"""The rollup: counts of obligations per organization and per subtree (obligations/tallies.py),
kept in step in the same transaction as every change.

Writers call it explicitly, never through signals: obligations/services.py (every status
move), obligations/sync.py (create, archive, restore, re-date), obligations/editions.py
(carried-over state), reports/freezing.py (a closed year reopened) and the receiver of
organization_changed (an organization moved in the tree). Each collects what it changed in a
`Change` and applies it once: one query for the frozen statuses of the obligations moved, one
for the organizations' ancestors, one to lock those organizations, one for their counts of
the years touched (whether each has done everything), then for each table one to lock the
rows touched, one to update them and one to insert the missing ones
(obligations/tally_rows.py).

The organizations are locked (FOR NO KEY UPDATE: rows that refer to them can still be written)
because whether an organization has done everything of a year depends on all its obligations
of the year, not only on the rows one transaction changes: two reviews of one school's
obligations take turns.

obligations/recount.py holds the definition the rollup must agree with, and its rebuild.
"""

import datetime as dt
from collections import Counter, defaultdict
from typing import NamedTuple

from django.db.models import Q, Sum
from django.utils import timezone

from . import head_list
from .models import Obligation, ObligationStatus
from .tallies import CompletionTally, ObligationTally, report_year as tally_report_year
from .tally_rows import (
    LOCK_CHUNK,
    ancestors_from,
    ancestors_of,
    apply_completion,
    apply_deltas,
    lock_organizations,
    tally_row_key,
)

UNRESOLVED = object()  # Counted.frozen: not known yet, read when the change is applied


class Counted(NamedTuple):
    """What the rollup needs of one obligation at one moment."""

    pk: int | None
    organization: int
    responsibility: int
    period_year: int  # 0 for a one-off obligation
    due_date: dt.date | None
    status: str
    reviewed_at: dt.datetime | None
    # (status, reviewed_at) written down when its year was closed, None if the year is open
    frozen: object = UNRESOLVED


def counted(obligation):
    """The obligation as the rollup counts it; None for an archived one (not counted)."""
    if obligation.is_archived:
        return None
    return Counted(
        obligation.pk,
        obligation.organization_id,
        obligation.responsibility_id,
        obligation.period_year or 0,
        obligation.due_date,
        obligation.status,
        obligation.reviewed_at,
    )


def on_time(year_status, reviewed_at, due_date):
    """Accepted by the due date in the portal's time zone (reports/progress.py ON_TIME); an
    obligation without a due date cannot be late."""
    if year_status != ObligationStatus.ACCEPTED:
        return False
    if due_date is None:
        return True
    return reviewed_at is not None and timezone.localdate(reviewed_at) <= due_date


def report_year(period_year, due_date):
    """The reporting year of a row: its period, else the year it is due (None: neither)."""
    if period_year:
        return period_year
    return due_date.year if due_date is not None else None


def tally_key(item, frozen):
    """The ObligationTally key of `item` (Counted) but the node: (organization, deadline
    row, period year, due date, status, year status, on time)."""
    year_status, reviewed_at = frozen or (item.status, item.reviewed_at)
    return (
        item.organization,
        item.responsibility,
        item.period_year,
        item.due_date,
        item.status,
        year_status,
        on_time(year_status, reviewed_at, item.due_date),
    )


class Change:
    """What one transaction changed, applied to the rollup at once by `apply()`."""

    def __init__(self):
        self._moves = []

    def add(self, obligation):
        self.move(None, counted(obligation))

    def remove(self, obligation):
        self.move(counted(obligation), None)

    def move(self, before, after):
        """`before` and `after` are Counted of one obligation (None: not counted)."""
        if before != after:
            self._moves.append((before, after))

    def apply(self):
        moves, self._moves = self._moves, []
        frozen = _frozen_of(moves)
        base = Counter()
        for before, after in moves:
            for item, n in ((before, -1), (after, 1)):
                if item is not None:
                    resolved = frozen.get(item.pk) if item.frozen is UNRESOLVED else item.frozen
                    base[tally_key(item, resolved)] += n
        base = {key: n for key, n in base.items() if n}
        if not base:
            return
        # Every change of obligations comes through here: the head's list is rendered anew.
        head_list.organizations_changed(key[0] for key in base)
        ancestors = ancestors_of({key[0] for key in base})
        lock_organizations(ancestors)
        completion = _completion_deltas(base, ancestors)
        deltas = Counter()
        for (organization_id, *rest), n in base.items():
            deltas[(organization_id, True, *rest)] += n
            for ancestor_id in ancestors[organization_id]:
                deltas[(ancestor_id, False, *rest)] += n
        apply_deltas(deltas)
        apply_completion(completion)


def status_changed(before, obligation):
    """One obligation (`before`: counted() of it before) moved to its current state."""
    change = Change()
    change.move(before, counted(obligation))
    change.apply()


def _frozen_of(moves):
    """{obligation pk: (status, reviewed_at)} frozen at a year's close, for the moved
    obligations whose frozen state is not given (one query per LOCK_CHUNK). The frozen rows
    belong to reports (reports/year_models.py); read through the reverse relation's name."""
    pks = sorted(
        {
            item.pk
            for pair in moves
            for item in pair
            if item is not None and item.pk is not None and item.frozen is UNRESOLVED
        }
    )
    found = {}
    for start in range(0, len(pks), LOCK_CHUNK):
        rows = Obligation.objects.filter(
            pk__in=pks[start : start + LOCK_CHUNK], frozen__isnull=False
        ).values_list("pk", "frozen__status", "frozen__reviewed_at")
        found.update({pk: (status, reviewed_at) for pk, status, reviewed_at in rows})
    return found


# --- Organizations that did everything -------------------------------------------------------


def done(owed, accepted):
    """(owes something, has all of it accepted) of an organization's year."""
    return int(owed > 0), int(owed > 0 and accepted >= owed)


def _completion_deltas(base, ancestors):
    """{(node, year): Counter(owing=…, complete=…)}: how the organizations whose own
    counts `base` changes move in and out of "owing" and "did everything" for each year,
    added to them and to every body above them."""
    touched = defaultdict(lambda: [0, 0])
    for (
        organization,
        _responsibility,
        period_year,
        due_date,
        *_rest,
        year_status,
        _on,
    ), n in base.items():
        year = report_year(period_year, due_date)
        if year is not None:
            touched[(organization, year)][0] += n
            touched[(organization, year)][1] += n if year_status == ObligationStatus.ACCEPTED else 0
    before = own_year_counts({organization for organization, _year in touched})
    deltas = defaultdict(Counter)
    for (organization, year), (owed_change, accepted_change) in touched.items():
        owed, accepted = before.get((organization, year), (0, 0))
        was, now = done(owed, accepted), done(owed + owed_change, accepted + accepted_change)
        if was == now:
            continue
        for node in (organization, *ancestors[organization]):
            deltas[(node, year)]["owing"] += now[0] - was[0]
            deltas[(node, year)]["complete"] += now[1] - was[1]
    return deltas


def own_year_counts(organization_ids):
    """{(organization, year): (owed, accepted as the year stands)} from the organizations'
    own rows (one query per LOCK_CHUNK)."""
    ids = sorted(organization_ids)
    found = {}
    for start in range(0, len(ids), LOCK_CHUNK):
        rows = (
            ObligationTally.objects.filter(own=True, node__in=ids[start : start + LOCK_CHUNK])
            .annotate(year=tally_report_year())
            .filter(year__isnull=False)
            .order_by()
            .values("node", "year")
            .annotate(
                owed=Sum("count"),
                accepted=Sum("count", filter=Q(year_status=ObligationStatus.ACCEPTED), default=0),
            )
        )
        found.update({(row["node"], row["year"]): (row["owed"], row["accepted"]) for row in rows})
    return found


# --- Moving an organization in the tree ------------------------------------------------------


def subtree_moved(organization, *, previous_parent_id):
    """`organization` (with everything below it) moved from under `previous_parent_id` to
    under its current parent: its counts leave the old ancestors and join the new ones."""
    if previous_parent_id == organization.parent_id:
        return
    old = ancestors_from(previous_parent_id)
    new = ancestors_from(organization.parent_id)
    totals = Counter()
    for row in ObligationTally.objects.filter(node=organization, count__gt=0):
        totals[tally_row_key(row)[2:]] += row.count
    deltas = Counter()
    completion = defaultdict(Counter)
    for rest, n in totals.items():
        for nodes, sign in ((old, -1), (new, 1)):
            for node in nodes:
                deltas[(node, False, *rest)] += sign * n
    for row in CompletionTally.objects.filter(node=organization):
        for nodes, sign in ((old, -1), (new, 1)):
            for node in nodes:
                completion[(node, row.year)]["owing"] += sign * row.owing
                completion[(node, row.year)]["complete"] += sign * row.complete
    apply_deltas(deltas)
    apply_completion(completion)
