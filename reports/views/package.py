"""The local-act package page (organizations × required act types for a year) and the staff
page that chooses which act types each kind of organization must have."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.policy import Capability, can, requires
from mentorship_portal.params import parse_year
from obligations.models import ActLevel, LocalActType
from organizations.models import EDUCATIONAL_KINDS, Organization, OrganizationKind

from .. import act_requirements, history, package
from .returns import _check_year, current_year

PAGE_SIZE = 100


def package_page(request, year=None):
    """Staff see every organization in their part of the tree; a head sees their own row."""
    year = year or current_year()
    _check_year(year)
    organizations = (
        Organization.objects.visible_to(request.user).active().filter(kind__in=EDUCATIONAL_KINDS)
    )
    required = package.required_types(year)
    columns = package.package_columns(required)
    complete, counted = package.package_share(organizations, year, required=required)
    page = Paginator(organizations.order_by("name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = list(package.rows_for(list(page), year, columns, required))
    context = {
        "year": year,
        "years": range(current_year(), current_year() - 6, -1),
        "columns": columns,
        "rows": rows,
        "page": page,
        "complete": complete,
        "counted": counted,
        "share": round(100 * complete / counted) if counted else None,
        "staff": can(request.user, Capability.VIEW_STAFF_PAGES),
        "can_manage": can(request.user, Capability.MANAGE_MONITORING),
    }
    return render(request, "reports/package/package.html", context)


PACKAGE_KINDS = [kind.value for kind in EDUCATIONAL_KINDS]


@requires(Capability.MANAGE_MONITORING)
def package_settings(request):
    year = current_year()
    required = package.required_types(year)
    act_types = LocalActType.objects.active().filter(level=ActLevel.ORGANIZATION)
    kinds = [
        {
            "value": kind.value,
            "label": kind.label,
            "chosen": {act_type.code for act_type in required.get(kind.value, [])},
        }
        for kind in (OrganizationKind(value) for value in PACKAGE_KINDS)
    ]
    context = {
        "kinds": kinds,
        "act_types": act_types,
        "year": year,
        "years": range(year - 3, year + 2),
        "changes": history.package_changes(),
    }
    return render(request, "reports/package/settings.html", context)


@require_POST
@requires(Capability.MANAGE_MONITORING)
def package_settings_save(request):
    kind = request.POST.get("organization_kind", "")
    from_year = parse_year(request.POST.get("from_year"))
    if kind not in PACKAGE_KINDS or from_year is None:
        messages.error(request, _("Выберите тип организации и год, с которого действует пакет."))
        return redirect("reports:package_settings")
    try:
        added, removed = act_requirements.set_required_act_types(
            organization_kind=kind,
            codes=request.POST.getlist("codes"),
            from_year=from_year,
            by=request.user,
        )
    except act_requirements.RequirementError as error:
        messages.error(request, str(error))
        return redirect("reports:package_settings")
    messages.success(
        request,
        _(
            "Пакет для «%(kind)s» с %(year)s года сохранён: добавлено %(added)s, исключено "
            "%(removed)s."
        )
        % {
            "kind": OrganizationKind(kind).label,
            "year": from_year,
            "added": len(added),
            "removed": len(removed),
        },
    )
    return redirect("reports:package_settings")
