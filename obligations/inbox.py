"""Notifications inside the portal (the bell), and each person's choice of e-mail.

A notice is written by the same service that e-mails about the change
(obligations/notifications.py), in the same transaction, so a change that is rolled back leaves
no notice. One unread notice per person, obligation and kind: a second event of the same kind
before the first was read refreshes it instead of counting twice (a database constraint).
The reader's own actions (mark read, choose how to be e-mailed) are the functions at the end.
"""

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentorship_portal.dates import format_datetime


class NoticeKind(models.TextChoices):
    RETURNED = "returned", _("Возвращено на доработку")
    ACCEPTED = "accepted", _("Принято")
    CHASED = "chased", _("Напоминание управления образования")
    SUBMITTED = "submitted", _("Отправлено на проверку")


class SubmissionMail(models.TextChoices):
    """How staff are e-mailed about submissions they may review."""

    IMMEDIATELY = "now", _("Сразу, письмом о каждой отправке")
    DIGEST = "digest", _("Раз в день, в ежедневной сводке")
    NEVER = "never", _("Не присылать (только уведомления на портале)")


class NoticeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A person sees only their own notices; anyone else's answers 404."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def with_details(self):
        return self.select_related(
            "actor", "obligation__organization", "obligation__responsibility__activity__stage"
        )

    def newest_first(self):
        return self.order_by("-created_at", "-pk")


class Notice(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("получатель"),
        on_delete=models.CASCADE,
        related_name="notices",
    )
    kind = models.CharField(_("вид"), max_length=20, choices=NoticeKind.choices)
    obligation = models.ForeignKey(
        "obligations.Obligation",
        verbose_name=_("обязательство"),
        on_delete=models.CASCADE,
        related_name="notices",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    comment = models.TextField(_("комментарий"), blank=True)
    created_at = models.DateTimeField(_("когда"), default=timezone.now)
    read_at = models.DateTimeField(_("прочитано"), null=True, blank=True)
    # For staff who take submissions in the daily digest: when the digest told them.
    mailed_at = models.DateTimeField(_("включено в сводку"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("уведомление")
        verbose_name_plural = _("уведомления")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "obligation", "kind"],
                condition=Q(read_at__isnull=True),
                name="notice_one_unread_per_obligation_and_kind",
            ),
            models.CheckConstraint(
                condition=Q(read_at__isnull=True) | Q(read_at__gte=F("created_at")),
                name="notice_read_after_created",
            ),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notice_unread_by_person")]

    def __str__(self):
        return f"{format_datetime(self.created_at)} {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("obligations:notice_open", args=[self.pk])

    @property
    def is_read(self):
        return self.read_at is not None


class MailSetting(models.Model):
    """A person's choice of e-mail about submissions (absent: the daily digest)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("пользователь"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="mail_setting",
    )
    submissions = models.CharField(
        _("письма об отправках на проверку"),
        max_length=10,
        choices=SubmissionMail.choices,
        default=SubmissionMail.DIGEST,
    )

    class Meta:
        verbose_name = _("настройка писем")
        verbose_name_plural = _("настройки писем")
        constraints = [
            models.CheckConstraint(
                condition=Q(submissions__in=SubmissionMail.values),
                name="mail_setting_submissions_valid",
            ),
        ]

    def __str__(self):
        return self.get_submissions_display()


def submission_mail_of(user):
    try:
        return user.mail_setting.submissions
    except MailSetting.DoesNotExist:
        return SubmissionMail.DIGEST


# --- Writing notices (asked by obligations/notifications.py) ---------------------------------


def notify(*, pairs, kind, by=None, comment=""):
    """A notice of `kind` for each (recipient, obligation) pair, in the caller's transaction;
    an unread one already there is refreshed (it moves to the top) rather than doubled.
    Three queries however many pairs."""
    wanted = {(user.pk, obligation.pk) for user, obligation in pairs}
    if not wanted:
        return
    now = timezone.now()
    fields = {"actor": by, "comment": comment, "created_at": now, "mailed_at": None}
    unread = Notice.objects.unread().filter(
        kind=kind,
        recipient_id__in={user_id for user_id, _obligation_id in wanted},
        obligation_id__in={obligation_id for _user_id, obligation_id in wanted},
    )
    existing = {
        (user_id, obligation_id): pk
        for pk, user_id, obligation_id in unread.values_list("pk", "recipient_id", "obligation_id")
        if (user_id, obligation_id) in wanted
    }
    if existing:
        Notice.objects.filter(pk__in=existing.values()).update(**fields)
    Notice.objects.bulk_create(
        [
            Notice(recipient_id=user_id, obligation_id=obligation_id, kind=kind, **fields)
            for user_id, obligation_id in sorted(wanted - set(existing))
        ],
        ignore_conflicts=True,  # written meanwhile by a concurrent request: that one stands
    )


# --- The reader's own actions ----------------------------------------------------------------


def mark_read(*, notice, by):
    """Mark one of `by`'s notices read (again: nothing changes)."""
    if notice.recipient_id != by.pk:
        raise PermissionError("not the recipient")
    if notice.read_at is None:
        notice.read_at = max(timezone.now(), notice.created_at)
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=notice.read_at)
    return notice


def mark_all_read(*, by):
    """Mark every unread notice of `by` read; returns how many."""
    now = timezone.now()
    return Notice.objects.visible_to(by).unread().filter(created_at__lte=now).update(read_at=now)


@transaction.atomic
def set_submission_mail(*, by, choice):
    """Choose how `by` is e-mailed about submissions (one of SubmissionMail)."""
    MailSetting.objects.update_or_create(user=by, defaults={"submissions": SubmissionMail(choice)})
