"""Portal-wide pages that belong to no app: the start page, the health check, error pages."""

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpResponse
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

