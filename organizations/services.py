"""Writes for organizations."""

from django.db import transaction

from .models import Organization
from .signals import organization_changed


@transaction.atomic
def ensure_organization(*, name, kind, parent=None, **details):
    """Create the organization if missing (matched by name within its parent), else update it."""
    organization, created = Organization.objects.update_or_create(
        name=name, parent=parent, defaults={"kind": kind, **details}
    )
    organization_changed.send(sender=Organization, organization=organization)
    return organization, created


@transaction.atomic
def save_organization(*, organization, by):
    """Save an organization edited by hand (the Django admin) and tell the other apps, in the
    same transaction, so that it owes at once what its kind, parent and active flag imply.
    Who changed what is recorded by the admin's own log. The parent it had before goes with
    the signal, so that the obligations' rollup follows a move in the tree."""
    organization.full_clean()
    stored = Organization.objects.filter(pk=organization.pk).values_list("parent_id", flat=True)
    previous_parent_id = stored.first() if organization.pk else None
    organization.save()
    organization_changed.send(
        sender=Organization,
        organization=organization,
        by=by,
        previous_parent_id=previous_parent_id,
    )
    return organization
