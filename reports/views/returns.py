"""The year's indicator return: the organization fills it in (draft, submit), the office
reviews it, and staff see who has and has not reported. Views are HTTP only: the policy
says what the page offers, the services in reports/returns.py do the writes."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.policy import (
    Capability,
    acting_organization_id,
    can,
    fetch_for_user,
    may_change_year,
    may_fill_in_return,
    may_review_return,
    requires,
)
from obligations.models import Evidence, EvidenceKind
from organizations.models import EDUCATIONAL_KINDS, Organization, OrganizationKind
from organizations.scope import scope_for

from .. import dashboard, returns
from ..forms.returns import ReturnForm, ReviewForm
from ..models import IndicatorReturn, ReturnStatus

PAGE_SIZE = 100
EVIDENCE_CHOICES_SHOWN = 200
FIRST_YEAR, LAST_YEAR_AHEAD = 2000, 1


def current_year():
    return timezone.localdate().year


def _check_year(year):
    if not FIRST_YEAR <= year <= current_year() + LAST_YEAR_AHEAD:
        raise Http404


def my_return(request, year=None):
    """A head's (or office member's) own return for the year; staff land on the list."""
    organization_id = acting_organization_id(request.user)
    year = year or current_year()
    if organization_id is None or can(request.user, Capability.VIEW_STAFF_PAGES):
        return redirect("reports:returns", year=year)
    return redirect("reports:return", year=year, organization_id=organization_id)


def _evidence_choices(organization):
    evidence = (
        Evidence.objects.present()
        .filter(
            obligation__organization=organization,
            kind__in=[EvidenceKind.LOCAL_ACT, EvidenceKind.FILE],
        )
        .select_related("act_type")
        .order_by("-effective_date", "-pk")[:EVIDENCE_CHOICES_SHOWN]
    )
    return [(item.pk, _evidence_label(item)) for item in evidence]


def _evidence_label(evidence):
    parts = [evidence.title]
    if evidence.act_number:
        parts.append(f"№ {evidence.act_number}")
    if evidence.act_date:
        parts.append(_("от %(date)s") % {"date": evidence.act_date.strftime("%d.%m.%Y")})
    return " ".join(parts)


def _page(request, organization, year, *, form=None, review_form=None, status=200):
    indicator_return = IndicatorReturn.objects.filter(organization=organization, year=year).first()
    shown = indicator_return or IndicatorReturn(organization=organization, year=year)
    shown.organization = organization  # not fetched again for the policy's questions
    indicators = returns.indicators_for(organization, year)
    can_fill_in = may_fill_in_return(request.user, shown)
    if form is None:
        saved, last_year = (
            returns.entries_of(indicator_return),
            returns.last_year_values(organization, year),
        )
        form = ReturnForm(
            indicators=indicators,
            saved=saved,
            evidence_choices=_evidence_choices(organization) if can_fill_in else (),
            last_year=last_year,
            initial={"revision": shown.revision},
        )
        # Big changes not yet explained stay flagged beside their fields (warnings only).
        form.warnings = returns.warnings_of(indicators, saved, last_year)
    context = {
        "organization": organization,
        "year": year,
        "indicator_return": shown,
        "form": form,
        "sections": form.sections(),
        "events": indicator_return.events.select_related("actor") if indicator_return else [],
        "can_fill_in": can_fill_in,
        "can_review": may_review_return(request.user, shown),
        "year_is_open": may_change_year(request.user, organization, year),
        "review_form": review_form or ReviewForm(initial={"revision": shown.revision}),
        "staff": can(request.user, Capability.VIEW_STAFF_PAGES),
    }
    return render(request, "reports/returns/return_detail.html", context, status=status)


def _organization(request, organization_id):
    return fetch_for_user(Organization.objects, request.user, pk=organization_id)


def return_detail(request, year, organization_id):
    _check_year(year)
    organization = _organization(request, organization_id)
    if request.method == "POST":
        return _save(request, organization, year)
    return _page(request, organization, year)


def _save(request, organization, year):
    shown = IndicatorReturn.objects.filter(organization=organization, year=year).first()
    indicators = returns.indicators_for(organization, year)
    form = ReturnForm(
        request.POST,
        indicators=indicators,
        evidence_choices=_evidence_choices(organization),
        last_year=returns.last_year_values(organization, year),
    )
    if not form.is_valid():
        messages.error(request, _("Отчёт не сохранён: исправьте ошибки, отмеченные у показателей."))
        return _page(request, organization, year, form=form, status=400)
    submitting = "submit" in request.POST
    service = returns.submit_return if submitting else returns.save_return
    try:
        _saved, findings = service(
            organization=organization,
            year=year,
            by=request.user,
            entries=form.entries(),
            revision=form.cleaned_data.get("revision"),
        )
    except returns.ReturnInvalid as invalid:
        form.show_findings(invalid.findings)
        messages.error(request, str(invalid))
        return _page(request, organization, year, form=form, status=400)
    except returns.ReturnError as error:
        messages.error(request, str(error))
        status = 409 if shown is not None or isinstance(error, returns.ReturnChanged) else 403
        return _page(request, organization, year, form=form, status=status)
    if submitting:
        messages.success(request, _("Отчёт отправлен на проверку."))
    else:
        messages.success(request, _("Черновик сохранён."))
    for code, warnings in findings.warnings.items():
        for warning in warnings:
            messages.warning(request, f"{code}: {warning}")
    return redirect("reports:return", year=year, organization_id=organization.pk)


@require_POST
@requires(Capability.REVIEW_EVIDENCE)
def return_review(request, pk):
    indicator_return = fetch_for_user(
        IndicatorReturn.objects.select_related("organization"), request.user, pk=pk
    )
    organization, year = indicator_return.organization, indicator_return.year
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Решение не сохранено: исправьте ошибки в форме."))
        return _page(request, organization, year, review_form=form, status=400)
    decision, comment = form.cleaned_data["decision"], form.cleaned_data["comment"]
    try:
        if decision == ReviewForm.ACCEPT:
            returns.accept_return(
                indicator_return=indicator_return,
                by=request.user,
                comment=comment,
                revision=form.cleaned_data["revision"],
            )
            messages.success(request, _("Отчёт принят."))
        else:
            returns.send_back_return(
                indicator_return=indicator_return,
                by=request.user,
                comment=comment,
                revision=form.cleaned_data["revision"],
            )
            messages.success(request, _("Отчёт возвращён на доработку."))
    except returns.ReturnError as error:
        messages.error(request, str(error))
        return _page(request, organization, year, review_form=form, status=409)
    return redirect("reports:return", year=year, organization_id=organization.pk)


# --- The staff list --------------------------------------------------------------------------

MISSING = "missing"
STATUS_FILTERS = {
    MISSING: Q(return_status__isnull=True),
    **{status.value: Q(return_status=status.value) for status in ReturnStatus},
}


def reporting_organizations(user, year):
    """The organizations that owe a return, visible to `user`, with their return's status for
    `year` (None: not started), in one query."""
    this_year = IndicatorReturn.objects.filter(organization=OuterRef("pk"), year=year)
    return (
        Organization.objects.visible_to(user)
        .active()
        .filter(kind__in=[*EDUCATIONAL_KINDS, OrganizationKind.DISTRICT_OFFICE])
        .annotate(
            return_id=Subquery(this_year.values("pk")[:1]),
            return_status=Subquery(this_year.values("status")[:1]),
            submitted_at=Subquery(this_year.values("submitted_at")[:1]),
            reviewed_at=Subquery(this_year.values("reviewed_at")[:1]),
        )
    )


@requires(Capability.VIEW_STAFF_PAGES)
def return_list(request, year):
    """Who has and has not reported for `year`, in the drill-down subtree (`?node=`, where the
    dashboard's figures send it)."""
    _check_year(year)
    scope = scope_for(request)
    organizations = reporting_organizations(request.user, year)
    if not scope.is_top:
        organizations = organizations.filter(pk__in=scope.organizations().values("pk"))
    schools_only = request.GET.get("who") == "schools"
    if schools_only:  # the dashboard's figures: organizations owing a return, no office
        organizations = dashboard.owing_a_return(organizations, year)
    chosen = request.GET.get("status", "")
    counts = {
        key: organizations.filter(condition).count() for key, condition in STATUS_FILTERS.items()
    }
    if chosen in STATUS_FILTERS:
        organizations = organizations.filter(STATUS_FILTERS[chosen])
    page = Paginator(organizations.order_by("name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for organization in page:
        status = organization.return_status
        organization.return_status_label = ReturnStatus(status).label if status else _("Не начат")
    filters = [
        {"key": MISSING, "label": _("Не начат"), "count": counts[MISSING]},
        *(
            {"key": status.value, "label": status.label, "count": counts[status.value]}
            for status in ReturnStatus
        ),
    ]
    context = {
        "scope": scope,
        "year": year,
        "years": range(current_year() + LAST_YEAR_AHEAD, current_year() - 5, -1),
        "page": page,
        "filters": filters,
        "chosen": chosen,
        "schools_only": schools_only,
        "list_url": reverse("reports:returns", kwargs={"year": year}),
        "can_manage": can(request.user, Capability.MANAGE_MONITORING),
    }
    return render(request, "reports/returns/return_list.html", context)


def return_by_id(request, pk):
    """A return by its number (links from elsewhere): its organization's page for its year."""
    indicator_return = get_object_or_404(IndicatorReturn.objects.visible_to(request.user), pk=pk)
    return redirect(
        "reports:return",
        year=indicator_return.year,
        organization_id=indicator_return.organization_id,
    )
