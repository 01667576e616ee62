"""Writes for accounts: people managed by staff (invite, send a link again, reset the
password, deactivate, change the role), each checked against the access policy inside the
transaction and recorded as a UserEvent; seeding users; counting password-reset requests."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .links import LinkKind, send_link_on_commit
from .models import PasswordResetRequest, Role, User, UserAction, UserEvent
from .policy import may_assign_organization, may_grant_role, may_manage_user


class AccountError(Exception):
    """The change is not possible; the message is Russian and shown to the user."""


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


# --- People managed by staff -----------------------------------------------------------------


def _placement(role, organization):
    """How the person reads in the history: «Руководитель организации, МБОУ «Школа А»»."""
    label = str(Role(role).label)
    return f"{label}, {organization}" if organization is not None else label


def _record(user, by, action, *, before="", after=""):
    UserEvent.objects.create(user=user, actor=by, action=action, before=before, after=after)


def _locked_manageable(user, by):
    user = User.objects.select_for_update().get(pk=user.pk)
    if not may_manage_user(by, user):
        raise AccountError(_("Управлять этой учётной записью вы не можете."))
    return user


def _check_placement(by, target, role, organization):
    if not may_grant_role(by, target, role):
        raise AccountError(_("Назначать роль «%(role)s» вы не можете.") % {"role": role.label})
    if role != Role.ADMIN and organization is None:
        raise AccountError(_("Укажите организацию."))
    if organization is not None and not may_assign_organization(by, organization):
        raise AccountError(_("Выберите действующую организацию своего подразделения."))


@transaction.atomic
def invite_user(
    *, by, email, organization, role=Role.SCHOOL_HEAD, first_name="", last_name="", **details
):
    """Create an account without a password and e-mail a link to set one. The e-mail
    address is the user name, so the person signs in with what they know."""
    email = email.strip().lower()
    role = Role(role)
    _check_placement(by, None, role, organization)
    if User.objects.with_email(email).exists() or User.objects.filter(username=email).exists():
        raise AccountError(
            _("Пользователь с адресом %(email)s уже есть: найдите его в списке.") % {"email": email}
        )
    user = User(
        username=email,
        email=email,
        role=role,
        organization=organization,
        first_name=first_name,
        last_name=last_name,
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
        **details,
    )
    user.set_unusable_password()
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as error:
        raise AccountError(" ".join(error.messages)) from error
    user.save()
    _record(user, by, UserAction.INVITED, after=_placement(role, organization))
    send_link_on_commit(user=user, kind=LinkKind.INVITATION, by=by)
    return user


@transaction.atomic
def resend_invitation(*, user, by):
    """Send the invitation again; the earlier links stop working."""
    user = _locked_manageable(user, by)
    if user.has_usable_password():
        raise AccountError(
            _("Пользователь уже задал пароль: отправьте ему ссылку для смены пароля.")
        )
    _require_reachable(user)
    user.set_unusable_password()  # a new random marker: earlier links no longer match
    user.save(update_fields=["password"])
    _record(user, by, UserAction.INVITATION_RESENT, after=user.email)
    send_link_on_commit(user=user, kind=LinkKind.INVITATION, by=by)
    return user


@transaction.atomic
def send_password_reset(*, user, by):
    """E-mail a link to set a new password; the current one works until it is replaced."""
    user = _locked_manageable(user, by)
    _require_reachable(user)
    _record(user, by, UserAction.PASSWORD_RESET_SENT, after=user.email)
    send_link_on_commit(user=user, kind=LinkKind.RESET, by=by)
    return user


def _require_reachable(user):
    if not user.is_active:
        raise AccountError(_("Учётная запись отключена: сначала включите её."))
    if not user.email:
        raise AccountError(_("У пользователя не указан адрес электронной почты."))


@transaction.atomic
def set_active(*, user, by, active):
    """Deactivate (the person can no longer sign in; what they entered stays) or reactivate."""
    user = _locked_manageable(user, by)
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    _record(user, by, UserAction.REACTIVATED if active else UserAction.DEACTIVATED)
    return user


@transaction.atomic
def change_role(*, user, by, role, organization):
    """Give the person another role or organization, within what `by` may grant."""
    user = _locked_manageable(user, by)
    role = Role(role)
    _check_placement(by, user, role, organization)
    before = _placement(user.role, user.organization)
    if user.role == role and user.organization_id == getattr(organization, "pk", None):
        return user
    user.role, user.organization = role, organization
    user.is_staff = user.is_superuser = role == Role.ADMIN
    user.save(update_fields=["role", "organization", "is_staff", "is_superuser"])
    _record(user, by, UserAction.ROLE_CHANGED, before=before, after=_placement(role, organization))
    return user


def record_password_set(*, user):
    """The person set their password from a link (the page calls this once it is saved)."""
    _record(user, user, UserAction.PASSWORD_SET)


@transaction.atomic
def save_user_from_admin(*, user, by):
    """Save an account edited in the Django admin (administrators only) and record the
    changes that the portal's pages record too: role or organization, active or not."""
    before = User.objects.select_for_update().filter(pk=user.pk).first() if user.pk else None
    if user.role == Role.ADMIN:
        user.is_staff = True  # the admin site stays theirs (Capability.USE_ADMIN_SITE)
    user.save()
    if before is None:
        _record(user, by, UserAction.INVITED, after=_placement(user.role, user.organization))
        return user
    if (before.role, before.organization_id) != (user.role, user.organization_id):
        _record(
            user,
            by,
            UserAction.ROLE_CHANGED,
            before=_placement(before.role, before.organization),
            after=_placement(user.role, user.organization),
        )
    if before.is_active != user.is_active:
        action = UserAction.REACTIVATED if user.is_active else UserAction.DEACTIVATED
        _record(user, by, action)
    return user
