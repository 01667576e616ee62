"""The history of a methodology: who created, changed, approved, retired it and when.
A model of its own (imported by reports/models.py) so that the shared scoring models stay as
agreed in notes/reports-models.md."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MethodologyAction(models.TextChoices):
    CREATED = "created", _("Создана")
    EDITED = "edited", _("Изменена")
    APPROVED = "approved", _("Утверждена")
    RETIRED = "retired", _("Перенесена в архив")
    SHORTENED = "shortened", _("Срок действия ограничен новой версией")
    VERSIONED = "versioned", _("Создана новая версия")


class MethodologyEvent(models.Model):
    methodology = models.ForeignKey(
        "reports.Methodology",
        verbose_name=_("методика"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("действие"), max_length=20, choices=MethodologyAction.choices)
    comment = models.TextField(_("что именно"), blank=True)
    at = models.DateTimeField(_("когда"), default=timezone.now)

    class Meta:
        app_label = "reports"
        verbose_name = _("событие методики")
        verbose_name_plural = _("история методики")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.methodology}: {self.get_action_display()}"
