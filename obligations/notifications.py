"""E-mail about obligations: review outcomes, the daily digest and staff reminders.

Each message is logged as a SentMessage in the caller's transaction and handed to the mail
backend only after that transaction commits, so nobody is told about a change that did not
happen. Whether the mail server took it is recorded on the row (sent or failed, with the
error), never assumed. The digest goes to a person at most once a day (a database constraint
guarantees it); a failed one is sent again by the next run. Staff chasing the same
organization about the same activity twice in a day are told it was done already.
"""

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.policy import may_chase, people_acting_for, people_reviewing
from organizations.models import Organization

from . import inbox
from .inbox import NoticeKind, SubmissionMail
from .models import (
    DeliveryStatus,
    MessageKind,
    Obligation,
    ObligationStatus,
    SentMessage,
    due_soon_condition,
    overdue_condition,
)

log = logging.getLogger(__name__)


def recipients_for(organization_ids):
    """The people answerable for organizations' obligations: their heads and office staff."""
    users = people_acting_for(organization_ids).exclude(email="")
    by_organization = defaultdict(list)
    for user in users:
        by_organization[user.organization_id].append(user)
    return by_organization


def deliver(message, body) -> bool:
    """Hand one logged message to the mail backend and record the outcome on its row."""
    try:
        send_mail(message.subject, body, settings.DEFAULT_FROM_EMAIL, [message.email])
    except Exception as error:  # SMTP refusals, timeouts, DNS: any failure is a failed delivery
        log.exception("E-mail %s to %s not delivered", message.pk, message.email)
        message.status, message.error = DeliveryStatus.FAILED, f"{type(error).__name__}: {error}"
        SentMessage.objects.filter(pk=message.pk).update(status=message.status, error=message.error)
        return False
    message.status = DeliveryStatus.SENT
    SentMessage.objects.filter(pk=message.pk).update(
        status=DeliveryStatus.SENT, error="", sent_at=timezone.now()
    )
    return True


def _log(*, kind, user, organization_id, subject, obligations, by=None, on=None):
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
    return message


def _log_and_send(*, body, **fields):
    """Log now, send once the caller's transaction has committed."""
    message = _log(**fields)
    transaction.on_commit(lambda: deliver(message, body))
    return message


def _context(**extra):
    return {"base_url": settings.PORTAL_BASE_URL.rstrip("/"), **extra}


def review_outcome_on_commit(*, obligation, by, comment):
    """Tell the organization its submission was accepted or returned: a notice in the portal
    for each of its people now, an e-mail to those with an address after commit."""
    accepted = obligation.status == ObligationStatus.ACCEPTED
    kind = MessageKind.ACCEPTED if accepted else MessageKind.RETURNED
    inbox.notify(
        pairs=[(user, obligation) for user in people_acting_for([obligation.organization_id])],
        kind=NoticeKind.ACCEPTED if accepted else NoticeKind.RETURNED,
        by=by,
        comment=comment,
    )
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


def submitted_on_commit(*, obligation, by):
    """Tell the staff who review this submission: a notice each; an e-mail after commit to
    those who chose to hear at once (the others get it in the daily digest, or never)."""
    reviewers = list(people_reviewing(obligation).select_related("mail_setting"))
    inbox.notify(pairs=[(user, obligation) for user in reviewers], kind=NoticeKind.SUBMITTED, by=by)
    at_once = [
        user
        for user in reviewers
        if user.email and inbox.submission_mail_of(user) == SubmissionMail.IMMEDIATELY
    ]
    if not at_once:
        return
    subject = _("Отправлено на проверку: %(organization)s — %(activity)s") % {
        "organization": _short(str(obligation.organization), 60),
        "activity": _short(obligation.responsibility.activity.title, 60),
    }
    body = render_to_string(
        "obligations/email/submitted.txt", _context(obligations=[obligation], sender=by)
    )
    for user in at_once:
        _log_and_send(
            kind=MessageKind.SUBMITTED,
            user=user,
            organization_id=obligation.organization_id,
            subject=subject,
            body=body,
            obligations=[obligation],
            by=by,
        )
        inbox.Notice.objects.filter(
            recipient=user, obligation=obligation, kind=NoticeKind.SUBMITTED, mailed_at=None
        ).update(mailed_at=timezone.now())


