"""The portal's own error pages also in development.

With DEBUG on Django answers a missing page with its English technical 404 (listing every URL
pattern) and an error with the technical 500. A school head following a foreign or stale link
on a development or demo server should see the same Russian page as in production. Developers
who want Django's pages set DEBUG_TECHNICAL_ERRORS=True; the traceback of an error is logged
either way.
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import Resolver404, resolve
from django.views import defaults

logger = logging.getLogger("django.request")


class PortalErrorPagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def _active(self):
        return settings.DEBUG and not getattr(settings, "DEBUG_TECHNICAL_ERRORS", False)

    def __call__(self, request):
        if self._active():
            try:
                resolve(request.path_info, getattr(request, "urlconf", None))
            except Resolver404 as missing:
                # CommonMiddleware (outside this one) still redirects to the path with a slash.
                return defaults.page_not_found(request, missing)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not self._active():
            return None
        if isinstance(exception, Http404):
            return defaults.page_not_found(request, exception)
        if isinstance(exception, PermissionDenied):
            return None  # Django renders 403.html in every mode
        logger.error("Internal Server Error: %s", request.path, exc_info=exception)
        return defaults.server_error(request)
