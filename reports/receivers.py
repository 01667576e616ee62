"""What reports does when another app tells it something (connected in apps.py)."""

from . import indicator_rollup

_NOT_MOVED = object()


def organization_changed(sender, *, organization, previous_parent_id=_NOT_MOVED, **kwargs):
    """A body moved in the tree: its subtree's indicator totals move to its new ancestors."""
    if previous_parent_id is not _NOT_MOVED:
        indicator_rollup.subtree_moved(organization, previous_parent_id=previous_parent_id)
