"""Writing the rollup's rows (obligations/tallies.py): add deltas to the rows a change
touches, under row locks taken in primary-key order (so that two writers never wait for each
other in a circle), insert the rows nobody had yet, and apply the batch again as updates when
a concurrent transaction inserted one of them first. obligations/rollup.py works out the
deltas; `add_counts` writes them, and the count tables of reports/reporting_rollup.py; the
indicators' sums (reports/indicator_rollup.py) use the same locking and retry helpers."""

import logging

from django.db import IntegrityError, transaction

from organizations.models import MAX_TREE_DEPTH, Organization

from .tallies import TALLY_FIELDS, CompletionTally, ObligationTally

log = logging.getLogger("obligations.rollup")

ANCESTOR_LOOKUPS = tuple("__".join(["parent"] * level) for level in range(1, MAX_TREE_DEPTH))
LOCK_CHUNK = 2000


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


def lock_organizations(organization_ids):
    ids = sorted(organization_ids)
    for start in range(0, len(ids), LOCK_CHUNK):
        chunk = Organization.objects.filter(pk__in=ids[start : start + LOCK_CHUNK])
        list(chunk.select_for_update(no_key=True).order_by("pk").values_list("pk"))


def apply_deltas(deltas):
    """Add `deltas` ({(node, own, deadline row, year, due date, status, year status,
    on time): n}) to the rows; locked by node, deadline row and status (the due date may be
    NULL, which no `IN` matches)."""
    add_counts(ObligationTally, TALLY_FIELDS, deltas, narrow_by=["responsibility", "status"])


def tally_row_key(row):
    """The key of an ObligationTally row, as apply_deltas takes it."""
    return tuple(
        getattr(row, ObligationTally._meta.get_field(name).attname) for name in TALLY_FIELDS
    )


def insert_or_retry(model, rows, *, retry):
    """Insert rows nobody had yet; if another transaction inserted one of them meanwhile,
    the whole batch is applied again (`retry()`) as updates of the rows it finds then."""
    try:
        with transaction.atomic():
            model.objects.bulk_create(rows, batch_size=1000)
    except IntegrityError:
        retry()


def _not_negative(key, count):
    if count < 0:
        # Only a rollup already out of step gets here (a row changed by hand): the change
        # itself must not fail for it. check_rollup reports and repairs the difference.
        log.warning("Rollup row %s would become %s; kept at 0 — run check_rollup --fix", key, count)
        return 0
    return count


def apply_completion(deltas):
    """Add `deltas` ({(node, year): Counter(owing=…, complete=…)}) to the rows."""
    deltas = {key: change for key, change in deltas.items() if any(change.values())}
    if not deltas:
        return
    nodes = sorted({node for node, _year in deltas})
    existing = {}
    for start in range(0, len(nodes), LOCK_CHUNK):
        locked = CompletionTally.objects.select_for_update().filter(
            node__in=nodes[start : start + LOCK_CHUNK], year__in={year for _n, year in deltas}
        )
        existing.update({(row.node_id, row.year): row for row in locked.order_by("pk")})
    changed, missing = [], {}
    for key, change in deltas.items():
        row = existing.get(key)
        if row is None:
            missing[key] = change
            continue
        row.owing = _not_negative(key, row.owing + change["owing"])
        row.complete = _not_negative(key, row.complete + change["complete"])
        changed.append(row)
    CompletionTally.objects.bulk_update(changed, ["owing", "complete"], batch_size=500)
    if missing:
        rows = _completion_rows(missing)
        insert_or_retry(CompletionTally, rows, retry=lambda: apply_completion(missing))


def _completion_rows(missing):
    return [
        CompletionTally(
            node_id=node,
            year=year,
            owing=_not_negative(key, change["owing"]),
            complete=_not_negative(key, change["complete"]),
        )
        for key, change in missing.items()
        for (node, year) in [key]
    ]


def ancestors_from(parent_id):
    """`parent_id` and the bodies above it."""
    if parent_id is None:
        return []
    return [parent_id, *ancestors_of({parent_id}).get(parent_id, [])]


def add_counts(model, fields, deltas, *, narrow_by=None):
    """Add `deltas` ({key: n}, a key being the values of `fields`, `node` first) to the
    `count` of `model`'s rows: the writer of every count table of the rollups
    (ObligationTally, reports/reporting_rollup.py's). Rows are locked in primary-key order,
    found by node and by the values of `narrow_by` (default: every other field of the key,
    none of them NULL) that occur."""
    deltas = {key: n for key, n in deltas.items() if n}
    if not deltas:
        return
    names = [model._meta.get_field(name).attname for name in fields]
    nodes = sorted({key[0] for key in deltas})
    narrowing = fields[1:] if narrow_by is None else narrow_by
    narrow = {
        f"{names[fields.index(field)]}__in": {key[fields.index(field)] for key in deltas}
        for field in narrowing
    }
    existing = {}
    for start in range(0, len(nodes), LOCK_CHUNK):
        locked = model.objects.select_for_update().filter(
            node__in=nodes[start : start + LOCK_CHUNK], **narrow
        )
        existing.update(
            {tuple(getattr(row, name) for name in names): row for row in locked.order_by("pk")}
        )
    changed, missing = [], {}
    for key, n in deltas.items():
        row = existing.get(key)
        if row is None:
            missing[key] = n
        else:
            row.count = _not_negative(key, row.count + n)
            changed.append(row)
    model.objects.bulk_update(changed, ["count"], batch_size=500)
    if missing:
        rows = [
            model(count=_not_negative(key, n), **dict(zip(names, key, strict=True)))
            for key, n in missing.items()
        ]
        insert_or_retry(
            model, rows, retry=lambda: add_counts(model, fields, missing, narrow_by=narrow_by)
        )
