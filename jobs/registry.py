"""Kinds of background job, declared by the apps that own the work.

How to add one (the annual report of a region, a large import, ...), in `<app>/jobs.py`:

    from jobs.registry import JobFailed, job_kind

    def prepare(user, data):
        # Runs in the request: check access (Http404 / PermissionDenied), validate input
        # (JobFailed with a Russian message), return (params, title). params must be JSON.
        region = get_object_or_404(Organization.objects.visible_to(user), pk=data.get("region"))
        return {"region_id": region.pk, "year": 2024}, _("Годовой отчёт: %s") % region

    @job_kind("reports.region_annual", prepare=prepare)
    def region_annual(job, report, output):
        # Runs in a Celery worker (or inline without a broker). report(percent, message)
        # moves the progress bar; write the file into `output` (a binary temporary file)
        # and return its download name and content type, or None for a job without a file.
        for percent, rows in ...:
            report(percent, _("Организаций обработано: %d") % n)
        return "годовой-отчёт-2024.xlsx", XLSX_CONTENT_TYPE

Start it from a page with a POST form to `{% url 'jobs:start' 'reports.region_annual' %}`
carrying the fields `prepare` reads, or from code with
`jobs.services.enqueue(kind="reports.region_annual", by=user, params=..., title=...)`.
Either way the user lands on the job's progress page and downloads the file from there.
"""

from collections.abc import Callable
from dataclasses import dataclass


class JobFailed(Exception):
    """An expected failure with a message for the user (in Russian)."""


@dataclass(frozen=True)
class JobKind:
    name: str
    produce: Callable
    prepare: Callable | None
    result_url: Callable | None = None  # job -> the page of what a finished job made, or None


_KINDS = {}


def job_kind(name, *, prepare=None, result_url=None):
    def register(produce):
        _KINDS[name] = JobKind(name=name, produce=produce, prepare=prepare, result_url=result_url)
        return produce

    return register


def get_kind(name):
    """The registered kind, or None."""
    return _KINDS.get(name)
