"""The rollup: counts of current obligations per organization and per subtree
(obligations/tallies.py), kept in step in the same transaction as every change.

Writers call it explicitly, never through signals: obligations/services.py (every status
move), obligations/sync.py (create, archive, restore, re-date), obligations/editions.py
(carried-over state) and the receiver of organization_changed (an organization moved in the
tree). Each collects what it changed in a `Change` and applies it once: one query for the
organizations' ancestors, one to lock the rows touched (in primary-key order, so that two
writers never wait for each other in a circle), one to update them and one to insert the
missing ones. A concurrent insert of the same row is retried as an update.

`recount()` is the definition the rollup must agree with; `check_rollup` compares the two and
`rebuild()` replaces the table with a recount (generate_scale, check_rollup --fix).
"""

import logging
from collections import Counter, defaultdict

from django.db import IntegrityError, connection, transaction
from django.db.models import Count

from organizations.models import MAX_TREE_DEPTH, Organization

from . import head_list
from .models import Obligation
from .tallies import ObligationTally

log = logging.getLogger(__name__)

ANCESTOR_LOOKUPS = tuple("__".join(["parent"] * level) for level in range(1, MAX_TREE_DEPTH))
LOCK_CHUNK = 2000


def counted(obligation):
    """What the rollup counts one obligation as: (organization, deadline row, period year,
    due date, status); None for an archived obligation (not counted)."""
    if obligation.is_archived:
        return None
    return (
        obligation.organization_id,
        obligation.responsibility_id,
        obligation.period_year or 0,
        obligation.due_date,
        obligation.status,
    )


class Change:
    """What one transaction changed, applied to the rollup at once by `apply()`."""

    def __init__(self):
        self._base = Counter()

    def add(self, obligation):
        self.move(None, counted(obligation))

    def remove(self, obligation):
        self.move(counted(obligation), None)

    def move(self, before, after):
        """`before` and `after` are counted() of one obligation (None: not counted)."""
        if before == after:
            return
        if before is not None:
            self._base[before] -= 1
        if after is not None:
            self._base[after] += 1

    def apply(self):
        base = {key: n for key, n in self._base.items() if n}
        self._base.clear()
        if not base:
            return
        # Every change of obligations comes through here: the head's list is rendered anew.
        head_list.organizations_changed(key[0] for key in base)
        ancestors = ancestors_of({key[0] for key in base})
        deltas = Counter()
        for (organization_id, *rest), n in base.items():
            deltas[(organization_id, True, *rest)] += n
            for ancestor_id in ancestors[organization_id]:
                deltas[(ancestor_id, False, *rest)] += n
        apply_deltas(deltas)


def status_changed(obligation, *, from_status):
    """One obligation moved from `from_status` to its current status (obligations/services)."""
    change = Change()
    after = counted(obligation)
    if after is not None:
        change.move((*after[:-1], from_status), after)
    change.apply()


def ancestors_of(organization_ids):
    """{organization pk: [its parent, grandparent, …]} in one query."""
    ancestors = {}
    ids = sorted(organization_ids)
    for start in range(0, len(ids), LOCK_CHUNK):
        rows = Organization.objects.filter(pk__in=ids[start : start + LOCK_CHUNK]).values_list(
            "pk", *ANCESTOR_LOOKUPS
        )
        for pk, *above in rows:
            ancestors[pk] = [a for a in above if a is not None]
    return ancestors


def apply_deltas(deltas):
    """Add `deltas` ({(node, own, deadline row, year, due date, status): n}) to the rows."""
    deltas = {key: n for key, n in deltas.items() if n}
    if not deltas:
        return
    existing = _locked_rows(deltas)
    changed, missing = [], {}
    for key, n in deltas.items():
        row = existing.get(key)
        if row is None:
            missing[key] = n
        else:
            row.count = _not_negative(key, row.count + n)
            changed.append(row)
    ObligationTally.objects.bulk_update(changed, ["count"], batch_size=500)
    if missing:
        _insert(missing)


def _locked_rows(deltas):
    nodes = sorted({key[0] for key in deltas})
    responsibilities = {key[2] for key in deltas}
    statuses = {key[5] for key in deltas}
    rows = {}
    for start in range(0, len(nodes), LOCK_CHUNK):
        locked = (
            ObligationTally.objects.select_for_update()
            .filter(
                node__in=nodes[start : start + LOCK_CHUNK],
                responsibility__in=responsibilities,
                status__in=statuses,
            )
            .order_by("pk")
        )
        rows.update({_key(row): row for row in locked})
    return rows


def _insert(missing):
    """Insert rows nobody had yet; if another transaction inserted one of them meanwhile,
    the whole batch is applied again as updates of the rows it finds then."""
    rows = [
        ObligationTally(
            node_id=node,
            own=own,
            responsibility_id=responsibility,
            period_year=year,
            due_date=due_date,
            status=status,
            count=_not_negative(key, n),
        )
        for key, n in missing.items()
        for (node, own, responsibility, year, due_date, status) in [key]
    ]
    try:
        with transaction.atomic():
            ObligationTally.objects.bulk_create(rows, batch_size=1000)
    except IntegrityError:
        apply_deltas(missing)


