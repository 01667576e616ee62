"""Obligations in step with the roadmaps in force: one idempotent service, in three steps —
what the roadmap wants (`_wanted`), what exists (`_existing`), and the difference applied
(`_create_missing`, `_reconcile`)."""

from collections import Counter

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from mentorship_portal.dates import format_date
from organizations.models import Organization
from roadmap.models import PartyKind, Responsibility, Roadmap, RoadmapStatus
from roadmap.services import RoadmapStateError

from . import rollup
from .models import EventAction, Obligation, ObligationEvent


def responsible_organizations(party, roadmap):
    """The organizations a responsible party stands for under `roadmap`."""
    if party.kind == PartyKind.ORGANIZATION:
        return [party.organization] if party.organization.is_active else []
    if party.kind == PartyKind.ALL_HEADS:
        # "The heads of all educational organizations" of the body that issued the roadmap.
        organizations = Organization.objects.active().educational()
        if roadmap.issuer_id:
            organizations = organizations.subtree_of(roadmap.issuer)
        return list(organizations)
    return []  # not matched yet: staff match it on the activity page


@transaction.atomic
def sync_obligations(*, by=None, roadmap=None, organization=None):
    """Make obligations match the roadmaps in force; idempotent.

    Creates what is missing, updates due dates, archives what no longer applies (never
    deletes: evidence and history stay) and restores what applies again. With
    `organization`, only that organization's obligations are looked at (a new or changed
    organization). Each roadmap row is locked while it is synced, so two syncs of the same
    roadmap run one after the other. Returns counts.
    """
    roadmaps = Roadmap.objects.all() if roadmap is None else Roadmap.objects.filter(pk=roadmap.pk)
    counts = {"created": 0, "updated": 0, "archived": 0, "restored": 0}
    for current in roadmaps.select_related("programme", "issuer").select_for_update(of=("self",)):
        wanted = _wanted(current, organization)
        existing = _existing(current, organization)
        change = rollup.Change()
        counts["created"] += _create_missing(wanted, existing, change)
        events = _reconcile(wanted, existing, by, counts, change)
        ObligationEvent.objects.bulk_create(events)
        change.apply()
    return counts


def _wanted(roadmap, organization):
    """{(responsibility pk, organization pk, period key): due date} that `roadmap` asks for
    (nothing unless it is in force), only for `organization` if given. Refused as soon as
    one organization would owe more than ROADMAP_MAX_OBLIGATIONS_PER_ORGANIZATION."""
    if roadmap.status != RoadmapStatus.ACTIVE:
        return {}
    limit = settings.ROADMAP_MAX_OBLIGATIONS_PER_ORGANIZATION
    rows = Responsibility.objects.filter(activity__stage__roadmap=roadmap).prefetch_related(
        "parties__organization"
    )
    owners = _Owners(roadmap, organization)
    wanted, per_organization = {}, Counter()
    for row in rows:
        periods = [p for p in row.due_periods(roadmap.programme) if roadmap.owes(p)]
        for owner in owners.of(row):
            for period in periods:
                key = (row.pk, owner.pk, period.key)
                if key not in wanted:
                    per_organization[owner.pk] += 1
                    if per_organization[owner.pk] > limit:
                        raise _too_many_obligations(roadmap, owner, limit)
                wanted[key] = period.due_date
    return wanted


class _Owners:
    """The organizations owing a deadline row of one roadmap (only `organization`, if given);
    "all heads" is the same set for every row, so it is looked up once."""

    def __init__(self, roadmap, organization):
        self.roadmap, self.organization, self._all_heads = roadmap, organization, None

    def of(self, row):
        for party in row.parties.all():
            for owner in self._for_party(party):
                if self.organization is None or owner.pk == self.organization.pk:
                    yield owner

    def _for_party(self, party):
        if party.kind != PartyKind.ALL_HEADS:
            return responsible_organizations(party, self.roadmap)
        if self._all_heads is None:
            self._all_heads = responsible_organizations(party, self.roadmap)
        return self._all_heads


def _too_many_obligations(roadmap, organization, limit):
    """A roadmap that would bury one organization (and its page) under obligations: refused,
    and the activation with it, rather than creating hundreds of thousands of rows."""
    return RoadmapStateError(
        _(
            "Дорожная карта «%(roadmap)s» дала бы организации «%(organization)s» больше "
            "%(limit)s обязательств (настройка ROADMAP_MAX_OBLIGATIONS_PER_ORGANIZATION). "
            "Проверьте сроки и ответственных: столько мероприятий одной организации не под силу."
        )
        % {"roadmap": roadmap, "organization": organization, "limit": limit}
    )


def _existing(roadmap, organization):
    rows = Obligation.objects.filter(responsibility__activity__stage__roadmap=roadmap)
    if organization is not None:
        rows = rows.filter(organization=organization)
    return {(o.responsibility_id, o.organization_id, o.period_key): o for o in rows}


def _create_missing(wanted, existing, change):
    missing = [
        Obligation(
            responsibility_id=row,
            organization_id=owner,
            period_year=year,
            period_unit=unit,
            period_number=number,
            due_date=due_date,
        )
        for (row, owner, (year, unit, number)), due_date in wanted.items()
        if (row, owner, (year, unit, number)) not in existing
    ]
    Obligation.objects.bulk_create(missing, batch_size=1000)
    for obligation in missing:
        change.add(obligation)
    return len(missing)


def _reconcile(wanted, existing, by, counts, change):
    """Restore, re-date or archive existing obligations (and count it in `change`); returns
    their history entries."""
    events = []
    for key, obligation in existing.items():
        if key not in wanted:
            if not obligation.is_archived:
                change.remove(obligation)
                obligation.is_archived = True
                obligation.save(update_fields=["is_archived"])
                counts["archived"] += 1
                events.append(_event(obligation, by, EventAction.ARCHIVED))
            continue
        changed, before = [], rollup.counted(obligation)
        if obligation.is_archived:
            obligation.is_archived = False
            changed.append("is_archived")
            counts["restored"] += 1
            events.append(_event(obligation, by, EventAction.RESTORED))
        if obligation.due_date != wanted[key]:
            events.append(_redated(obligation, by, wanted[key]))
            obligation.due_date = wanted[key]
            changed.append("due_date")
            counts["updated"] += 1
        if changed:
            obligation.save(update_fields=changed)
            change.move(before, rollup.counted(obligation))
    return events


def _redated(obligation, by, due_date):
    moved = _("%(old)s → %(new)s") % {
        "old": format_date(obligation.due_date, empty=_("без срока")),
        "new": format_date(due_date, empty=_("без срока")),
    }
    return _event(obligation, by, EventAction.DUE_DATE_CHANGED, comment=moved)


def _event(obligation, actor, action, *, comment=""):
    return ObligationEvent(obligation=obligation, actor=actor, action=action, comment=comment)