def _short(text, limit=80):
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


SUBMISSIONS_DIGEST_DAYS = 7  # older unread submissions are on the review page, not mailed


def send_digests(*, on=None, within_days=14):
    """One digest a person a day: what is due within `within_days` and what is overdue, and
    for staff who chose the digest, the submissions sent to them for review since the last.

    Sent at once (not on commit: a digest reports no change of ours). Returns the number of
    e-mails the mail server took; a person whose digest failed earlier today gets it now, and
    one who has had today's gets nothing. Nobody with nothing to report gets anything.
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
    submissions = _submissions_to_mail()
    if not by_organization and not submissions:
        return 0
    today = {
        message.recipient_id: message
        for message in SentMessage.objects.filter(kind=MessageKind.DIGEST, sent_on=on)
    }
    delivered = 0
    for user, organization_id, obligations in _digest_plan(by_organization, submissions):
        submitted = submissions.get(user.pk, [])
        subject, body = _digest(obligations, submitted, on=on, within_days=within_days)
        message = _digest_message(
            today.get(user.pk),
            user,
            organization_id,
            subject,
            obligations + [notice.obligation for notice in submitted],
            on,
        )
        if message is not None and deliver(message, body):
            delivered += 1
            inbox.Notice.objects.filter(pk__in=[n.pk for n in submitted]).update(
                mailed_at=timezone.now()
            )
    return delivered


def _submissions_to_mail():
    """{user pk: unread notices of submissions} for staff who take them in the digest."""
    notices = (
        inbox.Notice.objects.unread()
        .filter(
            Q(recipient__mail_setting__isnull=True)
            | Q(recipient__mail_setting__submissions=SubmissionMail.DIGEST),
            kind=NoticeKind.SUBMITTED,
            mailed_at__isnull=True,
            created_at__gte=timezone.now() - dt.timedelta(days=SUBMISSIONS_DIGEST_DAYS),
            recipient__is_active=True,
        )
        .exclude(recipient__email="")
        .select_related(
            "recipient", "obligation__organization", "obligation__responsibility__activity__stage"
        )
        .order_by("created_at", "pk")
    )
    by_user = defaultdict(list)
    for notice in notices:
        by_user[notice.recipient_id].append(notice)
    return by_user


def _digest_plan(by_organization, submissions):
    """(user, organization id for the log, obligations due) for everyone with a digest."""
    planned = {}
    for organization_id, users in recipients_for(list(by_organization)).items():
        for user in users:
            planned[user.pk] = (user, organization_id, by_organization[organization_id])
    for user_id, notices in submissions.items():
        if user_id not in planned:
            user = notices[0].recipient
            organization_id = user.organization_id or notices[0].obligation.organization_id
            planned[user_id] = (user, organization_id, [])
    return planned.values()


def _digest(obligations, submitted, *, on, within_days):
    overdue = [o for o in obligations if o.is_overdue(on)]
    due_soon = [o for o in obligations if o.is_due_soon(on, days=within_days)]
    counts = {"overdue": len(overdue), "soon": len(due_soon), "submitted": len(submitted)}
    if not submitted:
        subject = _("Наставничество: просрочено — %(overdue)d, скоро срок — %(soon)d")
    elif obligations:
        subject = _(
            "Наставничество: на проверку — %(submitted)d, просрочено — %(overdue)d, "
            "скоро срок — %(soon)d"
        )
    else:
        subject = _("Наставничество: на проверку — %(submitted)d")
    subject %= counts
    body = render_to_string(
        "obligations/email/digest.txt",
        _context(
            overdue=overdue,
            due_soon=due_soon,
            submitted=[notice.obligation for notice in submitted],
            horizon=on + dt.timedelta(days=within_days),
            on=on,
        ),
    )
    return subject, body


def _digest_message(earlier, user, organization_id, subject, obligations, on):
    """Today's digest row to send: a new one, the failed one taken back for a retry, or None
    (sent already, or another run is sending it)."""
    if earlier is not None:
        retried = SentMessage.objects.filter(pk=earlier.pk, status=DeliveryStatus.FAILED).update(
            status=DeliveryStatus.PENDING, subject=subject
        )
        if not retried:
            return None
        earlier.subject, earlier.email = subject, user.email
        earlier.obligations.set(obligations)
        return earlier
    try:
        with transaction.atomic():
            return _log(
                kind=MessageKind.DIGEST,
                user=user,
                organization_id=organization_id,
                subject=subject,
                obligations=obligations,
                on=on,
            )
    except IntegrityError:  # a concurrent run logged it first
        return None


@dataclass(frozen=True)
class ChaseResult:
    sent: int  # e-mails logged for sending
    already_chased: int  # organizations skipped: reminded of the same activities today
    organizations: int = 0  # organizations e-mailed


@dataclass(frozen=True)
class ChasePlan:
    """Whom a chase would remind: organization id → its obligations not chased today, and how
    many organizations are skipped because they were reminded of all of theirs today."""

    fresh: dict
    skipped: int


def plan_chase(*, obligations, by, on=None):
    """What chase() would do now, without doing it (the confirmation page shows it)."""
    on = on or timezone.localdate()
    by_organization = defaultdict(list)
    for obligation in obligations:
        if may_chase(by, obligation) and not obligation.is_archived:
            by_organization[obligation.organization_id].append(obligation)
    chased = set(
        SentMessage.objects.filter(
            kind=MessageKind.CHASE, sent_on=on, organization_id__in=list(by_organization)
        )
        .exclude(status=DeliveryStatus.FAILED)
        .values_list("organization_id", "obligations__responsibility__activity_id")
    )
    fresh, skipped = {}, 0
    for organization_id, listed in by_organization.items():
        left = [o for o in listed if (organization_id, o.responsibility.activity_id) not in chased]
        if left:
            fresh[organization_id] = left
        else:
            skipped += 1
    return ChasePlan(fresh=fresh, skipped=skipped)


@transaction.atomic
def chase(*, obligations, by):
    """Staff remind organizations of the given (open) obligations; one e-mail a person.

    An organization already reminded today about an activity is not reminded of it again
    (a double click, or two staff members at once: the organizations' rows are locked
    before the plan is made).
    """
    today = timezone.localdate()
    obligations = list(obligations)
    organization_ids = {o.organization_id for o in obligations}
    list(Organization.objects.select_for_update().filter(pk__in=organization_ids))
    plan = plan_chase(obligations=obligations, by=by, on=today)
    inbox.notify(
        pairs=[
            (user, obligation)
            for user in people_acting_for(list(plan.fresh))
            for obligation in plan.fresh[user.organization_id]
        ],
        kind=NoticeKind.CHASED,
        by=by,
    )
    sent, reached = 0, 0
    for organization_id, users in recipients_for(list(plan.fresh)).items():
        listed = plan.fresh[organization_id]
        # Worded to need no plural agreement with the number.
        subject = _("Напоминание управления образования: ждут подтверждения — %(count)d") % {
            "count": len(listed)
        }
        body = render_to_string(
            "obligations/email/chase.txt", _context(obligations=listed, sender=by, on=today)
        )
        reached += bool(users)
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
    return ChaseResult(sent=sent, already_chased=plan.skipped, organizations=reached)


def chase_preview(*, obligations, by):
    """(organizations to remind, e-mails to send, organizations skipped) for a confirmation."""
    plan = plan_chase(obligations=obligations, by=by)
    people = recipients_for(list(plan.fresh))
    return {
        "organizations": len([pk for pk in plan.fresh if people.get(pk)]),
        "emails": sum(len(people.get(pk, [])) for pk in plan.fresh),
        "without_email": len([pk for pk in plan.fresh if not people.get(pk)]),
        "skipped": plan.skipped,
    }
