"""Writes for background jobs: enqueue one, run it (in a worker or inline), purge old ones.

Progress is written outside any long transaction so that the progress page sees it while the
job runs; the result file goes to the default storage (S3 in production), so any app server
can hand it out.
"""

import datetime as dt
import logging
import tempfile

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Job, JobStatus
from .registry import JobFailed, get_kind

log = logging.getLogger(__name__)


class UnknownJobKind(ValueError):
    pass


@transaction.atomic
def enqueue(*, kind, by, params, title):
    """Record a job for `by` and send it to the workers once this transaction commits.

    Without a broker (CELERY_TASK_ALWAYS_EAGER) it runs inline at commit, before the
    request that asked for it returns. Returns the Job.
    """
    if get_kind(kind) is None:
        raise UnknownJobKind(kind)
    job = Job.objects.create(kind=kind, title=title[:300], params=params, requested_by=by)
    transaction.on_commit(lambda: _dispatch(job.pk))
    return job


def _dispatch(job_id):
    from .tasks import run_job

    run_job.delay(job_id)


def _claim(job_id):
    """QUEUED → RUNNING once: a message delivered twice does not run a job twice."""
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), progress=0
    )
    return Job.objects.select_related("requested_by").get(pk=job_id) if claimed else None


def _reporter(job_id):
    def report(percent, message=""):
        Job.objects.filter(pk=job_id).update(
            progress=max(0, min(99, int(percent))), message=str(message)[:500]
        )

    return report


def run(*, job_id):
    """Run a queued job to its end; never raises (the job records the failure)."""
    job = _claim(job_id)
    if job is None:
        return None
    kind = get_kind(job.kind)
    try:
        if kind is None:
            raise JobFailed(_("Этот вид задания больше не поддерживается."))
        with tempfile.TemporaryFile() as output:
            produced = kind.produce(job, _reporter(job.pk), output)
            if produced is not None:
                name, content_type = produced
                output.seek(0)
                job.result.save(name, File(output), save=False)
                job.result_name, job.result_content_type = name, content_type
    except JobFailed as failure:
        return _finish(job, JobStatus.FAILED, str(failure))
    except Exception:
        log.exception("job %s (%s) failed", job.pk, job.kind)
        return _finish(
            job,
            JobStatus.FAILED,
            _("Задание не выполнено из-за внутренней ошибки (№ %(id)s). Сообщите администратору.")
            % {"id": job.pk},
        )
    return _finish(job, JobStatus.DONE, "")


def _finish(job, status, message):
    job.status, job.message, job.finished_at = status, message[:500], timezone.now()
    job.progress = 100 if status == JobStatus.DONE else job.progress
    job.save(
        update_fields=[
            "status",
            "message",
            "finished_at",
            "progress",
            "result",
            "result_name",
            "result_content_type",
        ]
    )
    return job


def purge_expired(*, now=None):
    """Delete jobs older than JOBS_KEEP_DAYS together with their files; returns how many."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.JOBS_KEEP_DAYS)
    expired = list(Job.objects.finished_before(cutoff).exclude(status=JobStatus.RUNNING))
    for job in expired:
        if job.result:
            job.result.delete(save=False)
    Job.objects.filter(pk__in=[job.pk for job in expired]).delete()
    return len(expired)
