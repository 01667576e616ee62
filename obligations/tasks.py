"""Celery tasks of obligations (Celery beat runs the digest daily; see engines.py)."""

from celery import shared_task


@shared_task(name="obligations.send_daily_digests")
def send_daily_digests(within_days=14):
    """The daily digest; a person gets at most one a day however often this runs."""
    from .notifications import send_digests

    return send_digests(within_days=within_days)
