"""Models that keep a closed year's figures still, and the history of the monitoring's
reference data. Imported by reports/models.py (one models module, split for length).

Years stay true (issue 10): when an office closes year Y, the status of each of the year's
obligations and indicator returns of its subtree is written down as it stands at that moment
(FrozenObligation, FrozenReturn). Every figure of year Y reads the frozen status where there
is one, so a submission accepted after the close — reviews are not stopped by it — or any
later change leaves Y's figures as they were. Reopening the year (an administrator, to correct
it) removes the frozen rows; closing it again writes them anew."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from obligations.models import ObligationStatus


class FrozenObligation(models.Model):
    """An obligation's status and review time at the moment its year was closed."""

    obligation = models.OneToOneField(
        "obligations.Obligation",
        verbose_name=_("обязательство"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="frozen",
    )
    status = models.CharField(_("статус"), max_length=20, choices=ObligationStatus.choices)
    reviewed_at = models.DateTimeField(_("проверено"), null=True, blank=True)

    class Meta:
        app_label = "reports"
        verbose_name = _("статус обязательства на закрытие года")
        verbose_name_plural = _("статусы обязательств на закрытие года")

    def __str__(self):
        return f"{self.obligation_id}: {self.status}"


class FrozenReturn(models.Model):
    """An indicator return's status at the moment its year was closed."""

    indicator_return = models.OneToOneField(
        "reports.IndicatorReturn",
        verbose_name=_("отчёт о показателях"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="frozen",
    )
    status = models.CharField(_("статус"), max_length=20)

    class Meta:
        app_label = "reports"
        verbose_name = _("статус отчёта на закрытие года")
        verbose_name_plural = _("статусы отчётов на закрытие года")

    def __str__(self):
        return f"{self.indicator_return_id}: {self.status}"


class ReferenceSubject(models.TextChoices):
    INDICATOR = "indicator", _("Показатель")
    PACKAGE = "package", _("Пакет локальных актов")


class ReferenceChange(models.Model):
    """Who changed an indicator or a kind's required local-act package, when, and what."""

    subject = models.CharField(_("что"), max_length=20, choices=ReferenceSubject.choices)
    indicator = models.ForeignKey(
        "reports.Indicator",
        verbose_name=_("показатель"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="changes",
    )
    organization_kind = models.CharField(_("тип организаций"), max_length=30, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("действие"), max_length=200)
    details = models.TextField(_("что именно"), blank=True)
    at = models.DateTimeField(_("когда"), default=timezone.now)

    class Meta:
        app_label = "reports"
        verbose_name = _("изменение справочника мониторинга")
        verbose_name_plural = _("история справочников мониторинга")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["subject", "organization_kind", "at"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(subject="indicator") | models.Q(indicator__isnull=False),
                name="reference_change_indicator_named",
            ),
        ]

    def __str__(self):
        return f"{self.get_subject_display()}: {self.action}"
