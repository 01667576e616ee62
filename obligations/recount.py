"""The rollup's definition: what obligations/tallies.py must hold, recounted from the
obligations themselves. `check_rollup` compares the two (`differences()`), and `rebuild()`
replaces the tables with a recount, set-based, so that generate_scale's millions of
obligations take seconds (generate_scale, check_rollup --fix, the migration that added the
year's columns)."""

import datetime as dt
from collections import defaultdict

from django.db import connection, transaction
from django.db.models import BooleanField, Case, Count, F, Q, Value, When
from django.db.models.functions import Coalesce, ExtractYear

from organizations.models import MAX_TREE_DEPTH, Organization

from . import head_list
from .models import Obligation, ObligationStatus
from .rollup import done
from .tallies import CompletionTally, ObligationTally
from .tally_rows import ancestors_of

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
_SCRATCH = "rollup_recount"  # a temporary table: the recount, compared with the rollup in SQL
# The tables' columns in SQL: the key, then the count.
_KEY_COLUMNS = (
    "node_id, own, responsibility_id, period_year, due_date, status, year_status, on_time"
)
_TALLY_COLUMNS = f"{_KEY_COLUMNS}, count"


def _fill(table):
    """Insert the rollup's rows as they should be into `table` (the rollup's own table, or
    the scratch copy): each organization's own rows from the obligations, then every
    ancestor's from those (two statements, whatever the number of obligations)."""
    own = _counted_obligations().values("rc_organization", *_KEY).annotate(rc_n=Count("pk"))
    sql, params = own.order_by().query.sql_with_params()
    names = ", ".join(f"q.{connection.ops.quote_name(name)}" for name in _KEY)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({_TALLY_COLUMNS}) "  # noqa: S608 (ORM SQL)
            f"SELECT q.rc_organization, %s, {names}, q.rc_n FROM ({sql}) q",
            [True, *params],
        )
        cursor.execute(_below_sql(table), [False] + [True] * (MAX_TREE_DEPTH - 1))


def own_counts():
    """{(organization, year): (owed, accepted as the year stands)} from the obligations (one
    query): what CompletionTally is made of."""
    year = Coalesce(F("period_year"), ExtractYear("due_date"))
    rows = (
        _counted_obligations()
        .annotate(rc_year=year)
        .filter(rc_year__isnull=False)
        .order_by()
        .values("organization", "rc_year")
        .annotate(
            owed=Count("pk"),
            accepted=Count("pk", filter=Q(rc_year_status=ObligationStatus.ACCEPTED)),
        )
    )
    return {
        (row["organization"], row["rc_year"]): (row["owed"], row["accepted"])
        for row in rows.iterator(chunk_size=5000)
    }


def completion_from(own):
    """{(node, year): (owing, complete)} from {(organization, year): (owed, accepted)}: each
    organization counted at itself and at every body above it."""
    totals = defaultdict(lambda: [0, 0])
    ancestors = ancestors_of({organization for organization, _year in own})
    for (organization, year), (owed, accepted) in own.items():
        owing, complete = done(owed, accepted)
        if not owing:
            continue
        for node in (organization, *ancestors.get(organization, [])):
            totals[(node, year)][0] += owing
            totals[(node, year)][1] += complete
    return {key: tuple(pair) for key, pair in totals.items()}


@transaction.atomic
def differences():
    """[(key, in the rollup, recounted)] for every row of either table that disagrees (zeros
    equal absent). Keys of ObligationTally as tally_rows.tally_row_key; of CompletionTally
    ("completion", node, year) with (owing, complete) pairs.

    The obligations' rows are recounted into a temporary table and compared in the database,
    so that a country's two million rows never sit in memory (at 100,000 organizations the
    comparison in Python had taken 2.7 GB)."""
    tally = ObligationTally._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {_SCRATCH} AS "  # noqa: S608 (names of our tables)
            f"SELECT {_TALLY_COLUMNS} FROM {tally} WHERE 1 = 0"
        )
        try:
            _fill(_SCRATCH)
            cursor.execute(_compare_sql(tally))
            found = [(_key_of(row[:-2]), row[-2], row[-1]) for row in cursor.fetchall()]
        finally:
            cursor.execute(f"DROP TABLE {_SCRATCH}")
    stored = {
        (row.node_id, row.year): (row.owing, row.complete)
        for row in CompletionTally.objects.all().iterator(chunk_size=5000)
    }
    wanted = completion_from(own_counts())
    return found + [
        (("completion", *key), stored.get(key, (0, 0)), wanted.get(key, (0, 0)))
        for key in sorted({key for key, value in stored.items() if value != (0, 0)} | set(wanted))
        if stored.get(key, (0, 0)) != wanted.get(key, (0, 0))
    ]


def _compare_sql(tally):
    """The keys whose count differs between the rollup and the scratch recount, with both."""
    return (
        f"SELECT {_KEY_COLUMNS}, SUM(stored), SUM(wanted) FROM ("  # noqa: S608 (our tables)
        f"SELECT {_KEY_COLUMNS}, count AS stored, 0 AS wanted FROM {tally} UNION ALL "
        f"SELECT {_KEY_COLUMNS}, 0 AS stored, count AS wanted FROM {_SCRATCH}) u "
        f"GROUP BY {_KEY_COLUMNS} HAVING SUM(stored) <> SUM(wanted) ORDER BY {_KEY_COLUMNS}"
    )


def _key_of(row):
    """A key read by raw SQL as tally_rows.tally_row_key gives it (SQLite returns dates as text
    and booleans as integers)."""
    node, own, responsibility, year, due_date, status, year_status, in_time = row
    if isinstance(due_date, str):
        due_date = dt.date.fromisoformat(due_date)
    return (node, bool(own), responsibility, year, due_date, status, year_status, bool(in_time))


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
    _fill(tables[0])
    CompletionTally.objects.bulk_create(
        (
            CompletionTally(node_id=node, year=year, owing=owing, complete=complete)
            for (node, year), (owing, complete) in completion_from(own_counts()).items()
        ),
        batch_size=5000,
    )


def _below_sql(table):
    """Rows for every ancestor of each organization, from the organizations' own rows in
    `table`; the same ancestor reached at different distances folds into one row."""
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
