"""Counters for /metrics in Prometheus' text format: request times, Celery tasks, queues, jobs.

With Redis configured as the cache (REDIS_URL) the counters live in Redis, so that every app
server process and every Celery worker add to the same numbers and any process can answer a
scrape. Without Redis they are kept per process (one development server: that is all there is).
A failure to record is logged and never breaks the request it measures.
"""

import logging
import threading
from collections import defaultdict

from django.conf import settings

log = logging.getLogger(__name__)

BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
_local = defaultdict(lambda: defaultdict(float))
_lock = threading.Lock()


def _redis():
    """The Redis connection of the cache, when the cache is Redis."""
    if "django_redis" not in settings.CACHES["default"]["BACKEND"]:
        return None
    from django_redis import get_redis_connection

    return get_redis_connection("default")


def _key(name):
    """Within the cache's key prefix, so that portals sharing a Redis keep apart."""
    return f"{settings.CACHES['default'].get('KEY_PREFIX', '')}:metrics:{name}"


def _increment(pairs):
    """pairs: [(hash name, field, amount)]."""
    try:
        connection = _redis()
        if connection is None:
            with _lock:
                for name, field, amount in pairs:
                    _local[name][field] += amount
            return
        pipe = connection.pipeline(transaction=False)
        for name, field, amount in pairs:
            pipe.hincrbyfloat(_key(name), field, amount)
        pipe.execute()
    except Exception:  # noqa: BLE001 — metrics must never fail the request they measure
        log.warning("metrics: could not record", exc_info=True)


def _read(name):
    connection = _redis()
    if connection is None:
        with _lock:
            return dict(_local[name])
    raw = connection.hgetall(_key(name))
    return {key.decode(): float(value) for key, value in raw.items()}


def observe_request(*, view, method, status, seconds):
    pairs = [
        ("requests", f"{view}|{method}|{status}", 1),
        ("duration_sum", view, seconds),
        ("duration_count", view, 1),
    ]
    pairs += [("duration_bucket", f"{view}|{le}", 1) for le in BUCKETS if seconds <= le]
    _increment(pairs)


def count_task(*, task, state):
    _increment([("tasks", f"{task}|{state}", 1)])


def queue_length(broker_url, queue):
    """Messages waiting in a Redis broker's queue; None for other brokers."""
    if not broker_url.startswith(("redis://", "rediss://")):
        return None
    import redis

    client = redis.Redis.from_url(broker_url, socket_connect_timeout=2, socket_timeout=2)
    try:
        return client.llen(queue)
    finally:
        client.close()


def _escape(value):
    return str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _labels(**labels):
    return "{" + ",".join(f'{key}="{_escape(value)}"' for key, value in labels.items()) + "}"


def _number(value):
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def render(*, job_counts, queue=None):
    """The exposition text. job_counts: {status: n}; queue: (name, length) or None."""
    lines = [
        "# HELP portal_http_requests_total Requests answered, by view, method and status.",
        "# TYPE portal_http_requests_total counter",
    ]
    for key, value in sorted(_read("requests").items()):
        view, method, status = key.split("|")
        lines.append(
            f"portal_http_requests_total{_labels(view=view, method=method, status=status)} "
            f"{_number(value)}"
        )
    lines += [
        "# HELP portal_http_request_duration_seconds Server time of requests, by view.",
        "# TYPE portal_http_request_duration_seconds histogram",
    ]
    buckets, sums, counts = _read("duration_bucket"), _read("duration_sum"), _read("duration_count")
    for view in sorted(counts):
        for le in BUCKETS:
            value = buckets.get(f"{view}|{le}", 0)
            lines.append(
                f"portal_http_request_duration_seconds_bucket{_labels(view=view, le=le)} "
                f"{_number(value)}"
            )
        lines.append(
            f"portal_http_request_duration_seconds_bucket{_labels(view=view, le='+Inf')} "
            f"{_number(counts[view])}"
        )
        lines.append(
            f"portal_http_request_duration_seconds_sum{_labels(view=view)} {sums.get(view, 0)!r}"
        )
        lines.append(
            f"portal_http_request_duration_seconds_count{_labels(view=view)} "
            f"{_number(counts[view])}"
        )
    lines += [
        "# HELP portal_celery_tasks_total Celery tasks finished, by task and state.",
        "# TYPE portal_celery_tasks_total counter",
    ]
    for key, value in sorted(_read("tasks").items()):
        task, state = key.split("|")
        lines.append(f"portal_celery_tasks_total{_labels(task=task, state=state)} {_number(value)}")
    lines += [
        "# HELP portal_jobs Background jobs kept, by status.",
        "# TYPE portal_jobs gauge",
    ]
    for status, count in sorted(job_counts.items()):
        lines.append(f"portal_jobs{_labels(status=status)} {count}")
    if queue is not None:
        name, length = queue
        lines += [
            "# HELP portal_celery_queue_length Messages waiting in the broker's queue.",
            "# TYPE portal_celery_queue_length gauge",
            f"portal_celery_queue_length{_labels(queue=name)} {length}",
        ]
    return "\n".join(lines) + "\n"
