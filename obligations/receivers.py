"""Keep obligations in step with the roadmaps and organizations (same transaction)."""

from roadmap.models import Roadmap

from . import rollup
from .editions import carry_over_edition
from .sync import sync_obligations


def roadmap_changed(sender, *, roadmap, by=None, **kwargs):
    sync_obligations(roadmap=roadmap, by=by)


def edition_activated(sender, *, roadmap, by=None, **kwargs):
    carry_over_edition(roadmap=roadmap, by=by)


_NOT_MOVED = object()


def organization_changed(sender, *, organization, by=None, previous_parent_id=_NOT_MOVED, **kw):
    """Only this organization's obligations under the roadmaps in force. A move in the tree
    (`previous_parent_id` given) first carries its counts over to its new ancestors."""
    if previous_parent_id is not _NOT_MOVED:
        rollup.subtree_moved(organization, previous_parent_id=previous_parent_id)
    for roadmap in Roadmap.objects.active():
        sync_obligations(roadmap=roadmap, organization=organization, by=by)
