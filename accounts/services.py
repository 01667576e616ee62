"""Writes for accounts: creating portal users with a consistent role setup; counting
password-reset requests."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import PasswordResetRequest, Role, User


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


def password_reset_allowed_at(*, address, email):
    """None when a reset e-mail may be requested now, else the moment it may again.

    At most PASSWORD_RESET_LIMIT_PER_ADDRESS requests from one address and
    PASSWORD_RESET_LIMIT_PER_ACCOUNT for one e-mail within PASSWORD_RESET_WINDOW_MINUTES.
    """
    window = timedelta(minutes=settings.PASSWORD_RESET_WINDOW_MINUTES)
    recent = PasswordResetRequest.objects.since(timezone.now() - window)
    for requests, limit in (
        (recent.from_address(address), settings.PASSWORD_RESET_LIMIT_PER_ADDRESS),
        (recent.for_email(email), settings.PASSWORD_RESET_LIMIT_PER_ACCOUNT),
    ):
        times = list(
            requests.order_by("-requested_at").values_list("requested_at", flat=True)[:limit]
        )
        if len(times) >= limit:
            return times[-1] + window
    return None


@transaction.atomic
def record_password_reset_request(*, address, email):
    """Count one request; requests older than a day are forgotten here too."""
    PasswordResetRequest.objects.filter(
        requested_at__lt=timezone.now() - timedelta(days=1)
    ).delete()
    return PasswordResetRequest.objects.create(address=address, email=email.strip().lower())
