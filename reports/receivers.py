"""What reports does when another app tells it something (connected in apps.py)."""

from . import indicator_rollup, reporting_rollup

_NOT_MOVED = object()


def organization_changed(sender, *, organization, previous_parent_id=_NOT_MOVED, **kwargs):
    """An organization was added or changed: it is counted as it now is
    (reports/reporting_rollup.py); if it moved in the tree, its subtree's counts and
    indicator totals move to its new ancestors."""
    moved = previous_parent_id is not _NOT_MOVED
    if moved:
        indicator_rollup.subtree_moved(organization, previous_parent_id=previous_parent_id)
    reporting_rollup.organization_changed(
        organization, previous_parent_id=previous_parent_id if moved else None, moved=moved
    )
