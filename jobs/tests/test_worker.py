"""A real Celery worker on Redis (started here as a subprocess) runs the portal's tasks: the
activity ZIP job with its file on the S3 server, the daily digest, and the annual workbook of
a region.

The worker must see the rows this test commits, so it shares the test database: PostgreSQL
only (an in-memory SQLite test database lives in this process alone). CI runs on PostgreSQL.
"""

import io
import os
import subprocess
import sys
import time
import uuid
import zipfile
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from kombu import pools as kombu_pools

from accounts.models import Role, User
from conftest import S3_CREDENTIALS
from jobs import services
from jobs.models import Job, JobStatus
from mentorship_portal.celery import app as celery_app
from obligations.models import MessageKind, Obligation, SentMessage
from obligations.tasks import send_daily_digests
from roadmap.models import Activity

ROOT = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 90


def database_url():
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(redis_url, redis_prefix, s3_storage, s3_endpoint, settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the worker shares the test database: PostgreSQL only (CI runs it)")
    bucket, _client = s3_storage
    queue = f"{redis_prefix}-queue"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mentorship_portal.settings_test",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": redis_url,
        "CELERY_QUEUE": queue,
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": redis_prefix,
        "AWS_STORAGE_BUCKET_NAME": bucket,
        "AWS_S3_ENDPOINT_URL": s3_endpoint,
        "AWS_S3_REGION_NAME": S3_CREDENTIALS["region"],
        "AWS_ACCESS_KEY_ID": S3_CREDENTIALS["access_key"],
        "AWS_SECRET_ACCESS_KEY": S3_CREDENTIALS["secret_key"],
    }
    log = tmp_path / "worker.log"
    with open(log, "wb") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "mentorship_portal",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "-Q",
                queue,
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"test-{uuid.uuid4().hex[:8]}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    # This process sends to the same broker and queue, with the same cache (for /metrics).
    from mentorship_portal import engines

    settings.CACHES = engines.cache_settings(redis_url, key_prefix=redis_prefix)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    saved = {
        key: celery_app.conf[key]
        for key in ("broker_url", "task_always_eager", "task_default_queue")
    }
    celery_app.conf.update(broker_url=redis_url, task_always_eager=False, task_default_queue=queue)
    drop_broker_connections()
    try:
        yield SimpleNamespace(log=log, queue=queue)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        celery_app.conf.update(saved)
        drop_broker_connections()


def drop_broker_connections():
    """Forget pooled connections so that the next message goes to the broker now configured."""
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    # kombu keeps producer pools per connection in a registry of its own: a pool closed by
    # an earlier test would be handed out again for the same broker URL.
    kombu_pools.reset()


def wait_for(predicate, log):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    pytest.fail("the worker did not finish in time; its log:\n" + log.read_text()[-4000:])


@pytest.mark.django_db(transaction=True)
def test_real_worker_zips_an_activity_and_sends_the_digest(
    worker, office, school_a, head_a, office_user
):
    call_command("load_roadmap", "fixtures/roadmap-order-654-2020.json", stdout=io.StringIO())
    activity = Activity.objects.filter(responsibilities__obligations__organization=school_a).first()
    job = services.enqueue(
        kind="obligations.activity_zip",
        by=office_user,
        params={"activity_id": activity.pk},
        title="Архив",
    )
    assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED  # not run here
    send_daily_digests.delay()

    wait_for(lambda: Job.objects.get(pk=job.pk).is_finished, worker.log)
    wait_for(lambda: SentMessage.objects.filter(kind=MessageKind.DIGEST).exists(), worker.log)
    job.refresh_from_db()
    assert (job.status, job.progress, job.message) == (JobStatus.DONE, 100, "")

    # The web side serves the worker's file from the shared S3 bucket.
    client = Client()
    client.force_login(office_user)
    response = client.get(reverse("jobs:download", args=[job.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.namelist() == ["manifest.csv"]
    assert SentMessage.objects.filter(kind=MessageKind.DIGEST).get().recipient == head_a

    metrics = client.get(reverse("metrics")).content.decode()
    assert 'portal_celery_tasks_total{task="jobs.run",state="success"} 1' in metrics
    assert (
        'portal_celery_tasks_total{task="obligations.send_daily_digests",state="success"} 1'
        in metrics
    )
    assert f'portal_celery_queue_length{{queue="{worker.queue}"}} 0' in metrics


@pytest.mark.django_db(transaction=True)
def test_real_worker_writes_the_annual_workbook_of_a_region(
    worker, region, office, school_a, office_user
):
    """The annual report of a region as a Celery task: the worker writes the workbook with
    the report's exporter, keeps it on the S3 server, and the web side hands it out."""
    call_command("load_roadmap", "fixtures/roadmap-order-654-2020.json", stdout=io.StringIO())
    year = Obligation.objects.filter(period_year__isnull=False).order_by("period_year").first()
    year = year.period_year
    administrator = User.objects.create(
        username="region-admin", role=Role.ADMIN, organization=region
    )
    job = services.enqueue(
        kind="reports.annual_xlsx",
        by=administrator,
        params={"year": year, "root_id": region.pk},
        title="Годовой отчёт региона",
    )
    assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED  # not run here

    wait_for(lambda: Job.objects.get(pk=job.pk).is_finished, worker.log)
    job.refresh_from_db()
    assert (job.status, job.progress, job.message) == (JobStatus.DONE, 100, ""), job.message
    assert job.result_name == f"monitoring-{year}-{region.pk}.xlsx"

    client = Client()
    client.force_login(administrator)
    response = client.get(reverse("jobs:download", args=[job.pk]))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames[0] == "Сводка"
    summary = [row for row in book["Сводка"].iter_rows(values_only=True) if row[0]]
    assert summary[0][0] == f"Итоги мониторинга за {year} год"
    assert region.name in str(summary[1][0])
    organizations = [row[0] for row in book["Организации"].iter_rows(values_only=True)]
    assert school_a.name in organizations
