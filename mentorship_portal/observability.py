"""Request ids in every log line, one access-log line per request, and request metrics.

An incoming X-Request-ID (from the proxy) is kept when it looks sane, otherwise a new one is
made; it is sent back in the response and attached to every log record written while the
request runs, so that one user's complaint leads to all the lines of that request.
"""

import contextvars
import json
import logging
import re
import time
import uuid

from . import metrics

request_id_var = contextvars.ContextVar("request_id", default="-")
_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
access_log = logging.getLogger("portal.request")


def new_request_id(incoming=""):
    return incoming if _SANE_ID.match(incoming or "") else uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        if not getattr(record, "request_id", None):
            record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request id and any extras."""

    _STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}

    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        entry.update(
            (key, value) for key, value in vars(record).items() if key not in self._STANDARD
        )
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class RequestObservabilityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = new_request_id(request.headers.get("X-Request-ID", ""))
        token = request_id_var.set(request.request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.request_id
            self._record(request, response.status_code, time.perf_counter() - started)
            return response
        finally:
            request_id_var.reset(token)

    def _record(self, request, status, seconds):
        match = getattr(request, "resolver_match", None)
        view = match.view_name if match else "unmatched"
        user = getattr(request, "user", None)
        access_log.info(
            "%s %s %s %.1f ms",
            request.method,
            request.path,
            status,
            seconds * 1000,
            extra={
                "request_id": request.request_id,
                "method": request.method,
                "path": request.path,
                "view": view,
                "status": status,
                "duration_ms": round(seconds * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )
        metrics.observe_request(view=view, method=request.method, status=status, seconds=seconds)
