"""Who is counted and who has reported, per subtree (reports/tally_models.py): the
organizations of a node's subtree by kind and whether in operation (OrganizationTally), and
their indicator returns by year, status and status as the year stands (ReturnTally). The
dashboard's "owe a return / accepted / on review / returned / draft" and the annual report's
"organizations counted / not reported / with a package" of a region or a country read a few
rows here instead of its 10 000 or 100 000 organizations and their returns.

Each table has `own` rows (the node itself) and subtree rows (every organization below it),
as the obligations' rollup (obligations/tallies.py); a node's own rows say what it is counted
as, so a change needs no "before" from its caller. Writers call it in the same transaction:
reports/returns.py (a return created or moved to another status), reports/freezing.py (a
closed year reopened) and the receiver of organization_changed (an organization added,
its kind or active flag changed, or moved in the tree). `rebuild()` follows bulk writes
(generate_scale, the demo); `differences()` compares with a recount
(`manage.py check_reporting_totals [--fix]`)."""

from collections import Counter

from django.db import connection, transaction
from django.db.models import F, Sum, Value
from django.db.models.functions import Coalesce

from obligations.tally_rows import add_counts, ancestors_from, ancestors_of
from organizations.models import MAX_TREE_DEPTH, Organization

from .models import FrozenReturn, IndicatorReturn
from .tally_models import OrganizationTally, ReturnTally

ORGANIZATION_KEY = ["kind", "is_active"]
RETURN_KEY = ["year", "kind", "is_active", "status", "year_status"]


def rows_of(model, *, node, user=None):
    """The rows of `model` that add up to the subtree of `node`; without a node, what `user`
    sees at the top: everything for an administrator or a command (the roots' rows), their
    own body's for office staff, nothing for anyone else."""
    if node is not None:
        return model.objects.filter(node=node)
    if user is None or user.is_admin:
        return model.objects.filter(node__parent__isnull=True)
    if user.is_office and user.organization_id:
        return model.objects.filter(node=user.organization_id)
    return model.objects.none()


def counted(rows):
    """The sum of the counts of `rows` (one query)."""
    return rows.aggregate(n=Sum("count", default=0))["n"]


# --- Writers -------------------------------------------------------------------------------


def _up_the_tree(own_deltas, ancestors):
    """{(organization, *key): n} → the same at each organization's own row and at the
    subtree rows of every body above it."""
    deltas = Counter()
    for (organization, *key), n in own_deltas.items():
        deltas[(organization, True, *key)] += n
        for node in ancestors.get(organization, ()):
            deltas[(node, False, *key)] += n
    return deltas


def return_changed(indicator_return, *, before):
    """`indicator_return` was created (`before` None) or moved from status `before`. Its year
    status is the frozen one if its year is closed, else the status itself."""
    if before == indicator_return.status:
        return
    frozen = (
        FrozenReturn.objects.filter(indicator_return=indicator_return.pk)
        .values_list("status", flat=True)
        .first()
    )
    kind, active = Organization.objects.values_list("kind", "is_active").get(
        pk=indicator_return.organization_id
    )
    where = (indicator_return.organization_id, indicator_return.year, kind, active)
    own = Counter({(*where, indicator_return.status, frozen or indicator_return.status): 1})
    if before is not None:
        own[(*where, before, frozen or before)] -= 1
    _apply_returns(own)


def returns_reopened(changed):
    """A closed year reopened: `changed` is [(return pk, frozen status)] of its returns whose
    status moved since the close; their year status becomes their status."""
    frozen = dict(changed)
    own = Counter()
    returns = IndicatorReturn.objects.filter(pk__in=frozen).values_list(
        "pk", "organization", "year", "organization__kind", "organization__is_active", "status"
    )
    for pk, organization, year, kind, active, status in returns:
        own[(organization, year, kind, active, status, frozen[pk])] -= 1
        own[(organization, year, kind, active, status, status)] += 1
    _apply_returns(own)


def _apply_returns(own):
    ancestors = ancestors_of({key[0] for key in own})
    add_counts(ReturnTally, ["node", "own", *RETURN_KEY], _up_the_tree(own, ancestors))


def organization_changed(organization, *, previous_parent_id=None, moved=False):
    """`organization` was added, changed or (`moved`) moved from under `previous_parent_id`:
    first its subtree's counts leave the old ancestors for the new ones, then, if its kind or
    active flag is not what its own row says, it and its returns are counted anew."""
    if moved and previous_parent_id != organization.parent_id:
        _subtree_moved(organization, previous_parent_id)
    now = (organization.kind, organization.is_active)
    was = set(
        OrganizationTally.objects.filter(node=organization, own=True, count__gt=0).values_list(
            *ORGANIZATION_KEY
        )
    )
    if was == {now}:
        return
    ancestors = {organization.pk: ancestors_from(organization.parent_id)}
    own = Counter({(organization.pk, *now): 1})
    for key in was:
        own[(organization.pk, *key)] -= 1
    add_counts(OrganizationTally, ["node", "own", *ORGANIZATION_KEY], _up_the_tree(own, ancestors))
    returns = Counter()
    own_returns = ReturnTally.objects.filter(node=organization, own=True, count__gt=0)
    for year, kind, active, status, year_status, n in own_returns.values_list(*RETURN_KEY, "count"):
        returns[(organization.pk, year, kind, active, status, year_status)] -= n
        returns[(organization.pk, year, *now, status, year_status)] += n
    add_counts(ReturnTally, ["node", "own", *RETURN_KEY], _up_the_tree(returns, ancestors))


