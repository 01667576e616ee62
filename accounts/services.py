"""Writes for accounts: creating portal users with a consistent role setup."""

from django.db import transaction

from .models import Role, User


@transaction.atomic
def ensure_user(*, username, role, organization=None, password=None, **details):
    """Create the user if missing, otherwise update its role and details; idempotent.

    The password is set only when the user is created, so re-running a seed never resets a
    password somebody has changed. Administrators get the Django admin site.
    """
    is_admin = role == Role.ADMIN
    defaults = {
        "role": role,
        "organization": organization,
        "is_staff": is_admin,
        "is_superuser": is_admin,
        **details,
    }
    user, created = User.objects.update_or_create(username=username, defaults=defaults)
    if created:
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(update_fields=["password"])
    return user, created
