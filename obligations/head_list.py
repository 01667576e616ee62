"""The head's list («Что сделать сейчас» and every group of «Моя организация»), rendered once
and kept in the cache until something it shows changes.

The fragment is stored under (organization, today, language) together with the two versions
it was built from: the organization's (its obligations, their evidence and history) and a
shared one (roadmaps, their stages, activities and deadline rows, which every organization
shows). A reader takes the versions and the fragment in one `get_many` and uses the fragment
only if both versions still match; the versions are read *before* the database, so a page
built from data older than a bump is stored under the old versions and never served.

Versions are bumped, never deleted, and only from places every change already goes through:
`rollup.Change.apply()` (same transaction as every status move, sync, edition, tree move),
`post_save`/`post_delete` of the models the list shows (admin edits, corrections, evidence)
and `recount.rebuild()` (set-based rewrites). Each bump happens at once — so that the same
transaction sees its own change — and again on commit, which is the one that counts: a reader
between the two could store what it read before the commit under the first new version.

Enabled by HEAD_LIST_CACHE (default: when REDIS_URL is set). With the database cache a hit
would cost as many queries as it saves.
"""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from roadmap.models import Activity, Programme, Responsibility, ResponsibleParty, Roadmap, Stage

from .evidence_models import Evidence
from .models import Obligation, ObligationEvent

SHARED_KEY = "head-list:shared"
TIMEOUT = 24 * 60 * 60  # a fragment is keyed by day anyway


def enabled():
    return settings.HEAD_LIST_CACHE


def _organization_key(organization_id):
    return f"head-list:organization:{organization_id}"


def _fragment_key(organization_id, today):
    return f"head-list:html:{organization_id}:{today.isoformat()}:{get_language()}"


def _bump(keys):
    cache.set_many({key: uuid.uuid4().hex for key in keys}, timeout=None)


def _bump_now_and_on_commit(keys):
    if not enabled() or not keys:
        return
    keys = list(keys)
    _bump(keys)
    transaction.on_commit(lambda: _bump(keys))


def organizations_changed(organization_ids):
    """What these organizations' lists show changed (`organization_ids` may be a queryset:
    read only when the cache is on)."""
    if enabled():
        _bump_now_and_on_commit([_organization_key(pk) for pk in set(organization_ids) if pk])


def shared_changed():
    """Something every list may show changed (a roadmap, an activity, a deadline row)."""
    _bump_now_and_on_commit([SHARED_KEY])


def _versions(found, keys):
    """The current versions of `keys`; a missing one (evicted, never bumped) is created."""
    missing = [key for key in keys if key not in found]
    for key in missing:
        cache.add(key, uuid.uuid4().hex, timeout=None)
    if missing:
        found = {**found, **cache.get_many(missing)}
    return tuple(found.get(key) for key in keys)


def cached(organization_id, today, render):
    """The list's HTML: from the cache if nothing changed since it was rendered, else
    `render()` (and stored)."""
    if not enabled() or organization_id is None:
        return render()
    version_keys = [_organization_key(organization_id), SHARED_KEY]
    fragment_key = _fragment_key(organization_id, today)
    found = cache.get_many([*version_keys, fragment_key])
    versions = _versions(found, version_keys)
    stored = found.get(fragment_key)
    if stored is not None and None not in versions and stored[0] == versions:
        return mark_safe(stored[1])  # noqa: S308 — rendered by our own template
    html = render()
    if None not in versions:  # a cache that keeps nothing must not serve anything either
        cache.set(fragment_key, (versions, str(html)), timeout=TIMEOUT)
    return html


def _obligation_saved(sender, instance, **kwargs):
    organizations_changed([instance.organization_id])


def _part_of_obligation_saved(sender, instance, **kwargs):
    """Evidence and history (the return comment) of one obligation."""
    organizations_changed(
        Obligation.objects.filter(pk=instance.obligation_id).values_list("organization", flat=True)
    )


def _shared_saved(sender, **kwargs):
    shared_changed()


SHARED_MODELS = (Programme, Roadmap, Stage, Activity, Responsibility, ResponsibleParty)


def connect():
    """Every save or delete of a row the list shows bumps a version (apps.ready); set-based
    writers call organizations_changed() through rollup.Change.apply() or recount.rebuild()."""
    for model, receiver in [
        (Obligation, _obligation_saved),
        (Evidence, _part_of_obligation_saved),
        (ObligationEvent, _part_of_obligation_saved),
        *((model, _shared_saved) for model in SHARED_MODELS),
    ]:
        for signal in (post_save, post_delete):
            signal.connect(receiver, sender=model, dispatch_uid=f"head-list-{model.__name__}")
