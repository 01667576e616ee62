"""Pages of background jobs: start one, watch its progress, download its file."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from . import services
from .models import Job
from .registry import JobFailed, get_kind

RECENT = 20


def _get_job(request, pk):
    return get_object_or_404(Job.objects.visible_to(request.user), pk=pk)


@require_POST
def start(request, kind):
    """Start a job of `kind` with the posted fields; the kind checks access and input."""
    job_kind = get_kind(kind)
    if job_kind is None or job_kind.prepare is None:
        raise Http404
    try:
        params, title = job_kind.prepare(request.user, request.POST)
    except JobFailed as failure:
        messages.error(request, str(failure))
        return redirect(request.META.get("HTTP_REFERER") or "jobs:list")
    job = services.enqueue(kind=kind, by=request.user, params=params, title=title)
    return redirect(job)


def job_list(request):
    jobs = Job.objects.visible_to(request.user)[:RECENT]
    return render(request, "jobs/list.html", {"jobs": jobs})


def detail(request, pk):
    """The progress page; htmx asks for the progress block alone until the job finishes."""
    job = _get_job(request, pk)
    template = "jobs/_progress.html" if request.htmx else "jobs/detail.html"
    return render(request, template, {"job": job})


def download(request, pk):
    job = _get_job(request, pk)
    if not job.has_file:
        raise Http404
    try:
        handle = job.result.open("rb")
    except FileNotFoundError:
        raise Http404
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=job.result_name,
        content_type=job.result_content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
