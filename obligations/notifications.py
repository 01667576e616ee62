"""E-mail about obligations: review outcomes, the daily digest and staff reminders.

Each message is logged as a SentMessage in the caller's transaction and handed to the mail
backend only after that transaction commits, so nobody is told about a change that did not
happen. The digest goes to a person at most once a day (a database constraint guarantees it).
"""

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.policy import may_chase, people_acting_for

from .models import (
    MessageKind,
    Obligation,
    ObligationStatus,
    SentMessage,
    due_soon_condition,
    overdue_condition,
)


def recipients_for(organization_ids):
    """The people answerable for organizations' obligations: their heads and office staff."""
    users = people_acting_for(organization_ids).exclude(email="")
    by_organization = defaultdict(list)
    for user in users:
        by_organization[user.organization_id].append(user)
    return by_organization


def _log_and_send(*, kind, user, organization_id, subject, body, obligations, by=None, on=None):
    message = SentMessage.objects.create(
        kind=kind,
        recipient=user,
        email=user.email,
        organization_id=organization_id,
        subject=subject,
        sent_by=by,
        sent_on=on or timezone.localdate(),
    )
    message.obligations.set(obligations)
    # robust: one unreachable mailbox must not stop the messages to everybody else.
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]),
        robust=True,
    )
    return message


def _context(**extra):
    return {"base_url": settings.PORTAL_BASE_URL.rstrip("/"), **extra}


def review_outcome_on_commit(*, obligation, by, comment):
    """Tell the organization its submission was accepted or returned (after commit)."""
    accepted = obligation.status == ObligationStatus.ACCEPTED
    kind = MessageKind.ACCEPTED if accepted else MessageKind.RETURNED
    subject = (
        _("Принято: %(activity)s") if accepted else _("Возвращено на доработку: %(activity)s")
    ) % {"activity": _short(obligation.responsibility.activity.title)}
    body = render_to_string(
        "obligations/email/review_outcome.txt",
        _context(obligation=obligation, accepted=accepted, comment=comment, reviewer=by),
    )
    for user in recipients_for([obligation.organization_id]).get(obligation.organization_id, []):
        _log_and_send(
            kind=kind,
            user=user,
            organization_id=obligation.organization_id,
            subject=subject,
            body=body,
            obligations=[obligation],
            by=by,
        )


def _short(text, limit=80):
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def send_digests(*, on=None, within_days=14):
    """One digest a person a day: what is due within `within_days` and what is overdue.

    Returns the number of e-mails sent. Nobody with nothing due gets anything.
    """
    on = on or timezone.localdate()
    pending = (
        Obligation.objects.current()
        .filter(overdue_condition(on=on) | due_soon_condition(on=on, days=within_days))
        .with_details()
        .order_by("due_date", "pk")
    )
    by_organization = defaultdict(list)
    for obligation in pending:
        by_organization[obligation.organization_id].append(obligation)
    if not by_organization:
        return 0
    already = set(
        SentMessage.objects.filter(kind=MessageKind.DIGEST, sent_on=on).values_list(
            "recipient_id", flat=True
        )
    )
    sent = 0
    for organization_id, users in recipients_for(list(by_organization)).items():
        obligations = by_organization[organization_id]
        overdue = [o for o in obligations if o.is_overdue(on)]
        due_soon = [o for o in obligations if o.is_due_soon(on, days=within_days)]
        subject = _("Наставничество: просрочено — %(overdue)d, скоро срок — %(soon)d") % {
            "overdue": len(overdue),
            "soon": len(due_soon),
        }
        body = render_to_string(
            "obligations/email/digest.txt",
            _context(
                overdue=overdue,
                due_soon=due_soon,
                horizon=on + dt.timedelta(days=within_days),
                on=on,
            ),
        )
        for user in users:
            if user.pk in already:
                continue
            try:
                with transaction.atomic():
                    _log_and_send(
                        kind=MessageKind.DIGEST,
                        user=user,
                        organization_id=organization_id,
                        subject=subject,
                        body=body,
                        obligations=obligations,
                        on=on,
                    )
            except IntegrityError:  # a concurrent run sent it first
                continue
            sent += 1
    return sent


@transaction.atomic
def chase(*, obligations, by):
    """Staff remind organizations of the given (open) obligations; one e-mail a person."""
    by_organization = defaultdict(list)
    for obligation in obligations:
        if may_chase(by, obligation) and not obligation.is_archived:
            by_organization[obligation.organization_id].append(obligation)
    sent = 0
    today = timezone.localdate()
    for organization_id, users in recipients_for(list(by_organization)).items():
        listed = by_organization[organization_id]
        # Worded to need no plural agreement with the number.
        subject = _("Напоминание управления образования: ждут подтверждения — %(count)d") % {
            "count": len(listed)
        }
        body = render_to_string(
            "obligations/email/chase.txt", _context(obligations=listed, sender=by, on=today)
        )
        for user in users:
            _log_and_send(
                kind=MessageKind.CHASE,
                user=user,
                organization_id=organization_id,
                subject=subject,
                body=body,
                obligations=listed,
                by=by,
            )
            sent += 1
    return sent
