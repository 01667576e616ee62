"""Links to set a password, sent by staff (an invitation, or a reset): Django's token
machinery with a salt of their own and a validity of SET_PASSWORD_LINK_DAYS.

A token is bound to the password and the last sign-in, so it works once: setting the
password, or signing in, makes every earlier link stale. `link_state` tells the page why a
link does not work, so that the person reads a clear message rather than "invalid".
"""

import logging
from enum import StrEnum

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)


class LinkState(StrEnum):
    VALID = "valid"
    EXPIRED = "expired"
    USED = "used"  # the password or the last sign-in changed since: used, or superseded
    INVALID = "invalid"  # not a link we made


class LinkKind(StrEnum):
    INVITATION = "invitation"
    RESET = "reset"


class SetPasswordTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "accounts.links.SetPasswordTokenGenerator"

    def check_token(self, user, token):
        return user is not None and bool(token) and self.state(user, token) == LinkState.VALID

    def state(self, user, token):
        try:
            stamp, _hash = token.split("-")
            timestamp = base36_to_int(stamp)
        except ValueError:
            return LinkState.INVALID
        secrets = [self.secret, *self.secret_fallbacks]
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, s), token)
            for s in secrets
        ):
            return LinkState.USED
        age = self._num_seconds(self._now()) - timestamp
        if age > settings.SET_PASSWORD_LINK_DAYS * 24 * 3600:
            return LinkState.EXPIRED
        return LinkState.VALID


tokens = SetPasswordTokenGenerator()


def set_password_url(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("set_password", args=[uid, tokens.make_token(user)])
    return settings.PORTAL_BASE_URL.rstrip("/") + path


SUBJECTS = {
    LinkKind.INVITATION: lambda: _("Приглашение в портал «Наставничество»"),
    LinkKind.RESET: lambda: _("Смена пароля в портале «Наставничество»"),
}


def send_link_on_commit(*, user, kind, by):
    """E-mail `user` a link to set the password, once the caller's transaction commits.
    The token is made now, from the state the transaction leaves."""
    body = render_to_string(
        f"accounts/email/{kind}.txt",
        {
            "user": user,
            "by": by,
            "url": set_password_url(user),
            "days": settings.SET_PASSWORD_LINK_DAYS,
        },
    )
    subject = str(SUBJECTS[LinkKind(kind)]())
    transaction.on_commit(lambda: _send(subject, body, user.email))


def _send(subject, body, email):
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
    except Exception:  # the change stands; staff may send the link again
        log.exception("Set-password link to %s not delivered", email)
