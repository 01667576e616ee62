"""Portal-wide pages that belong to no app: the start page, the health check, metrics."""

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.policy import Capability, can

from . import metrics as portal_metrics
from .celery import app as celery_app


def home(request):
    """Send each role to its main page: the first menu entry it may open."""
    from accounts.context_processors import navigation

    menu = navigation(request)["menu"]
    if menu:
        return redirect(menu[0]["url"])
    return render(request, "home.html")


def _check(name, probe):
    """(name, ok) for one dependency; `probe` raises when it is unreachable."""
    try:
        probe()
    except Exception:  # noqa: BLE001 — any failure means "unavailable" to a load balancer
        logging.getLogger(__name__).warning("healthz: %s unavailable", name, exc_info=True)
        return name, False
    return name, True


def _probe_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _probe_redis():
    from django_redis import get_redis_connection

    get_redis_connection("default").ping()


def _probe_broker():
    with celery_app.connection_for_write() as broker:
        broker.ensure_connection(max_retries=1, timeout=2)


def dependency_checks():
    """The engines this deployment is configured with, each probed once."""
    checks = [_check("database", _probe_database)]
    if "django_redis" in settings.CACHES["default"]["BACKEND"]:
        checks.append(_check("redis", _probe_redis))
    if not celery_app.conf.task_always_eager:
        checks.append(_check("broker", _probe_broker))
    return checks


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """200 when every configured engine answers, 503 otherwise (for load balancers and cron).

    One line per engine: the database always, Redis and the Celery broker when configured.
    """
    checks = dependency_checks()
    body = "".join(f"{name}: {'ok' if ok else 'unavailable'}\n" for name, ok in checks)
    healthy = all(ok for _name, ok in checks)
    return HttpResponse(body, status=200 if healthy else 503, content_type="text/plain")


def _may_read_metrics(request):
    token = settings.METRICS_TOKEN
    if token and constant_time_compare(request.headers.get("Authorization", ""), f"Bearer {token}"):
        return True
    return can(request.user, Capability.VIEW_STAFF_PAGES)


@login_not_required
@never_cache
@require_GET
def metrics(request):
    """Prometheus text format; for staff signed in or a scraper with METRICS_TOKEN."""
    from jobs.models import Job

    if not _may_read_metrics(request):
        if request.user.is_authenticated:
            raise PermissionDenied
        return redirect_to_login(request.get_full_path())
    queue = None
    if not celery_app.conf.task_always_eager:
        name = celery_app.conf.task_default_queue
        try:
            length = portal_metrics.queue_length(celery_app.conf.broker_url, name)
        except Exception:  # noqa: BLE001 — the scrape still reports everything else
            length = None
        queue = (name, length) if length is not None else None
    body = portal_metrics.render(job_counts=Job.objects.status_counts(), queue=queue)
    return HttpResponse(body, content_type="text/plain; version=0.0.4; charset=utf-8")


def bad_request(request, exception=None):
    """handler400: a Russian page; an over-size body is 413, not a generic 400.

    Rendered without the request: a wrong Host header (DisallowedHost) lands here, and
    anything that asks the request for its host would fail again.
    """
    if isinstance(exception, (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)):
        limit_mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
        return HttpResponse(loader.render_to_string("413.html", {"limit_mb": limit_mb}), status=413)
    return HttpResponse(loader.render_to_string("400.html"), status=400)
