"""The Celery application: workers and beat run with `celery -A mentorship_portal ...`.

Configured from Django settings (CELERY_* names, see engines.celery_settings): with no broker
configured every task runs inline in the process that sends it. Finished tasks are counted for
/metrics.
"""

import os

from celery import Celery
from celery.signals import task_failure, task_retry, task_success

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship_portal.settings")

app = Celery("mentorship_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _count(sender, state):
    from . import metrics

    metrics.count_task(task=getattr(sender, "name", str(sender)), state=state)


@task_success.connect
def _on_success(sender=None, **kwargs):
    _count(sender, "success")


@task_failure.connect
def _on_failure(sender=None, **kwargs):
    _count(sender, "failure")


@task_retry.connect
def _on_retry(sender=None, **kwargs):
    _count(sender, "retry")
