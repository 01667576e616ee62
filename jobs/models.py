"""A background job as the user sees it: what was asked, how far it got, and its file."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("В очереди")
    RUNNING = "running", _("Выполняется")
    DONE = "done", _("Готово")
    FAILED = "failed", _("Ошибка")


FINISHED_STATUSES = (JobStatus.DONE, JobStatus.FAILED)


def job_result_path(instance, filename):
    """A generated name: results are private and found only through the job."""
    suffix = PurePath(filename).suffix.lower()
    return f"jobs/{instance.requested_by_id or 0}/{uuid.uuid4().hex}{suffix}"


class JobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Only the person who asked for a job sees it and its file."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(requested_by=user)

    def finished_before(self, moment):
        return self.filter(created_at__lt=moment)

    def status_counts(self):
        return dict(self.order_by().values_list("status").annotate(n=models.Count("pk")))


class Job(models.Model):
    kind = models.CharField(_("вид задания"), max_length=100)
    title = models.CharField(_("название"), max_length=300)
    params = models.JSONField(_("параметры"), default=dict, blank=True)
    status = models.CharField(
        _("состояние"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("выполнено, %"), default=0)
    message = models.CharField(_("сообщение"), max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто запросил"),
        on_delete=models.CASCADE,
        related_name="jobs",
    )
    created_at = models.DateTimeField(_("создано"), default=timezone.now)
    started_at = models.DateTimeField(_("начато"), null=True, blank=True)
    finished_at = models.DateTimeField(_("завершено"), null=True, blank=True)
    result = models.FileField(
        _("файл результата"), upload_to=job_result_path, max_length=300, blank=True
    )
    result_name = models.CharField(_("имя файла"), max_length=255, blank=True)
    result_content_type = models.CharField(_("тип файла"), max_length=100, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("фоновое задание")
        verbose_name_plural = _("фоновые задания")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="job_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=JobStatus.values), name="job_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="job_user_recent")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("jobs:detail", args=[self.pk])

    @property
    def is_finished(self):
        return self.status in FINISHED_STATUSES

    @property
    def has_file(self):
        return self.status == JobStatus.DONE and bool(self.result)

    @property
    def result_url(self):
        """The page of what a finished job made (a saved roadmap), if its kind names one."""
        from .registry import get_kind

        kind = get_kind(self.kind)
        if self.status != JobStatus.DONE or kind is None or kind.result_url is None:
            return None
        return kind.result_url(self)
