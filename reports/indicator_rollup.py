"""The indicators' rollup (reports/year_models.IndicatorTally): per node, year and indicator,
the sum and the number of the values that count — those of returns accepted as the year
stands — over the node's subtree, the node included. The annual report's indicator totals
read it (reports/annual_tables.py) instead of a region's or a country's millions of values.

Writers call it explicitly, in the same transaction, as for the obligations' rollup:
reports/returns.py when a return is accepted (values can no longer change then; a return
accepted after its year was closed does not count in that year), reports/freezing.py when a
closed year is reopened (the returns whose status changed since the close), the receiver of
organization_changed (a body moved in the tree), and `rebuild()` after bulk writes
(seed_demo_monitoring, generate_scale). Rows are locked in primary-key order; a concurrent
insert of the same row is retried as an update. `differences()` compares with a recount
(`manage.py check_indicator_totals [--fix]`)."""

from collections import defaultdict
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, F, Sum

from obligations.tally_rows import LOCK_CHUNK, ancestors_from, ancestors_of, insert_or_retry
from organizations.models import MAX_TREE_DEPTH

from .models import IndicatorReturn, IndicatorTally, IndicatorValue, ReturnStatus


def _sums(values):
    """{(organization, year, indicator): [total, count]} of `values` (IndicatorValue rows)."""
    rows = (
        values.filter(value__isnull=False)
        .order_by()
        .values("indicator_return__organization", "indicator_return__year", "indicator")
        .annotate(total=Sum("value"), n=Count("pk"))
    )
    return {
        (
            row["indicator_return__organization"],
            row["indicator_return__year"],
            row["indicator"],
        ): [row["total"], row["n"]]
        for row in rows.iterator(chunk_size=5000)
    }


def _up_the_tree(sums, sign=1):
    """`sums` of organizations added, with `sign`, to themselves and every body above them."""
    deltas = defaultdict(lambda: [Decimal(0), 0])
    ancestors = ancestors_of({organization for organization, _year, _i in sums})
    for (organization, year, indicator), (total, n) in sums.items():
        for node in (organization, *ancestors.get(organization, [])):
            deltas[(node, year, indicator)][0] += sign * total
            deltas[(node, year, indicator)][1] += sign * n
    return deltas


def return_accepted(indicator_return):
    """`indicator_return` was just accepted: its values count, unless its year was closed
    before (its frozen status stands for that year)."""
    if IndicatorReturn.objects.filter(pk=indicator_return.pk, frozen__isnull=False).exists():
        return
    values = IndicatorValue.objects.filter(indicator_return=indicator_return)
    apply(_up_the_tree(_sums(values)))


def returns_reopened(changed):
    """A closed year reopened: `changed` is [(return pk, frozen status)] of its returns whose
    status moved since the close; those accepted then stop counting, those accepted since
    start."""
    was = [pk for pk, frozen in changed if frozen == ReturnStatus.ACCEPTED]
    now = [pk for pk, frozen in changed if frozen != ReturnStatus.ACCEPTED]
    now = IndicatorReturn.objects.filter(pk__in=now, status=ReturnStatus.ACCEPTED)
    deltas = _up_the_tree(_sums(IndicatorValue.objects.filter(indicator_return__in=was)), -1)
    for key, (total, n) in _up_the_tree(
        _sums(IndicatorValue.objects.filter(indicator_return__in=now))
    ).items():
        deltas.setdefault(key, [Decimal(0), 0])
        deltas[key][0] += total
        deltas[key][1] += n
    apply(deltas)


def subtree_moved(organization, *, previous_parent_id):
    """`organization` moved from under `previous_parent_id`: its subtree's sums leave the old
    ancestors and join the new ones."""
    if previous_parent_id == organization.parent_id:
        return
    old = ancestors_from(previous_parent_id)
    new = ancestors_from(organization.parent_id)
    deltas = defaultdict(lambda: [Decimal(0), 0])
    for row in IndicatorTally.objects.filter(node=organization):
        for nodes, sign in ((old, -1), (new, 1)):
            for node in nodes:
                deltas[(node, row.year, row.indicator_id)][0] += sign * row.total
                deltas[(node, row.year, row.indicator_id)][1] += sign * row.count
    apply(deltas)


