"""Background jobs of obligations (see jobs/registry.py): the evidence ZIP of a whole activity.

An activity's evidence across a region can run to gigabytes, longer than a request may take,
so the office starts the ZIP as a job and downloads it from the job's page.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.policy import Capability, can
from jobs.registry import JobFailed, job_kind
from mentorship_portal.params import parse_id
from roadmap.models import Activity

from .archive import write_evidence_zip
from .models import Evidence

ACTIVITY_ZIP = "obligations.activity_zip"


def _prepare_activity_zip(user, data):
    if not can(user, Capability.VIEW_STAFF_PAGES):
        raise PermissionDenied
    activity_id = parse_id(str(data.get("activity", "")))
    if activity_id is None:
        raise JobFailed(_("Не указано мероприятие для архива."))
    activity = get_object_or_404(
        Activity.objects.visible_to(user).select_related("stage"), pk=activity_id
    )
    title = _("Архив подтверждений: %(number)s %(title)s") % {
        "number": activity.label,
        "title": activity.title,
    }
    return {"activity_id": activity.pk}, title


@job_kind(ACTIVITY_ZIP, prepare=_prepare_activity_zip)
def activity_zip(job, report, output):
    """What the requester may see of the activity's evidence, as of when the job runs."""
    user = User.objects.select_related("organization").get(pk=job.requested_by_id)
    activity = (
        Activity.objects.visible_to(user)
        .select_related("stage")
        .filter(pk=job.params["activity_id"])
        .first()
    )
    if activity is None:
        raise JobFailed(_("Мероприятие больше недоступно."))
    evidence = Evidence.objects.visible_to(user).filter(
        obligation__responsibility__activity=activity
    )
    write_evidence_zip(evidence, output, report=report)
    return (
        f"evidence-activity-{activity.label}.zip",
        "application/zip",
    )
