"""Who is really knocking, and how often: the client address behind trusted proxies, the login
lock-out page with the real time left, and throttled password-reset requests.

Why our own address resolver: behind the TLS proxy README recommends, REMOTE_ADDR is the proxy
for every user, so keying the lock-out on it locks everyone out together. X-Forwarded-For is
only believed when the request comes from an address in TRUSTED_PROXIES; then the header is
read from the right, skipping trusted proxies, and the first other address is the client's
(anything to its left was written by the client and may be forged).
"""

import ipaddress
import math
from functools import lru_cache

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.shortcuts import render
from django.utils import timezone


@lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]):
    return tuple(ipaddress.ip_network(item, strict=False) for item in trusted)


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _is_trusted(address) -> bool:
    return any(address in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or what trusted proxies say it forwarded for."""
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    if remote is None or not _is_trusted(remote):
        return str(remote) if remote is not None else None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(forwarded):
        address = _address(hop)
        if address is None:
            break  # a garbled hop: trust nothing further left
        if not _is_trusted(address):
            return str(address)
    return str(remote)  # only proxies in the chain: the nearest one is all we know


def lockout_ends_at(request, credentials):
    """When the lock on this username and address ends.

    The cool-off is fixed (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT is off): it runs
    from the failure that reached the limit, whatever is tried during the lock.
    """
    username = get_client_username(request, credentials)
    last = (
        AccessAttempt.objects.filter(username=username, ip_address=client_ip(request))
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    return (last or timezone.now()) + get_cool_off(request)


def minutes_until(moment) -> int:
    """Whole minutes from now until `moment`, rounded up, at least 1."""
    return max(1, math.ceil((moment - timezone.now()).total_seconds() / 60))


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' lock-out page (AXES_LOCKOUT_CALLABLE), stating the real time left."""
    ends_at = lockout_ends_at(request, credentials)
    context = {"minutes_left": minutes_until(ends_at), "ends_at": timezone.localtime(ends_at)}
    return render(
        request, "registration/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )
