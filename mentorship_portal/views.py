"""Portal-wide pages that belong to no app: the start page, the health check, error pages."""

from django.contrib.auth.decorators import login_not_required
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.template import loader
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def home(request):
    """Send each role to its main page: the first menu entry it may open."""
    from accounts.context_processors import navigation

    menu = navigation(request)["menu"]
    if menu:
        return redirect(menu[0]["url"])
    return render(request, "home.html")


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """200 when the database answers, 503 when it does not (for load balancers and cron)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")



def bad_request(request, exception=None):
    """handler400: a Russian page; an over-size body is 413, not a generic 400.

    Rendered without the request: a wrong Host header (DisallowedHost) lands here, and
    anything that asks the request for its host would fail again.
    """
    if isinstance(exception, (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)):
        limit_mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
        return HttpResponse(loader.render_to_string("413.html", {"limit_mb": limit_mb}), status=413)
    return HttpResponse(loader.render_to_string("400.html"), status=400)
