"""Carrying work over to a new edition of a programme.

When a new edition is put in force, its activities that carry over (Activity.carried_from)
already have fresh obligations (the sync ran first). Here each fresh obligation takes over
what the organization did for the same activity in the previous edition: its evidence, its
history and its state (an accepted local act stays accepted), and says so in its history.
The old obligation stays archived, empty, as the sync left it.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from roadmap.models import Activity

from . import rollup
from .models import EventAction, Evidence, Obligation, ObligationEvent, ObligationStatus

_STATE_FIELDS = ("status", "submitted_at", "reviewed_at", "reviewed_by")


@transaction.atomic
def carry_over_edition(*, roadmap, by):
    """Move evidence, history and state from the previous edition's obligations; idempotent
    (an obligation already worked on keeps its own). Returns how many were carried over."""
    carried = Activity.objects.filter(stage__roadmap=roadmap, carried_from__isnull=False)
    old_by_key = {}
    old_rows = (
        Obligation.objects.filter(responsibility__activity__in=carried.values("carried_from"))
        .select_related("responsibility__activity__stage__roadmap")
        .order_by("responsibility__position", "pk")
    )
    for old in old_rows:
        key = (old.responsibility.activity_id, old.organization_id, old.period_key)
        old_by_key.setdefault(key, old)
    fresh = Obligation.objects.filter(
        responsibility__activity__in=carried, status=ObligationStatus.NOT_STARTED
    ).select_related("responsibility__activity")
    events = []
    count = 0
    change = rollup.Change()
    for obligation in fresh.select_for_update(of=("self",)):
        source = obligation.responsibility.activity.carried_from_id
        old = old_by_key.get((source, obligation.organization_id, obligation.period_key))
        if old is None or old.pk == obligation.pk:
            continue
        if not Evidence.objects.filter(obligation=old).exists() and (
            old.status == ObligationStatus.NOT_STARTED
        ):
            continue  # nothing was done: nothing to carry
        Evidence.objects.filter(obligation=old).update(obligation=obligation)
        ObligationEvent.objects.filter(obligation=old).update(obligation=obligation)
        before = rollup.counted(obligation)
        for name in _STATE_FIELDS:
            setattr(obligation, name, getattr(old, name))
        change.move(before, rollup.counted(obligation))
        obligation.revision += 1
        obligation.save(update_fields=[*_STATE_FIELDS, "revision"])
        old_by_key.pop((source, obligation.organization_id, obligation.period_key))
        events.append(
            ObligationEvent(
                obligation=obligation,
                actor=by,
                action=EventAction.CARRIED_OVER,
                to_status=obligation.status,
                comment=_("Перенесено из предыдущей редакции: «%(title)s»")
                % {"title": old.responsibility.activity.stage.roadmap.title},
            )
        )
        count += 1
    ObligationEvent.objects.bulk_create(events)
    change.apply()
    return count
