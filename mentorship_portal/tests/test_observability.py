"""Request ids in responses and logs, JSON log lines, and /metrics (who may read it, what it "
"says)."""

import json
import logging

import pytest
from django.test import Client
from django.urls import reverse

from mentorship_portal import metrics
from mentorship_portal.observability import JsonFormatter, RequestIdFilter


@pytest.mark.django_db
def test_each_response_carries_a_request_id_and_keeps_a_sane_incoming_one(client, caplog):
    caplog.set_level(logging.INFO, logger="portal.request")
    fresh = client.get("/healthz")
    assert len(fresh["X-Request-ID"]) == 32
    kept = client.get("/healthz", headers={"X-Request-ID": "proxy-abc-12345"})
    assert kept["X-Request-ID"] == "proxy-abc-12345"
    forged = client.get("/healthz", headers={"X-Request-ID": "bad id\nwith newline"})
    assert forged["X-Request-ID"] != "bad id\nwith newline"
    record = [r for r in caplog.records if r.name == "portal.request"][1]
    assert (record.view, record.status, record.method, record.path) == (
        "healthz",
        200,
        "GET",
        "/healthz",
    )


@pytest.mark.django_db
def test_log_lines_are_json_with_the_request_id(client, caplog):
    caplog.set_level(logging.INFO, logger="portal.request")
    client.get("/healthz", headers={"X-Request-ID": "trace-0000-1111"})
    record = [r for r in caplog.records if r.name == "portal.request"][-1]
    RequestIdFilter().filter(record)  # the console handler's filter, as configured
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "trace-0000-1111"
    assert (line["level"], line["logger"], line["status"], line["path"]) == (
        "INFO",
        "portal.request",
        200,
        "/healthz",
    )
    assert line["message"].startswith("GET /healthz 200 ")
    assert isinstance(line["duration_ms"], float)


def test_log_records_outside_requests_get_a_dash():
    record = logging.makeLogRecord({"name": "jobs", "msg": "started %s", "args": ("x",)})
    RequestIdFilter().filter(record)
    assert json.loads(JsonFormatter().format(record))["request_id"] == "-"


@pytest.mark.django_db
def test_metrics_count_requests_and_their_time_for_staff(office_client):
    before = _value(
        office_client.get("/metrics").content.decode(),
        'portal_http_requests_total{view="healthz",method="GET",status="200"}',
    )
    Client().get("/healthz")
    Client().get("/healthz")
    response = office_client.get("/metrics")
    assert response["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8"
    text = response.content.decode()
    assert (
        _value(text, 'portal_http_requests_total{view="healthz",method="GET",status="200"}')
        == before + 2
    )
    assert 'portal_http_request_duration_seconds_bucket{view="healthz",le="+Inf"}' in text
    assert "# TYPE portal_http_request_duration_seconds histogram" in text


@pytest.mark.django_db
def test_metrics_for_a_scraper_with_the_token_only(client, settings):
    settings.METRICS_TOKEN = "s3cret-token"
    assert client.get("/metrics").status_code == 302  # to the login page
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 302
    response = client.get("/metrics", headers={"Authorization": "Bearer s3cret-token"})
    assert response.status_code == 200
    assert "portal_jobs" in response.content.decode()


@pytest.mark.django_db
def test_heads_may_not_read_metrics(head_a_client):
    assert head_a_client.get(reverse("metrics")).status_code == 403


@pytest.mark.django_db
def test_metrics_are_shared_through_redis_across_processes(redis_cache, redis_url):
    """Another process (a Celery worker, another app server) adds to the same counters."""
    import redis

    client = redis.Redis.from_url(redis_url)
    client.hincrbyfloat(f"{redis_cache}:metrics:tasks", "jobs.run|success", 3)
    metrics.count_task(task="jobs.run", state="success")
    text = metrics.render(job_counts={"done": 2})
    assert 'portal_celery_tasks_total{task="jobs.run",state="success"} 4' in text
    assert 'portal_jobs{status="done"} 2' in text


def _value(text, series):
    for line in text.splitlines():
        if line.startswith(series + " "):
            return float(line.rsplit(" ", 1)[1])
    return 0.0
