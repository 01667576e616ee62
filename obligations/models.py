"""Who owes what by when: an obligation per responsible organization, deadline row and period,
the evidence an organization shows for it, and the history of every step."""

import datetime as dt
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.policy import Capability, acting_organization_id, can
from mentorship_portal.dates import format_datetime
from mentorship_portal.queries import AnyOf
from organizations.models import Organization
from roadmap import schedule
from roadmap.display import period_label
from roadmap.models import Responsibility, RoadmapStatus

# Evidence lives in its own module; its names stay importable from here.
from .evidence_models import (
    KIND_FIELDS as KIND_FIELDS,
    ActLevel as ActLevel,
    Evidence as Evidence,
    EvidenceKind as EvidenceKind,
    LocalActType as LocalActType,
)

DUE_SOON_DAYS = 30


class PeriodUnit(models.TextChoices):
    """Mirrors roadmap.schedule.PeriodUnit: the part of a year an obligation is owed for."""

    YEAR = schedule.PeriodUnit.YEAR, _("Год")
    MONTH = schedule.PeriodUnit.MONTH, _("Месяц")
    QUARTER = schedule.PeriodUnit.QUARTER, _("Квартал")
    HALF_YEAR = schedule.PeriodUnit.HALF_YEAR, _("Полугодие")


class ObligationStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Не начато")
    IN_PROGRESS = "in_progress", _("В работе")
    SUBMITTED = "submitted", _("На проверке")
    RETURNED = "returned", _("Возвращено на доработку")
    ACCEPTED = "accepted", _("Принято")


# Statuses in which the organization still has to act (and so can be late).
OPEN_STATUSES = (
    ObligationStatus.NOT_STARTED,
    ObligationStatus.IN_PROGRESS,
    ObligationStatus.RETURNED,
)
# Statuses in which the organization may add or remove evidence.
EDITABLE_STATUSES = OPEN_STATUSES


# "Overdue" and "due soon" are never stored. Each is defined once here, as a database condition
# for querysets and as a method on Obligation for rows already in memory; a test keeps the two
# in agreement (obligations/tests/test_models.py).
def overdue_condition(*, on):
    """The organization still has to act and the due date has passed."""
    return Q(status__in=OPEN_STATUSES, due_date__lt=on)


def due_soon_condition(*, on, days=DUE_SOON_DAYS):
    """The organization still has to act and the due date is within `days` from `on`."""
    return Q(status__in=OPEN_STATUSES, due_date__gte=on, due_date__lte=on + dt.timedelta(days=days))


class ObligationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one access rule for obligations: those of the organizations the user may see;
        office staff also follow every body named in the roadmaps their office issued (such
        as the regional institute, which is not part of the district's tree)."""
        if user.is_authenticated and user.is_admin:
            return self.all()  # every organization, and so every obligation
        organizations = Organization.objects.visible_to(user).order_by().values("pk")
        if not (user.is_authenticated and user.is_office):
            return self.filter(organization__in=organizations)
        # The two conditions as lists the planner can look up by index (see AnyOf), not as a
        # join up the organization tree and the roadmap tested on every obligation.
        issued = (
            Responsibility.objects.filter(activity__stage__roadmap__issuer__in=organizations)
            .order_by()
            .values("pk")
        )
        return self.filter(
            AnyOf("organization_id", organizations) | AnyOf("responsibility_id", issued)
        )

    def editable_by(self, user):
        """Obligations `user` fills in (accounts.policy.acting_organization_id): a head's own
        organization's, an office member's office's own. Their state is the services' concern."""
        organization_id = acting_organization_id(user)
        return (
            self.none() if organization_id is None else self.filter(organization_id=organization_id)
        )

    def current(self):
        """Not archived, under a roadmap in force."""
        return self.filter(
            is_archived=False, responsibility__activity__stage__roadmap__status=RoadmapStatus.ACTIVE
        )

    def with_details(self):
        return self.select_related(
            "organization",
            "responsibility__activity__stage__roadmap__programme",
        )

    def with_return_comment(self):
        """Annotate `return_comment`: what the reviewer wrote when returning it last (empty
        unless the obligation is returned now), so a list shows why without opening each."""
        latest_return = ObligationEvent.objects.filter(
            obligation=models.OuterRef("pk"), action=EventAction.RETURNED
        ).order_by("-at", "-pk")
        return self.annotate(
            return_comment=models.Case(
                models.When(
                    status=ObligationStatus.RETURNED,
                    then=models.Subquery(latest_return.values("comment")[:1]),
                ),
                default=models.Value(""),
                output_field=models.TextField(),
            )
        )

    def overdue(self, *, on):
        return self.filter(overdue_condition(on=on))

    def due_within(self, days, *, on):
        return self.filter(due_soon_condition(on=on, days=days))

    def archived_with_evidence(self):
        """Archived obligations on which evidence is still shown (work under an earlier
        edition of a roadmap)."""
        # EXISTS, not a join made distinct: DISTINCT over every selected column of the row
        # and its roadmap was most of this query's time.
        shown = Evidence.objects.filter(obligation=models.OuterRef("pk"), removed_at__isnull=True)
        return self.filter(models.Exists(shown), is_archived=True)

    def open(self):
        """The organization still has to act on these."""
        return self.filter(status__in=OPEN_STATUSES)

    def awaiting_review(self):
        return self.filter(status=ObligationStatus.SUBMITTED)

    def reviewable_by(self, user):
        """What `user` may review now, as a query (accounts.policy.may_review asks the same of
        one row): current submissions they see, never those of the organization they act for."""
        if not can(user, Capability.REVIEW_EVIDENCE):
            return self.none()
        queryset = self.visible_to(user).current().awaiting_review()
        own = acting_organization_id(user)
        return queryset if own is None else queryset.exclude(organization_id=own)

    def after_in_review_order(self, obligation):
        """The submissions after `obligation` in the queue's order (see in_review_order)."""
        return self.filter(
            Q(submitted_at__gt=obligation.submitted_at)
            | Q(submitted_at=obligation.submitted_at, pk__gt=obligation.pk)
        )

    def in_review_order(self):
        """The review queue's order: the longest waiting first."""
        return self.order_by("submitted_at", "pk")

    def for_year(self, year):
        """Obligations of a reporting year: yearly ones for that year, one-off ones due in it."""
        return self.filter(Q(period_year=year) | Q(period_year__isnull=True, due_date__year=year))

    def for_period_year(self, year):
        """Yearly obligations of `year` and every one-off obligation (which has no period):
        the columns of one activity's matrix for a year."""
        return self.filter(Q(period_year=year) | Q(period_year__isnull=True))


class Obligation(models.Model):
    responsibility = models.ForeignKey(
        "roadmap.Responsibility",
        verbose_name=_("срок и ответственные"),
        on_delete=models.PROTECT,
        related_name="obligations",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("организация"),
        on_delete=models.PROTECT,
        related_name="obligations",
    )
    period_year = models.PositiveSmallIntegerField(
        _("отчётный год"), null=True, blank=True, help_text=_("Для ежегодных сроков.")
    )
    period_unit = models.CharField(
        _("часть года"), max_length=10, choices=PeriodUnit.choices, blank=True, default=""
    )
    period_number = models.PositiveSmallIntegerField(
        _("номер месяца, квартала или полугодия"), null=True, blank=True
    )
    due_date = models.DateField(_("срок"), null=True, blank=True)
    status = models.CharField(
        _("статус"),
        max_length=20,
        choices=ObligationStatus.choices,
        default=ObligationStatus.NOT_STARTED,
    )
    is_archived = models.BooleanField(
        _("в архиве"),
        default=False,
        help_text=_("Срок удалён из дорожной карты или карта перенесена в архив."),
    )
    submitted_at = models.DateTimeField(_("отправлено на проверку"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("проверено"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("проверил"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Incremented by every change of state, so a reviewer acting on a stale page is told.
    revision = models.PositiveIntegerField(_("версия"), default=0)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)

    objects = ObligationQuerySet.as_manager()

    class Meta:
        verbose_name = _("обязательство")
        verbose_name_plural = _("обязательства")
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["responsibility", "organization", "period_year"],
                condition=Q(period_year__isnull=False, period_number__isnull=True),
                name="obligation_unique_per_year",
            ),
            models.UniqueConstraint(
                fields=["responsibility", "organization", "period_year", "period_unit"]
                + ["period_number"],
                condition=Q(period_number__isnull=False),
                name="obligation_unique_per_period",
            ),
            # A month, quarter or half-year is always of a year, and numbered within it.
            models.CheckConstraint(
                condition=Q(period_unit="", period_number__isnull=True)
                | Q(period_unit="month", period_number__gte=1, period_number__lte=12)
                | Q(period_unit="quarter", period_number__gte=1, period_number__lte=4)
                | Q(period_unit="half_year", period_number__gte=1, period_number__lte=2),
                name="obligation_period_number_valid",
            ),
            models.CheckConstraint(
                condition=Q(period_number__isnull=True) | Q(period_year__isnull=False),
                name="obligation_period_has_year",
            ),
            models.UniqueConstraint(
                fields=["responsibility", "organization"],
                condition=Q(period_year__isnull=True),
                name="obligation_unique_one_off",
            ),
            models.CheckConstraint(
                condition=~Q(status="submitted") | Q(submitted_at__isnull=False),
                name="obligation_submitted_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "status"]),
            # The office's queue: obligations of its roadmaps' rows awaiting review.
            models.Index(fields=["responsibility", "status"]),
            models.Index(fields=["status", "submitted_at"]),
            models.Index(fields=["due_date"]),
        ]

    def __str__(self):
        period = self.period_label
        return f"{self.organization} — {self.activity}" + (f" ({period})" if period else "")

    def get_absolute_url(self):
        return reverse("obligations:detail", args=[self.pk])

    @property
    def period_key(self):
        """(year, unit, number): which period of its deadline row this obligation is for."""
        return (self.period_year, self.period_unit, self.period_number)

    @property
    def period_label(self):
        """ "2022", "март 2022", "II квартал 2022", "1 полугодие 2022"; "" for a one-off item."""
        return period_label(*self.period_key)

    @property
    def activity(self):
        return self.responsibility.activity

    @property
    def is_open(self):
        """The organization still has to act (see OPEN_STATUSES)."""
        return self.status in OPEN_STATUSES

    def is_overdue(self, on=None):
        """Python twin of overdue_condition()."""
        on = on or timezone.localdate()
        return self.is_open and self.due_date is not None and self.due_date < on

    def is_due_soon(self, on=None, days=DUE_SOON_DAYS):
        """Python twin of due_soon_condition()."""
        on = on or timezone.localdate()
        return (
            self.is_open
            and self.due_date is not None
            and on <= self.due_date <= on + dt.timedelta(days=days)
        )

    @property
    def is_editable(self):
        return not self.is_archived and self.status in EDITABLE_STATUSES

    @property
    def reporting_year(self):
        """The year this obligation reports for (the Python twin of for_year()): its period,
        or the year a one-off item falls due; None for an undated one-off item."""
        if self.period_year is not None:
            return self.period_year
        return self.due_date.year if self.due_date else None

    @property
    def is_untouched(self):
        return self.status == ObligationStatus.NOT_STARTED

    @property
    def awaits_review(self):
        return self.status == ObligationStatus.SUBMITTED


def organizations_followed_by(user):
    """The organizations `user` sees, and those whose obligations the user follows (a
    district's staff follow the regional institute named in the district's roadmap)."""
    return Organization.objects.filter(
        Q(pk__in=Organization.objects.visible_to(user).values("pk"))
        | Q(pk__in=Obligation.objects.visible_to(user).values("organization"))
    )


def evidence_upload_path(instance, filename):
    """A generated name: the client's name is never used on disk (it is kept for download)."""
    extension = PurePath(filename).suffix.lower()
    organization_id = instance.evidence.obligation.organization_id
    return f"evidence/{organization_id}/{uuid.uuid4().hex}{extension}"


class EvidenceFile(models.Model):
    """One stored version of an evidence file; replacing a file keeps the old version."""

    evidence = models.ForeignKey(
        Evidence, verbose_name=_("подтверждение"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("файл"), upload_to=evidence_upload_path, max_length=300)
    original_name = models.CharField(_("имя файла"), max_length=255)
    content_type = models.CharField(_("тип содержимого"), max_length=100)
    size = models.PositiveBigIntegerField(_("размер, байт"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    is_current = models.BooleanField(_("текущая версия"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("загрузил"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("загружен"), auto_now_add=True)

    class Meta:
        verbose_name = _("файл подтверждения")
        verbose_name_plural = _("файлы подтверждений")
        ordering = ["evidence", "-uploaded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["evidence"],
                condition=Q(is_current=True),
                name="evidence_one_current_file",
            ),
        ]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("obligations:file", args=[self.pk])

    @property
    def opens_in_browser(self):
        """Recorded as PDF, PNG or JPEG: the page previews it and the link opens it inline
        (the file view checks the bytes again before serving it so)."""
        from .uploads import PREVIEWABLE_CONTENT_TYPES

        return self.content_type in PREVIEWABLE_CONTENT_TYPES

    @property
    def is_image(self):
        return self.opens_in_browser and self.content_type.startswith("image/")


class EventAction(models.TextChoices):
    STATUS_CHANGED = "status", _("Изменён статус")
    EVIDENCE_ADDED = "evidence_added", _("Добавлено подтверждение")
    EVIDENCE_REMOVED = "evidence_removed", _("Удалено подтверждение")
    FILE_REPLACED = "file_replaced", _("Заменён файл")
    SUBMITTED = "submitted", _("Отправлено на проверку")
    ACCEPTED = "accepted", _("Принято")
    RETURNED = "returned", _("Возвращено на доработку")
    ARCHIVED = "archived", _("Перенесено в архив")
    RESTORED = "restored", _("Восстановлено из архива")
    DUE_DATE_CHANGED = "due_changed", _("Изменён срок")
    CARRIED_OVER = "carried_over", _("Перенесено из предыдущей редакции")


class ObligationEvent(models.Model):
    """History: who did what to an obligation, when, from which status to which, and why."""

    obligation = models.ForeignKey(
        Obligation, verbose_name=_("обязательство"), on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("действие"), max_length=20, choices=EventAction.choices)
    from_status = models.CharField(
        _("было"), max_length=20, choices=ObligationStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("стало"), max_length=20, choices=ObligationStatus.choices, blank=True
    )
    comment = models.TextField(_("комментарий"), blank=True)
    at = models.DateTimeField(_("когда"), default=timezone.now)

    class Meta:
        verbose_name = _("событие")
        verbose_name_plural = _("история")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["obligation", "at"])]

    def __str__(self):
        return f"{format_datetime(self.at)} {self.get_action_display()}"


class MessageKind(models.TextChoices):
    DIGEST = "digest", _("Напоминание о сроках")
    CHASE = "chase", _("Напоминание сотрудника")
    ACCEPTED = "accepted", _("Уведомление о приёмке")
    RETURNED = "returned", _("Уведомление о возврате")
    SUBMITTED = "submitted", _("Уведомление об отправке на проверку")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Ожидает отправки")
    SENT = "sent", _("Отправлено")
    FAILED = "failed", _("Не доставлено")


class SentMessageQuerySet(models.QuerySet):
    def failed_digests(self, *, on):
        return self.filter(kind=MessageKind.DIGEST, sent_on=on, status=DeliveryStatus.FAILED)


class SentMessage(models.Model):
    """Every e-mail the portal sent: to whom, about what, when — so staff see who was reminded.

    `status` says whether the mail server took it; a failed digest is sent again by the next
    run of send_reminders.
    """

    kind = models.CharField(_("вид"), max_length=20, choices=MessageKind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("получатель"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    email = models.EmailField(_("адрес"))
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("организация"),
        on_delete=models.CASCADE,
        related_name="sent_messages",
    )
    subject = models.CharField(_("тема"), max_length=300)
    obligations = models.ManyToManyField(
        Obligation, verbose_name=_("обязательства"), related_name="messages", blank=True
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("отправил"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("отправлено"), default=timezone.now)
    sent_on = models.DateField(_("дата отправки"))
    status = models.CharField(
        _("доставка"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    error = models.TextField(_("ошибка отправки"), blank=True)

    objects = SentMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("отправленное сообщение")
        verbose_name_plural = _("отправленные сообщения")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            # The daily digest goes to a person at most once a day, however often cron runs.
            models.UniqueConstraint(
                fields=["recipient", "sent_on"],
                condition=Q(kind="digest"),
                name="sent_message_one_digest_a_day",
            ),
        ]

    def __str__(self):
        return f"{format_datetime(self.sent_at)} {self.email}: {self.subject}"


# The rollup's table (obligations/tallies.py), the portal's notices and e-mail settings
# (obligations/inbox.py) live in their own modules; imported here so that Django registers
# them with the app.
from .inbox import MailSetting, Notice  # noqa: E402, F401
from .tallies import CompletionTally, ObligationTally  # noqa: E402, F401
