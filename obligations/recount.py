"""The rollup's definition: what obligations/tallies.py must hold, recounted from the
obligations themselves. `check_rollup` compares the two (`differences()`), and `rebuild()`
replaces the tables with a recount, set-based, so that generate_scale's millions of
obligations take seconds (generate_scale, check_rollup --fix, the migration that added the
year's columns)."""

from collections import Counter, defaultdict

from django.db import connection, transaction
from django.db.models import BooleanField, Case, Count, F, Q, Value, When
from django.db.models.functions import Coalesce

from organizations.models import MAX_TREE_DEPTH, Organization

from . import head_list
from .models import Obligation, ObligationStatus
from .rollup import (
    ANCESTOR_LOOKUPS,
    ancestors_of,
    done,
    own_year_counts,
    report_year,
    tally_row_key,
)
from .tallies import CompletionTally, ObligationTally

# An obligation as its reporting year stands: the status and review time frozen when the year
# was closed (reports/year_models.FrozenObligation, through its reverse relation), else the
# current ones; accepted by the due date in the portal's time zone or not. The twin of
# reports/progress.py's with_year_status and ON_TIME, which the tests hold it to.
_YEAR_STATUS = Coalesce(F("frozen__status"), F("status"))
_ON_TIME = Q(rc_year_status=ObligationStatus.ACCEPTED) & (
    Q(due_date__isnull=True) | Q(rc_reviewed_at__date__lte=F("due_date"))
)
# The key's columns, in the tables' order (the node and `own` come first).
_COLUMNS = ("responsibility", "period_year", "due_date", "status", "year_status", "on_time")


def _counted_obligations():
    """The obligations the rollup counts, each with its key's columns as rc_* annotations."""
    return (
        Obligation.objects.filter(is_archived=False)
        .annotate(
            rc_year_status=_YEAR_STATUS,
            rc_reviewed_at=Coalesce(F("frozen__reviewed_at"), F("reviewed_at")),
        )
        .annotate(
            rc_organization=F("organization"),
            rc_responsibility=F("responsibility"),
            rc_period_year=Coalesce(F("period_year"), 0),
            rc_due_date=F("due_date"),
            rc_status=F("status"),
            rc_on_time=Case(
                When(_ON_TIME, then=Value(True)), default=Value(False), output_field=BooleanField()
            ),
        )
    )


_KEY = tuple(f"rc_{column}" for column in _COLUMNS)


def recount():
    """The rows as they should be, from the obligations: {key: count}, keys as
    rollup.tally_row_key."""
    counted = _counted_obligations()
    wanted = Counter()
    for row in counted.values("rc_organization", *_KEY).annotate(n=Count("pk")).order_by():
        wanted[(row["rc_organization"], True, *(row[name] for name in _KEY))] += row["n"]
    for lookup in ANCESTOR_LOOKUPS:
        node = f"organization__{lookup}"
        below = (
            counted.filter(**{f"{node}__isnull": False})
            .values(node, *_KEY)
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in below:
            wanted[(row[node], False, *(row[name] for name in _KEY))] += row["n"]
    return wanted


def completion_from(own_counts):
    """{(node, year): (owing, complete)} from {(organization, year): (owed, accepted)}: each
    organization counted at itself and at every body above it."""
    totals = defaultdict(lambda: [0, 0])
    ancestors = ancestors_of({organization for organization, _year in own_counts})
    for (organization, year), (owed, accepted) in own_counts.items():
        owing, complete = done(owed, accepted)
        if not owing:
            continue
        for node in (organization, *ancestors.get(organization, [])):
            totals[(node, year)][0] += owing
            totals[(node, year)][1] += complete
    return {key: tuple(pair) for key, pair in totals.items()}


def recount_completion(wanted):
    """CompletionTally as it should be, from recount()'s own rows."""
    own = defaultdict(lambda: [0, 0])
    for (node, is_own, _r, period_year, due_date, _s, year_status, _t), n in wanted.items():
        year = report_year(period_year, due_date)
        if is_own and year is not None:
            own[(node, year)][0] += n
            own[(node, year)][1] += n if year_status == ObligationStatus.ACCEPTED else 0
    return completion_from(own)


def differences():
    """[(key, in the rollup, recounted)] for every row of either table that disagrees (zeros
    equal absent). Keys of ObligationTally as rollup.tally_row_key; of CompletionTally
    ("completion", node, year) with (owing, complete) pairs."""
    stored = Counter()
    for row in ObligationTally.objects.all().iterator(chunk_size=5000):
        stored[tally_row_key(row)] += row.count
    wanted = recount()
    found = _compare(stored, wanted, empty=0)
    stored_done = {
        (row.node_id, row.year): (row.owing, row.complete)
        for row in CompletionTally.objects.all().iterator(chunk_size=5000)
    }
    found += [
        (("completion", *key), was, should)
        for key, was, should in _compare(stored_done, recount_completion(wanted), empty=(0, 0))
    ]
    return found


def _compare(stored, wanted, *, empty):
    keys = {key for key, value in stored.items() if value != empty} | set(wanted)
    return sorted(
        (
            (key, stored.get(key, empty), wanted.get(key, empty))
            for key in keys
            if stored.get(key, empty) != wanted.get(key, empty)
        ),
        key=lambda d: tuple("" if v is None else str(v) for v in d[0]),
    )


@transaction.atomic
def rebuild():
    """Replace both tables with a recount. Writers wait meanwhile."""
    head_list.shared_changed()  # rewritten past the services: every list anew
    tables = [ObligationTally._meta.db_table, CompletionTally._meta.db_table]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
    ObligationTally.objects.all().delete()
    CompletionTally.objects.all().delete()
    own = _counted_obligations().values("rc_organization", *_KEY).annotate(rc_n=Count("pk"))
    sql, params = own.order_by().query.sql_with_params()
    names = ", ".join(f"q.{connection.ops.quote_name(name)}" for name in _KEY)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {tables[0]} ({_TALLY_COLUMNS}) "  # noqa: S608 (ORM SQL)
            f"SELECT q.rc_organization, %s, {names}, q.rc_n "
            f"FROM ({sql}) q",
            [True, *params],
        )
        cursor.execute(_below_sql(), [False] + [True] * (MAX_TREE_DEPTH - 1))
    counts = completion_from(own_year_counts(_organizations_with_rows()))
    CompletionTally.objects.bulk_create(
        (
            CompletionTally(node_id=node, year=year, owing=owing, complete=complete)
            for (node, year), (owing, complete) in counts.items()
        ),
        batch_size=5000,
    )


def _organizations_with_rows():
    return set(ObligationTally.objects.filter(own=True).values_list("node", flat=True).distinct())


_TALLY_COLUMNS = (
    "node_id, own, responsibility_id, period_year, due_date, status, year_status, on_time, count"
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
            "t.due_date AS d, t.status AS s, t.year_status AS ys, t.on_time AS ot, t.count AS n "
            f"FROM {table} t {joins} WHERE t.own = %s AND p{level}.parent_id IS NOT NULL"
        )
    return (
        f"INSERT INTO {table} ({_TALLY_COLUMNS}) "
        "SELECT a.node, %s, a.r, a.y, a.d, a.s, a.ys, a.ot, SUM(a.n) "
        f"FROM ({' UNION ALL '.join(levels)}) a GROUP BY a.node, a.r, a.y, a.d, a.s, a.ys, a.ot"
    )
