"""Lists remember their filters per user: returning to a list brings back the filters, sort
and year last chosen on it in this session; `?reset=1` («Сбросить») forgets them.

    @remember_filters
    def review_queue(request): ...

and `{% include "includes/filter_reset.html" %}` inside the list's filter form. The page
number is not remembered (the rows move); neither are downloads' parameters.
"""

from functools import wraps
from urllib.parse import urlencode

from django.shortcuts import redirect

SESSION_KEY = "remembered_filters"
RESET = "reset"
NOT_REMEMBERED = {"page", RESET, "format", "export", "download", "partial"}
MAX_LISTS = 30  # a bound on the session's size: the oldest lists are forgotten first


def _chosen(request):
    """The list's own parameters: (name, value) pairs, empty values dropped."""
    return [
        (name, value)
        for name, values in request.GET.lists()
        if name not in NOT_REMEMBERED
        for value in values
        if value != ""
    ]


def _store(request, remembered):
    while len(remembered) > MAX_LISTS:
        remembered.pop(next(iter(remembered)))
    request.session[SESSION_KEY] = remembered


def remember_filters(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        # A list's Excel download (its URL passes download=…) carries the page's own query.
        if request.method != "GET" or not request.user.is_authenticated or kwargs.get("download"):
            return view(request, *args, **kwargs)
        remembered = dict(request.session.get(SESSION_KEY, {}))
        key = request.path
        if RESET in request.GET:
            if remembered.pop(key, None) is not None:
                _store(request, remembered)
            return redirect(key)
        chosen = _chosen(request)
        asked = [name for name in request.GET if name not in NOT_REMEMBERED]
        if chosen:
            query = urlencode(chosen)
            if remembered.get(key) != query:
                remembered.pop(key, None)  # re-inserted last: the most recent list
                remembered[key] = query
                _store(request, remembered)
        elif asked:  # the form was sent with every filter emptied: forget them
            if remembered.pop(key, None) is not None:
                _store(request, remembered)
        elif not request.GET and remembered.get(key) and not request.headers.get("HX-Request"):
            return redirect(f"{key}?{remembered[key]}")
        return view(request, *args, **kwargs)

    return wrapper