def _not_negative(key, count):
    if count < 0:
        # Only a rollup already out of step gets here (a row changed by hand): the change
        # itself must not fail for it. check_rollup reports and repairs the difference.
        log.warning("Rollup row %s would become %s; kept at 0 — run check_rollup --fix", key, count)
        return 0
    return count


def _key(row):
    return (
        row.node_id,
        row.own,
        row.responsibility_id,
        row.period_year,
        row.due_date,
        row.status,
    )


# --- Moving an organization in the tree ------------------------------------------------------


def subtree_moved(organization, *, previous_parent_id):
    """`organization` (with everything below it) moved from under `previous_parent_id` to
    under its current parent: its counts leave the old ancestors and join the new ones."""
    if previous_parent_id == organization.parent_id:
        return
    totals = Counter()
    for row in ObligationTally.objects.filter(node=organization, count__gt=0):
        totals[_key(row)[2:]] += row.count
    old = _ancestors_from(previous_parent_id)
    new = _ancestors_from(organization.parent_id)
    deltas = Counter()
    for rest, n in totals.items():
        for node in old:
            deltas[(node, False, *rest)] -= n
        for node in new:
            deltas[(node, False, *rest)] += n
    apply_deltas(deltas)


def _ancestors_from(parent_id):
    """`parent_id` and the bodies above it."""
    if parent_id is None:
        return []
    return [parent_id, *ancestors_of({parent_id}).get(parent_id, [])]


# --- Recount, check, rebuild -----------------------------------------------------------------


def recount():
    """The rollup as it should be, from the obligations themselves: {key: count}."""
    current = Obligation.objects.filter(is_archived=False)
    fields = ("responsibility", "period_year", "due_date", "status")
    wanted = Counter()
    own = current.values("organization", *fields).annotate(n=Count("pk"))
    for row in own:
        wanted[(row["organization"], True, *_rest(row))] += row["n"]
    for lookup in ANCESTOR_LOOKUPS:
        node = f"organization__{lookup}"
        below = (
            current.filter(**{f"{node}__isnull": False})
            .values(node, *fields)
            .annotate(n=Count("pk"))
        )
        for row in below:
            wanted[(row[node], False, *_rest(row))] += row["n"]
    return wanted


def _rest(row):
    return (row["responsibility"], row["period_year"] or 0, row["due_date"], row["status"])


def differences():
    """[(key, in the rollup, recounted)] for every row that disagrees (zeros equal absent)."""
    stored = defaultdict(int)
    for row in ObligationTally.objects.all().iterator(chunk_size=5000):
        stored[_key(row)] += row.count
    wanted = recount()
    keys = {k for k, n in stored.items() if n} | set(wanted)
    return sorted(
        (
            (key, stored.get(key, 0), wanted.get(key, 0))
            for key in keys
            if stored.get(key, 0) != wanted.get(key, 0)
        ),
        key=lambda d: tuple("" if v is None else str(v) for v in d[0]),
    )


@transaction.atomic
def rebuild():
    """Replace the whole rollup with a recount, set-based (INSERT … SELECT), so that
    generate_scale's millions of obligations take seconds. Writers wait meanwhile."""
    table = ObligationTally._meta.db_table
    head_list.shared_changed()  # rewritten past the services: every list anew
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
    ObligationTally.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(_OWN_SQL.format(tally=table, **_tables()), [True, False])
        cursor.execute(_below_sql(), [False] + [True] * (MAX_TREE_DEPTH - 1))


def _tables():
    return {
        "obligation": Obligation._meta.db_table,
        "organization": Organization._meta.db_table,
    }


_COLUMNS = "node_id, own, responsibility_id, period_year, due_date, status, count"
_OWN_SQL = (
    f"INSERT INTO {{tally}} ({_COLUMNS}) "
    "SELECT o.organization_id, %s, o.responsibility_id, COALESCE(o.period_year, 0), "
    "o.due_date, o.status, COUNT(*) FROM {obligation} o WHERE o.is_archived = %s "
    "GROUP BY o.organization_id, o.responsibility_id, COALESCE(o.period_year, 0), "
    "o.due_date, o.status"
)


def _below_sql():
    """Rows for every ancestor of each organization, from the organizations' own rows; the
    same ancestor reached at different distances folds into one row."""
    table = ObligationTally._meta.db_table
    organization = Organization._meta.db_table
    levels = []
    for level in range(1, MAX_TREE_DEPTH):
        joins = " ".join(
            f"JOIN {organization} p{i} ON p{i}.id = "
            + ("t.node_id" if i == 1 else f"p{i - 1}.parent_id")
            for i in range(1, level + 1)
        )
        levels.append(
            f"SELECT p{level}.parent_id AS node, t.responsibility_id AS r, t.period_year AS y, "
            f"t.due_date AS d, t.status AS s, t.count AS n FROM {table} t {joins} "
            f"WHERE t.own = %s AND p{level}.parent_id IS NOT NULL"
        )
    return (
        f"INSERT INTO {table} ({_COLUMNS}) SELECT a.node, %s, a.r, a.y, a.d, a.s, SUM(a.n) "
        f"FROM ({' UNION ALL '.join(levels)}) a GROUP BY a.node, a.r, a.y, a.d, a.s"
    )
