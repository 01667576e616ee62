"""Destructive actions ask first, with JavaScript or without.

A destructive form's submit button carries `data-confirm="question"`: static/js/portal.js asks
with the browser's dialog and, on «OK», adds `confirmed=1` to the post. Without JavaScript (or
from a client that did not ask) the view answers with a confirmation page that repeats the
question and re-posts the same fields with `confirmed=1`, or goes back on «Отмена».

    obj = fetch_for_edit(...)                 # access first: a foreign object stays a 404
    if page := ask_first(request, _("Удалить?"), cancel_url=obj.get_absolute_url()):
        return page
"""

from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

CONFIRM_FIELD = "confirmed"
_NOT_REPOSTED = {"csrfmiddlewaretoken", CONFIRM_FIELD}


def is_confirmed(request):
    return request.POST.get(CONFIRM_FIELD) == "1"


def ask_first(request, question, *, cancel_url, action=None):
    """None when the post is confirmed; otherwise the confirmation page to return."""
    if is_confirmed(request):
        return None
    referer = request.headers.get("referer", "")
    if url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        cancel_url = referer
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in _NOT_REPOSTED
        for value in values
    ]
    context = {
        "question": question,
        "action": action or _("Да, продолжить"),
        "fields": fields,
        "post_url": request.get_full_path(),
        "cancel_url": cancel_url,
        "confirm_field": CONFIRM_FIELD,
    }
    return render(request, "confirm.html", context)
