"""Background jobs of reports (see jobs/registry.py): the annual workbook of a subtree.

A region's workbook (tens of thousands of organizations) takes longer than a request should,
so the report page starts it as a job: a Celery worker writes it with the exporter the
download uses (reports/exporters/xlsx.py), the file is kept in the default storage (S3 in
production) and the user downloads it from the job's page.
"""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.policy import Capability, can, fetch_for_user
from jobs.registry import JobFailed, job_kind
from mentorship_portal.params import parse_id, parse_year
from organizations.models import Organization
from organizations.scope import top_of

from . import annual
from .exporters import xlsx as xlsx_exporter
from .views.annual import report_years

ANNUAL_XLSX = "reports.annual_xlsx"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _root_for(user, data):
    """The subtree as the report page chooses it (organizations/scope.scope_for): the node
    posted (`node`, or `organization` from an older page; 404 if unseen), else the top of what
    the user sees (their office; everything for an administrator)."""
    node = parse_id(str(data.get("node", ""))) or parse_id(str(data.get("organization", "")))
    if node is not None:
        return fetch_for_user(Organization.objects.all(), user, pk=node)
    return top_of(user)


def _prepare_annual_xlsx(user, data):
    if not can(user, Capability.EXPORT_REPORTS):
        raise PermissionDenied
    year = parse_year(str(data.get("year", "")))
    if year not in report_years(user):
        raise JobFailed(_("Выберите год отчёта из лет программы."))
    root = _root_for(user, data)
    title = _("Годовой отчёт за %(year)s год (.xlsx): %(place)s") % {
        "year": year,
        "place": root.name if root is not None else _("все организации"),
    }
    return {"year": year, "root_id": root.pk if root is not None else None}, title


@job_kind(ANNUAL_XLSX, prepare=_prepare_annual_xlsx)
def annual_xlsx(job, report, output):
    """The workbook of the subtree as the requester may see it when the job runs."""
    user = User.objects.select_related("organization").get(pk=job.requested_by_id)
    if not can(user, Capability.EXPORT_REPORTS):
        raise JobFailed(_("Формирование отчёта вам больше не доступно."))
    root = None
    if job.params["root_id"] is not None:
        root = Organization.objects.visible_to(user).filter(pk=job.params["root_id"]).first()
        if root is None:
            raise JobFailed(_("Организация отчёта больше недоступна."))
    year = job.params["year"]
    scope = annual.Scope(user=user, year=year, root=root, on=timezone.localdate())
    report(5, _("Собираются данные и записываются листы книги…"))
    xlsx_exporter.write_annual_report(output, scope)
    suffix = f"-{root.pk}" if root is not None else ""
    return f"monitoring-{year}{suffix}.xlsx", XLSX_CONTENT_TYPE
