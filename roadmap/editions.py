"""Editions of a programme: the next period's roadmap of the same programme and issuer.

A file is a new edition of a programme already in the portal when its title without the
years (russian.programme_key) and its issuer match a roadmap's. The new roadmap is linked to
that one (Roadmap.previous_edition); activities that carry over (the same text) are linked
too (Activity.carried_from), so that activating the edition archives the old one and the
obligations app moves evidence and history across (signal `edition_activated`).
"""

from django.db import transaction
from django.utils.translation import gettext as _

from .models import Activity, Roadmap, RoadmapChange, RoadmapStatus
from .russian import programme_key

MATCH = "match"  # find the previous edition by title and issuer
NEW_PROGRAMME = "new"  # the file is a programme of its own


def _activity_key(title):
    return " ".join(title.lower().replace("ё", "е").split())


def find_previous_edition(*, title, issuer, exclude=None):
    """The roadmap this title is the next edition of: same title without years, same issuer;
    the one in force first, else the latest. None when it is a new programme."""
    key = programme_key(title)
    if not key:
        return None
    candidates = Roadmap.objects.filter(issuer=issuer).select_related("programme")
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    matching = [
        roadmap
        for roadmap in candidates.order_by("-created_at", "-pk")
        if key in (programme_key(roadmap.programme.title), programme_key(roadmap.title))
    ]
    active = [roadmap for roadmap in matching if roadmap.status == RoadmapStatus.ACTIVE]
    return (active or matching or [None])[0]


def resolve_edition(edition_of, *, title, issuer):
    """The previous edition to link: MATCH looks it up, NEW_PROGRAMME/None links none."""
    if isinstance(edition_of, Roadmap):
        return edition_of
    if edition_of == MATCH:
        return find_previous_edition(title=title, issuer=issuer)
    return None


def link_carried_activities(roadmap):
    """Each new activity whose text the previous edition has is carried from that activity."""
    previous = roadmap.previous_edition
    if previous is None:
        return 0
    old = {}
    for activity in Activity.objects.filter(stage__roadmap=previous).order_by(
        "stage__position", "position"
    ):
        old.setdefault(_activity_key(activity.title), activity)
    linked = []
    for activity in Activity.objects.filter(stage__roadmap=roadmap):
        match = old.get(_activity_key(activity.title))
        if match is not None:
            activity.carried_from = match
            linked.append(activity)
    Activity.objects.bulk_update(linked, ["carried_from"])
    return len(linked)


class CarryOverError(ValueError):
    """A pair the user chose cannot carry over; the message is for the user (Russian)."""


def carried_pairs(roadmap):
    """The draft's activities and what each carries over from the previous edition, in order."""
    return (
        Activity.objects.filter(stage__roadmap=roadmap)
        .select_related("stage", "carried_from__stage")
        .order_by("stage__position", "position")
    )


@transaction.atomic
def choose_carried_from(*, roadmap, activity, source, by):
    """The user pairs a new activity with one of the previous edition (reworded, merged,
    moved): its obligations keep that activity's evidence and history on activation. `source`
    None undoes a pair. Only a draft that is a new edition can be paired; recorded."""
    roadmap = Roadmap.objects.select_for_update().get(pk=roadmap.pk)
    if roadmap.status != RoadmapStatus.DRAFT or roadmap.previous_edition_id is None:
        raise CarryOverError(_("Перенос выбирают до ввода в действие новой редакции."))
    if activity.stage.roadmap_id != roadmap.pk:
        raise CarryOverError(_("Мероприятие не из этой дорожной карты."))
    if source is not None and source.stage.roadmap_id != roadmap.previous_edition_id:
        raise CarryOverError(_("Мероприятие не из предыдущей редакции."))
    activity.carried_from = source
    activity.save(update_fields=["carried_from"])
    details = (
        _("%(new)s ← %(old)s") % {"new": activity, "old": source}
        if source is not None
        else _("%(new)s: без переноса") % {"new": activity}
    )
    RoadmapChange.objects.create(
        roadmap=roadmap, actor=by, action=_("Выбран перенос"), details=details
    )
    return activity
