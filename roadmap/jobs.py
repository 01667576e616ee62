"""A large import saved in the background: the preview and its confirmation stay in the request,
the save of thousands of rows runs as a job (jobs.services.enqueue; inline without a broker)
whose page shows its progress and, when done, links to the draft roadmap."""

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.policy import Capability, can
from jobs.registry import JobFailed, job_kind
from jobs.services import enqueue

from .editions import MATCH, NEW_PROGRAMME
from .models import Roadmap
from .preview import imported_from_json, imported_to_json
from .services import RoadmapStateError, save_imported_roadmap

ROADMAP_IMPORT = "roadmap.import"


def runs_in_background(imported):
    """Whether saving `imported` is long enough to be a job (ROADMAP_IMPORT_BACKGROUND_ROWS)."""
    rows = sum(len(a.deadline_rows) for stage in imported.stages for a in stage.activities)
    return rows > settings.ROADMAP_IMPORT_BACKGROUND_ROWS


def enqueue_import(*, imported, options, source_name, by):
    """Start the save of a previewed roadmap as a job; returns the Job."""
    edition = options.get("edition_of", MATCH)
    order_date = options.get("order_date")
    params = {
        "imported": imported_to_json(imported),
        "source_name": source_name,
        "options": {
            "title": options.get("title"),
            "first_year": options.get("first_year"),
            "last_year": options.get("last_year"),
            "order_number": options.get("order_number"),
            "order_date": order_date.isoformat() if order_date else None,
            "edition_of": edition.pk if isinstance(edition, Roadmap) else (edition or None),
        },
    }
    title = _("Импорт дорожной карты: %(name)s") % {"name": source_name}
    return enqueue(kind=ROADMAP_IMPORT, by=by, params=params, title=title)


def _options(saved):
    options = dict(saved)
    if options.get("order_date"):
        options["order_date"] = dt.date.fromisoformat(options["order_date"])
    edition = options.get("edition_of")
    if isinstance(edition, int):
        found = Roadmap.objects.filter(pk=edition).first()
        if found is None:
            raise JobFailed(_("Дорожная карта, новой редакцией которой назван файл, удалена."))
        options["edition_of"] = found
    elif edition not in (MATCH, NEW_PROGRAMME):
        options["edition_of"] = None
    return options


def _result_url(job):
    roadmap_id = job.params.get("roadmap_id")
    return reverse("roadmap:detail", args=[roadmap_id]) if roadmap_id else None


@job_kind(ROADMAP_IMPORT, result_url=_result_url)
def import_roadmap_job(job, report, output):
    user = User.objects.select_related("organization").get(pk=job.requested_by_id)
    if not can(user, Capability.MANAGE_ROADMAPS):
        raise JobFailed(_("Нет прав на импорт дорожных карт."))
    report(10, _("Чтение таблицы"))
    imported = imported_from_json(job.params["imported"])
    count = sum(len(stage.activities) for stage in imported.stages)
    report(30, _("Сохранение мероприятий: %(count)s") % {"count": count})
    try:
        roadmap = save_imported_roadmap(
            imported=imported,
            by=user,
            source_name=job.params.get("source_name", ""),
            **_options(job.params.get("options", {})),
        )
    except RoadmapStateError as error:
        raise JobFailed(str(error)) from None
    job.params = {**job.params, "roadmap_id": roadmap.pk}
    job.save(update_fields=["params"])
    report(95, _("Сохранено как черновик: %(count)s мероприятий") % {"count": count})
    return None
