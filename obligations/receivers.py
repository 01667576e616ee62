"""Keep obligations in step with the roadmaps and organizations (same transaction)."""

from roadmap.models import RoadmapStatus

from .services import sync_obligations


def roadmap_changed(sender, *, roadmap, by=None, **kwargs):
    sync_obligations(roadmap=roadmap, by=by)


def organization_changed(sender, *, organization, **kwargs):
    from roadmap.models import Roadmap

    for roadmap in Roadmap.objects.filter(status=RoadmapStatus.ACTIVE):
        sync_obligations(roadmap=roadmap)