def apply(deltas):
    """Add `deltas` ({(node, year, indicator): [total, count]}) to the rows."""
    deltas = {key: change for key, change in deltas.items() if change[0] or change[1]}
    if not deltas:
        return
    nodes = sorted({node for node, _year, _indicator in deltas})
    existing = {}
    for start in range(0, len(nodes), LOCK_CHUNK):
        locked = IndicatorTally.objects.select_for_update().filter(
            node__in=nodes[start : start + LOCK_CHUNK],
            year__in={year for _node, year, _indicator in deltas},
            indicator__in={indicator for _node, _year, indicator in deltas},
        )
        existing.update(
            {(row.node_id, row.year, row.indicator_id): row for row in locked.order_by("pk")}
        )
    changed, missing = [], {}
    for key, (total, n) in deltas.items():
        row = existing.get(key)
        if row is None:
            missing[key] = (total, n)
            continue
        row.total += total
        row.count = max(row.count + n, 0)  # only a rollup already out of step goes below
        changed.append(row)
    IndicatorTally.objects.bulk_update(changed, ["total", "count"], batch_size=500)
    if missing:
        rows = [
            IndicatorTally(
                node_id=node, year=year, indicator_id=indicator, total=total, count=max(n, 0)
            )
            for (node, year, indicator), (total, n) in missing.items()
        ]
        insert_or_retry(
            IndicatorTally,
            rows,
            retry=lambda: apply({key: list(change) for key, change in missing.items()}),
        )


# --- Recount, check, rebuild -----------------------------------------------------------------
# Set-based, like the obligations' (obligations/recount.py): a country has millions of values.

_SCRATCH = "indicator_recount"  # a temporary table: the recount, compared in the database
_COLUMNS = "node_id, year, indicator_id, total, count"


def _fill(table):
    """Insert the rows as they should be into `table`: each counted value at its
    organization and at every body above it (one INSERT … SELECT)."""
    counted = IndicatorReturn.objects.counted().values("pk")
    parts, params = [], []
    for level in range(MAX_TREE_DEPTH):
        node = "indicator_return__organization" + "__parent" * level
        rows = (
            IndicatorValue.objects.filter(
                value__isnull=False, indicator_return__in=counted, **{f"{node}__isnull": False}
            )
            .annotate(
                t_node=F(node), t_year=F("indicator_return__year"), t_indicator=F("indicator")
            )
            .order_by()
            .values("t_node", "t_year", "t_indicator", "value")
        )
        sql, part_params = rows.query.sql_with_params()
        parts.append(sql)
        params += part_params
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({_COLUMNS}) "  # noqa: S608 (ORM SQL, our table)
            "SELECT u.t_node, u.t_year, u.t_indicator, SUM(u.value), COUNT(*) "
            f"FROM ({' UNION ALL '.join(parts)}) u GROUP BY u.t_node, u.t_year, u.t_indicator",
            params,
        )


@transaction.atomic
def differences():
    """[((node, year, indicator), (total, count) stored, (total, count) recounted)] for
    every row that differs; the recount goes into a temporary table and is compared there."""
    tally = IndicatorTally._meta.db_table
    key = "node_id, year, indicator_id"
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {_SCRATCH} AS SELECT {_COLUMNS} FROM {tally} WHERE 1 = 0"
        )
        try:
            _fill(_SCRATCH)
            cursor.execute(
                f"SELECT {key}, SUM(st), SUM(sn), SUM(wt), SUM(wn) FROM ("  # noqa: S608
                f"SELECT {key}, total AS st, count AS sn, 0 AS wt, 0 AS wn FROM {tally} "
                f"UNION ALL SELECT {key}, 0, 0, total, count FROM {_SCRATCH}) u "
                f"GROUP BY {key} "
                "HAVING ROUND(SUM(st), 2) <> ROUND(SUM(wt), 2) OR SUM(sn) <> SUM(wn) "
                f"ORDER BY {key}"
            )
            rows = cursor.fetchall()
        finally:
            cursor.execute(f"DROP TABLE {_SCRATCH}")
    return [
        ((node, year, indicator), (Decimal(st), sn), (Decimal(wt), wn))
        for node, year, indicator, st, sn, wt, wn in rows
    ]


@transaction.atomic
def rebuild():
    """Replace the rows with a recount (after writes that went past the services)."""
    IndicatorTally.objects.all().delete()
    _fill(IndicatorTally._meta.db_table)