def _subtree_moved(organization, previous_parent_id):
    old, new = ancestors_from(previous_parent_id), ancestors_from(organization.parent_id)
    for model, key in ((OrganizationTally, ORGANIZATION_KEY), (ReturnTally, RETURN_KEY)):
        totals = Counter()
        for row in model.objects.filter(node=organization, count__gt=0).values_list(*key, "count"):
            totals[row[:-1]] += row[-1]
        deltas = Counter()
        for rest, n in totals.items():
            for nodes, sign in ((old, -1), (new, 1)):
                for node in nodes:
                    deltas[(node, False, *rest)] += sign * n
        add_counts(model, ["node", "own", *key], deltas)


# --- Recount, check, rebuild -----------------------------------------------------------------
# Set-based, like the other rollups: a country has 100 000 organizations and their returns.


def _levels(queryset, organization, key):
    """For each level up the tree, the rows of `queryset` counted at the body `level` steps
    above their organization (at `organization`, a field path; "" for organizations
    themselves), level 0 being its own row: ([(sql, params)], the parts' column names)."""
    parts = []
    for level in range(MAX_TREE_DEPTH):
        node = "__".join(filter(None, [organization, *["parent"] * level])) or "pk"
        rows = (
            queryset.filter(**{f"{node}__isnull": False})
            .annotate(t_node=F(node), t_own=Value(level == 0))
            .order_by()
            .values("t_node", "t_own", *key.values())
        )
        parts.append(rows.query.sql_with_params())
    return parts, ["t_node", "t_own", *key.values()]


def _organization_parts():
    return _levels(Organization.objects.all(), "", {"kind": "kind", "is_active": "is_active"})


def _return_parts():
    returns = IndicatorReturn.objects.annotate(
        t_kind=F("organization__kind"),
        t_active=F("organization__is_active"),
        t_year_status=Coalesce(F("frozen__status"), F("status")),
    )
    key = {
        "year": "year",
        "kind": "t_kind",
        "is_active": "t_active",
        "status": "status",
        "year_status": "t_year_status",
    }
    return _levels(returns, "organization", key)


TABLES = (
    (OrganizationTally, ORGANIZATION_KEY, _organization_parts),
    (ReturnTally, RETURN_KEY, _return_parts),
)


def _fill(table, key, parts):
    """INSERT INTO `table` the rows of `parts` (_levels) counted by node, own and key."""
    parts, names = parts()
    inner = ", ".join(names)
    sql = " UNION ALL ".join(part for part, _params in parts)
    params = [param for _part, part_params in parts for param in part_params]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (node_id, own, {', '.join(key)}, count) "  # noqa: S608
            f"SELECT {inner}, COUNT(*) FROM ({sql}) u GROUP BY {inner}",  # (ORM SQL, our table)
            params,
        )


@transaction.atomic
def differences():
    """[(table name, key, stored, recounted)] for every row of either table that differs
    (zeros equal absent); each recount goes into a temporary table, compared there."""
    found = []
    with connection.cursor() as cursor:
        for model, key, parts in TABLES:
            table, scratch = model._meta.db_table, f"{model._meta.db_table}_recount"
            columns = ", ".join(["node_id", "own", *key])
            cursor.execute(
                f"CREATE TEMPORARY TABLE {scratch} AS "  # noqa: S608 (our tables)
                f"SELECT {columns}, count FROM {table} WHERE 1 = 0"
            )
            try:
                _fill(scratch, key, parts)
                cursor.execute(
                    f"SELECT {columns}, SUM(sn), SUM(wn) FROM ("  # noqa: S608 (our tables)
                    f"SELECT {columns}, count AS sn, 0 AS wn FROM {table} "
                    f"UNION ALL SELECT {columns}, 0, count FROM {scratch}) u "
                    f"GROUP BY {columns} HAVING SUM(sn) <> SUM(wn) ORDER BY {columns}"
                )
                found += [
                    (model._meta.verbose_name_plural, tuple(row[:-2]), row[-2], row[-1])
                    for row in cursor.fetchall()
                ]
            finally:
                cursor.execute(f"DROP TABLE {scratch}")
    return found


@transaction.atomic
def rebuild():
    """Replace both tables with a recount (after writes that went past the services)."""
    for model, key, parts in TABLES:
        model.objects.all().delete()
        _fill(model._meta.db_table, key, parts)
