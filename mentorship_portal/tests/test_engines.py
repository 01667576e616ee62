"""Sessions and cache in a real Redis; /healthz reporting Redis and the broker."""

import pytest
import redis
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from mentorship_portal import engines


def test_without_redis_cache_and_sessions_use_the_database():
    assert engines.cache_settings("")["default"]["BACKEND"].endswith("DatabaseCache")
    assert engines.session_engine("") == "django.contrib.sessions.backends.db"


def test_without_broker_jobs_run_inline_and_beat_sends_the_digest():
    inline = engines.celery_settings("", time_zone="Asia/Tomsk")
    assert inline["CELERY_TASK_ALWAYS_EAGER"] is True
    real = engines.celery_settings("redis://127.0.0.1:6379/12", time_zone="Asia/Tomsk")
    assert real["CELERY_TASK_ALWAYS_EAGER"] is False
    assert real["CELERY_BROKER_URL"] == "redis://127.0.0.1:6379/12"
    digest = real["CELERY_BEAT_SCHEDULE"]["daily-reminder-digest"]
    assert digest["task"] == "obligations.send_daily_digests"
    assert (digest["schedule"].hour, digest["schedule"].minute) == ({7}, {0})


@pytest.mark.django_db
def test_database_cache_works_without_redis():
    cache.set("answer", 42)
    assert cache.get("answer") == 42


@pytest.mark.django_db
def test_sessions_live_in_redis_and_any_app_server_reads_them(redis_cache, redis_url, head_a):
    first = Client()
    first.force_login(head_a)
    client = redis.Redis.from_url(redis_url)
    session_keys = [key for key in client.scan_iter(f"{redis_cache}:*") if b"session" in key]
    assert len(session_keys) == 1

    # Another app server (another client with the same cookie) sees the same session.
    second = Client()
    second.cookies = first.cookies
    assert second.get(reverse("obligations:my_organization")).status_code == 200

    # The session is nowhere else: without the Redis key the user is signed out.
    client.delete(*session_keys)
    response = second.get(reverse("obligations:my_organization"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_cache_values_are_stored_in_redis(redis_cache, redis_url):
    cache.set("roadmap-count", 7, timeout=60)
    assert cache.get("roadmap-count") == 7
    assert redis.Redis.from_url(redis_url).exists(f"{redis_cache}:1:roadmap-count") == 1


@pytest.mark.django_db
def test_healthz_reports_redis_and_broker_when_configured(client, redis_cache, redis_url):
    from mentorship_portal.celery import app

    previous = (app.conf.broker_url, app.conf.task_always_eager)
    # As with CELERY_BROKER_URL set.
    app.conf.update(broker_url=redis_url, task_always_eager=False)
    try:
        response = client.get("/healthz")
    finally:
        app.conf.update(broker_url=previous[0], task_always_eager=previous[1])
    assert response.status_code == 200
    assert response.content == b"database: ok\nredis: ok\nbroker: ok\n"


@pytest.mark.django_db
def test_healthz_answers_503_when_redis_is_down(client, settings):
    # A port nothing listens on: a real refused connection, not a mock.
    from conftest import free_port

    settings.CACHES = engines.cache_settings(f"redis://127.0.0.1:{free_port()}/0")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"database: ok\nredis: unavailable\n"
