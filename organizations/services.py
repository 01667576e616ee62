"""Writes for organizations: adding, editing, moving in the tree, closing and reopening.

Every write is keyword-only and atomic, takes the acting user (`by`), checks the access
policy and the tree's rules inside the transaction, records what changed as an
OrganizationEvent and then tells the other apps (organization_changed), so that the
organization owes at once what its kind, parent and active flag imply: a new active school
gets the obligations of the roadmaps in force, a closed one has its open obligations archived.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.policy import may_manage_organization, may_place_under

from .models import MAX_TREE_DEPTH, Organization, OrganizationAction, OrganizationEvent
from .signals import organization_changed

# The fields whose changes the history records, in the order the page shows them.
TRACKED_FIELDS = [
    "name",
    "short_name",
    "kind",
    "municipality",
    "parent",
    "head_name",
    "email",
    "phone",
    "website",
    "is_active",
]


class OrganizationError(Exception):
    """The change is not possible; the message is Russian and shown to the user."""


@transaction.atomic
def ensure_organization(*, name, kind, parent=None, **details):
    """Create the organization if missing (matched by name within its parent), else update it.
    Seeds and commands use it; people use the functions below."""
    organization, created = Organization.objects.update_or_create(
        name=name, parent=parent, defaults={"kind": kind, **details}
    )
    organization_changed.send(sender=Organization, organization=organization)
    return organization, created


@transaction.atomic
def create_organization(*, by, **fields):
    """Add an organization under a parent the acting user may place it under."""
    organization = Organization(**fields)
    if not may_place_under(by, organization.parent):
        raise OrganizationError(_("Добавлять организации можно только в своём подразделении."))
    _check_tree(organization)
    _validate(organization)
    organization.save()
    return _record(organization, by, OrganizationAction.CREATED, _blank_snapshot())


@transaction.atomic
def update_organization(*, organization, by, **fields):
    """Change an organization's details, its parent (a move) or its active flag."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if not may_manage_organization(by, organization):
        raise OrganizationError(_("Изменять эту организацию вы не можете."))
    before = _snapshot(organization)
    for name, value in fields.items():
        setattr(organization, name, value)
    if organization.parent_id != before["parent_id"]:
        if not may_place_under(by, organization.parent):
            raise OrganizationError(
                _("Перенести организацию можно только в пределах своего подразделения.")
            )
        _check_tree(organization)
    if before["is_active"] and not organization.is_active:
        _check_can_close(organization)
    _validate(organization)
    organization.save()
    return _record(organization, by, _action(before, organization), before)


def deactivate_organization(*, organization, by):
    """Close an organization: its open obligations go to the archive (never deleted)."""
    return update_organization(organization=organization, by=by, is_active=False)


def reactivate_organization(*, organization, by):
    """Reopen it: obligations of the roadmaps in force come back (restored or created)."""
    return update_organization(organization=organization, by=by, is_active=True)


@transaction.atomic
def save_organization(*, organization, by):
    """Save an organization edited in the Django admin: the same tree rules, the same
    history and the same obligations as the portal's pages."""
    if organization.pk is None:
        before = _blank_snapshot()
    else:
        before = _snapshot(Organization.objects.select_for_update().get(pk=organization.pk))
    check_placement(organization, before=before)
    _validate(organization)
    organization.save()
    action = OrganizationAction.CREATED if before["pk"] is None else _action(before, organization)
    return _record(organization, by, action, before)


def check_placement(organization, *, before=None):
    """OrganizationError unless the tree allows the organization where it is now put (and
    closed, if it is being closed); forms ask it before saving (the admin's form does)."""
    if before is None:
        stored = Organization.objects.filter(pk=organization.pk).first()
        before = _snapshot(stored) if stored is not None else _blank_snapshot()
    if organization.parent_id != before["parent_id"]:
        _check_tree(organization)
    if before.get("is_active") and not organization.is_active:
        _check_can_close(organization)


# --- Rules of the tree -----------------------------------------------------------------------


def _check_tree(organization):
    """No loops, and no deeper than MAX_TREE_DEPTH levels (the subtree queries' limit)."""
    parent = organization.parent
    if parent is None:
        return
    if organization.pk:
        below = Organization.objects.subtree_of(organization)
        if below.filter(pk=parent.pk).exists():
            raise OrganizationError(
                _("Организацию нельзя подчинить ей самой или её подчинённой организации.")
            )
    height = Organization.objects.height_of(organization) if organization.pk else 1
    if Organization.objects.depth_of(parent) + height > MAX_TREE_DEPTH:
        raise OrganizationError(
            _("Так дерево организаций станет глубже %(depth)s уровней: выберите другую.")
            % {"depth": MAX_TREE_DEPTH}
        )
    if not parent.is_active:
        raise OrganizationError(_("Вышестоящая организация закрыта: выберите действующую."))


def _check_can_close(organization):
    if organization.children.active().exists():
        raise OrganizationError(
            _(
                "У организации есть действующие подчинённые организации: сначала закройте "
                "или перенесите их."
            )
        )


def _validate(organization):
    try:
        organization.full_clean()
    except ValidationError as error:
        raise OrganizationError(" ".join(error.messages)) from error


# --- History ---------------------------------------------------------------------------------


def _shown(organization, name):
    """A field's value as a person reads it in the history."""
    if name == "kind":
        return str(organization.get_kind_display()) if organization.kind else ""
    if name == "parent":
        return str(organization.parent) if organization.parent_id else ""
    if name == "is_active":
        return _("действует") if organization.is_active else _("закрыта")
    return str(getattr(organization, name) or "")


def _snapshot(organization):
    return {
        "shown": {name: _shown(organization, name) for name in TRACKED_FIELDS},
        "pk": organization.pk,
        "parent_id": organization.parent_id,
        "is_active": organization.is_active,
    }


def _blank_snapshot():
    return {"shown": dict.fromkeys(TRACKED_FIELDS, ""), "pk": None, "parent_id": None}


def _action(before, organization):
    if before["is_active"] != organization.is_active:
        return (
            OrganizationAction.REACTIVATED
            if organization.is_active
            else OrganizationAction.DEACTIVATED
        )
    if before["parent_id"] != organization.parent_id:
        return OrganizationAction.MOVED
    return OrganizationAction.CHANGED


def _record(organization, by, action, before):
    """Write the event (if anything changed) and let the obligations follow."""
    old, new = before["shown"], _snapshot(organization)["shown"]
    changes = [[name, old[name], new[name]] for name in TRACKED_FIELDS if old[name] != new[name]]
    if changes:
        OrganizationEvent.objects.create(
            organization=organization, actor=by, action=action, changes=changes
        )
    # The parent it had goes with the signal, so that the obligations' rollup follows a move.
    moved = {} if before["pk"] is None else {"previous_parent_id": before["parent_id"]}
    organization_changed.send(sender=Organization, organization=organization, by=by, **moved)
    return organization
