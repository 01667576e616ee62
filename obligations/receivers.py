"""Keep obligations in step with the roadmaps and organizations (same transaction)."""

from roadmap.models import Roadmap

from .editions import carry_over_edition
from .sync import sync_obligations


def roadmap_changed(sender, *, roadmap, by=None, **kwargs):
    sync_obligations(roadmap=roadmap, by=by)


def edition_activated(sender, *, roadmap, by=None, **kwargs):
    carry_over_edition(roadmap=roadmap, by=by)


def organization_changed(sender, *, organization, by=None, **kwargs):
    """Only this organization's obligations under the roadmaps in force."""
    for roadmap in Roadmap.objects.active():
        sync_obligations(roadmap=roadmap, organization=organization, by=by)
