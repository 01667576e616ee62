"""A Russian 503 page when the database goes away in the middle of a request.

The write that was under way has been rolled back (every service is one transaction, and the
files it stored are removed: see obligations.services._files_removed_on_failure), so the page
can say that nothing was saved and the action can be repeated. Other database errors are
bugs and stay 500s.
"""

import logging

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.template import loader

log = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        lost = isinstance(exception, (OperationalError, InterfaceError))
        closed = connection.connection is None
        if not (lost or closed) or not _is_database_error(exception):
            return None
        log.error("Database unavailable during %s %s", request.method, request.path, exc_info=True)
        # Rendered without the request: its context processors would query the database.
        return HttpResponse(loader.render_to_string("503.html"), status=503)


def _is_database_error(exception):
    from django.db import DatabaseError

    return isinstance(exception, DatabaseError)
