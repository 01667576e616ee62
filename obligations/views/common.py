"""What the obligation pages share: where reads start, and how a POST finds its way back."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.policy import fetch_for_user

from ..models import Obligation


def visible(request):
    """Every read of obligations starts here."""
    return Obligation.objects.visible_to(request.user)


def get_obligation(request, pk):
    """One obligation the user sees, with what its pages show; 404 otherwise."""
    return fetch_for_user(Obligation.objects.with_details(), request.user, pk=pk)


def back_target(request, default):
    """The page a form came from (`back` in the POST or the query string), if it is one of
    ours; else the URL of `default` (a URL name)."""
    target = request.POST.get("back") or request.GET.get("back") or ""
    # Only a path: anything else would be read by redirect() as a URL name (NoReverseMatch).
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


def back(request, default):
    """Where to return after a POST: the page it came from, if it is one of ours."""
    return redirect(back_target(request, default))


def several_roadmaps(obligations):
    """Whether the obligations listed come under more than one roadmap (two programmes in
    force), so that each is labelled with its roadmap; obligations `with_details()`."""
    return len({o.responsibility.activity.stage.roadmap_id for o in obligations}) > 1
