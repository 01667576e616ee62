"""Office staff's pages: the review queue, the summary, the matrix, an organization's
obligations, reminders and evidence archives. What they show is computed in
obligations/progress.py; these functions read the request and render."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.policy import Capability, acts_for, fetch_for_user, requires
from mentorship_portal.confirm import ask_first
from mentorship_portal.lists import remember_filters
from mentorship_portal.pagination import CappedPaginator
from mentorship_portal.params import MAX_IDS, ParamReader, parse_id_with_revision
from organizations.models import Organization
from roadmap.models import Activity, Roadmap

from .. import exports, notifications, progress, services
from ..archive import evidence_zip_response
from ..filters import ObligationFilter, OrganizationObligationFilter
from ..forms import ProgressForm
from ..models import Evidence, SentMessage, organizations_followed_by
from .common import back, back_target, several_roadmaps, visible

PAGE_SIZE = 50
MATRIX_PAGE_SIZE = 40
SENT_MESSAGES_SHOWN = 20
QUEUE_SORTS = {
    "submitted": ("submitted_at", "pk"),
    "-submitted": ("-submitted_at", "-pk"),
    "organization": ("organization__name", "pk"),
    "due": ("due_date", "submitted_at", "pk"),
}
OBLIGATION_SORTS = {
    "due": ("is_archived", "due_date", "pk"),
    "-due": ("is_archived", "-due_date", "pk"),
    "status": ("is_archived", "status", "due_date", "pk"),
    "activity": (
        "is_archived",
        "responsibility__activity__stage__position",
        "responsibility__activity__position",
        "period_year",
        "pk",
    ),
}


def _selected(request):
    """{pk: revision or None} from the checkboxes of a list page ("pk" or "pk:revision")."""
    chosen = {}
    for raw in request.POST.getlist("ids")[:MAX_IDS]:
        parsed = parse_id_with_revision(raw)
        if parsed is not None:
            chosen[parsed[0]] = parsed[1]
    return chosen


def _sorted(request, queryset, sorts, default):
    sort = request.GET.get("sort") if request.GET.get("sort") in sorts else default
    return queryset.order_by(*sorts[sort]), sort


def _sorted_page(request, queryset, sorts, default, paginator=Paginator):
    ordered, sort = _sorted(request, queryset, sorts, default)
    return paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page")), sort


def _get_followed_organization(request, pk):
    return get_object_or_404(organizations_followed_by(request.user), pk=pk)


# --- Review ----------------------------------------------------------------------------------


@requires(Capability.REVIEW_EVIDENCE)
@remember_filters
def review_queue(request, download=False):
    """The submissions awaiting review (its Excel download: every row the filters keep)."""
    queue = visible(request).current().awaiting_review().with_details()
    filterset = ObligationFilter(request.GET, queryset=queue)
    if download:
        ordered, _sort = _sorted(request, filterset.qs, QUEUE_SORTS, "submitted")
        return exports.xlsx_response(exports.review_queue_sheet(ordered), name="review-queue")
    # A country's queue is counted only up to a bound (see CappedPaginator).
    page, sort = _sorted_page(request, filterset.qs, QUEUE_SORTS, "submitted", CappedPaginator)
    return render(
        request,
        "obligations/review_queue.html",
        {
            "filter": filterset,
            "page": page,
            "sort": sort,
            "several_roadmaps": several_roadmaps(page.object_list),
        },
    )


@require_POST
@requires(Capability.REVIEW_EVIDENCE)
def bulk_accept(request):
    selected = _selected(request)
    chosen = list(visible(request).current().filter(pk__in=selected).with_details())
    if not chosen:
        messages.error(request, _("Отметьте хотя бы одну строку."))
        return redirect("obligations:review_queue")
    question = _("Принять все отмеченные?")
    if page := ask_first(request, question, cancel_url=reverse("obligations:review_queue")):
        return page
    accepted, errors = services.accept_many(obligations=chosen, by=request.user, revisions=selected)
    if accepted:
        messages.success(request, _("Принято: %(count)d.") % {"count": len(accepted)})
    for obligation, error in errors:
        messages.error(request, f"{obligation}: {error}")
    return redirect("obligations:review_queue")


@require_POST
@requires(Capability.VIEW_STAFF_PAGES)
def bulk_progress(request):
    """Set the progress status of several of the office's own obligations."""
    form = ProgressForm(request.POST)
    chosen = list(
        visible(request)
        .current()
        .editable_by(request.user)
        .filter(pk__in=_selected(request))
        .with_details()
    )
    if not form.is_valid() or not chosen:
        messages.error(
            request, _("Выберите статус и отметьте хотя бы одну строку своей организации.")
        )
        return back(request, "obligations:summary")
    changed, errors = services.set_progress_many(
        obligations=chosen, by=request.user, status=form.cleaned_data["status"]
    )
    messages.success(request, _("Статус изменён: %(count)d.") % {"count": len(changed)})
    for obligation, error in errors:
        messages.error(request, f"{obligation}: {error}")
    return back(request, "obligations:summary")


# --- Summary and matrix ----------------------------------------------------------------------


def _roadmap_for(request):
    """The roadmap chosen in the query string (404 if unseen), else the latest in force."""
    visible_roadmaps = Roadmap.objects.visible_to(request.user).select_related("programme")
    try:
        return visible_roadmaps.chosen_or_latest(ParamReader(request).id("roadmap"))
    except Roadmap.DoesNotExist:
        raise Http404


def _obligations_of(request, roadmap):
    return visible(request).filter(
        is_archived=False, responsibility__activity__stage__roadmap=roadmap
    )


@requires(Capability.VIEW_STAFF_PAGES)
@remember_filters
def summary(request, download=None):
    """Where each activity stands: counts of obligations by status, overdue, and a chase.
    `download` "summary" or "overdue": the same roadmap and year as an Excel download."""
    roadmap, roadmaps = _roadmap_for(request)
    year = ParamReader(request).year()
    rows, years = [], []
    if roadmap is None and download:
        raise Http404
    if roadmap is not None:
        obligations = _obligations_of(request, roadmap)
        if year is not None:
            obligations = obligations.for_year(year)
        if download == "overdue":
            sheet = exports.overdue_sheet(
                obligations.current().with_details(),
                roadmap=roadmap,
                year=year,
                on=timezone.localdate(),
            )
            return exports.xlsx_response(sheet, name="overdue")
        rows = progress.summary_rows(
            obligations, progress.activities_of(roadmap), on=timezone.localdate()
        )
        if download == "summary":
            sheet = exports.summary_sheet(rows, roadmap=roadmap, year=year)
            return exports.xlsx_response(sheet, name="summary")
        years = list(roadmap.programme.years)
    return render(
        request,
        "obligations/summary.html",
        {"roadmap": roadmap, "roadmaps": roadmaps, "rows": rows, "years": years, "year": year},
    )


def _matrix_columns(obligations, roadmap, activities, activity, year):
    """The obligations one matrix shows and its columns: one activity's deadline rows by
    year, or every activity of one year."""
    if activity is None:
        return obligations.for_year(year), progress.columns_for_year(activities)
    obligations = obligations.filter(responsibility__activity=activity)
    if year is not None:
        obligations = obligations.for_period_year(year)
    columns = progress.columns_for_activity(activity, roadmap.programme, year=year)
    return obligations, columns


def _chosen_activity(request, activities):
    chosen = ParamReader(request).id("activity")
    if chosen is None:
        return None
    found = next((a for a in activities if a.pk == chosen), None)
    if found is None:
        raise Http404
    return found


@requires(Capability.VIEW_STAFF_PAGES)
@remember_filters
def matrix(request, download=False):
    """Organizations against the obligations of one activity (by year) or of one year; the
    Excel download has every organization of the same choice."""
    roadmap, roadmaps = _roadmap_for(request)
    if roadmap is None and download:
        raise Http404
    if roadmap is None:
        return render(request, "obligations/matrix.html", {"roadmap": None, "roadmaps": roadmaps})
    activities = list(progress.activities_of(roadmap))
    activity = _chosen_activity(request, activities)
    years = list(roadmap.programme.years)
    year = ParamReader(request).year()
    if activity is None and year is None:
        year = min(max(timezone.localdate().year, years[0]), years[-1])
    obligations, columns = _matrix_columns(
        _obligations_of(request, roadmap), roadmap, activities, activity, year
    )
    if download:
        return _matrix_download(obligations, columns, roadmap, activity, year)
    page = Paginator(progress.organizations_in(obligations), MATRIX_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    table = progress.matrix_rows(
        obligations,
        page.object_list,
        columns,
        by_activity=activity is not None,
        on=timezone.localdate(),
    )
    context = {
        "roadmap": roadmap,
        "roadmaps": roadmaps,
        "activities": activities,
        "activity": activity,
        "years": years,
        "year": year,
        "columns": columns,
        "table": table,
        "page": page,
        "legend": progress.legend(),
    }
    return render(request, "obligations/matrix.html", context)


def _matrix_download(obligations, columns, roadmap, activity, year):
    chosen = [roadmap.title, f"{activity.label} {activity.title}" if activity else "", year or ""]
    sheet = exports.matrix_sheet(
        obligations,
        progress.organizations_in(obligations),
        columns,
        by_activity=activity is not None,
        on=timezone.localdate(),
        heading=[str(line) for line in chosen if line],
    )
    return exports.xlsx_response(sheet, name="matrix")


# --- One organization ------------------------------------------------------------------------


@requires(Capability.VIEW_STAFF_PAGES)
@remember_filters
def organization_obligations(request, pk, download=False):
    organization = _get_followed_organization(request, pk)
    obligations = visible(request).filter(organization=organization).with_details()
    filterset = OrganizationObligationFilter(request.GET, queryset=obligations)
    if download:
        ordered, _sort = _sorted(request, filterset.qs, OBLIGATION_SORTS, "due")
        sheet = exports.organization_sheet(
            ordered, organization=organization, on=timezone.localdate()
        )
        return exports.xlsx_response(sheet, name=f"organization-{organization.pk}")
    page, sort = _sorted_page(request, filterset.qs, OBLIGATION_SORTS, "due")
    sent = (
        SentMessage.objects.filter(organization=organization)
        .select_related("sent_by")
        .order_by("-sent_at")[:SENT_MESSAGES_SHOWN]
    )
    can_open_card = Organization.objects.visible_to(request.user).filter(pk=organization.pk)
    return render(
        request,
        "obligations/organization_obligations.html",
        {
            "organization": organization,
            "filter": filterset,
            "page": page,
            "several_roadmaps": several_roadmaps(page.object_list),
            "sent_messages": sent,
            "can_act": acts_for(request.user, organization.pk),
            "can_open_card": can_open_card.exists(),
            "sort": sort,
        },
    )


@require_POST
@requires(Capability.REVIEW_EVIDENCE)
def chase_organization(request, pk):
    organization = _get_followed_organization(request, pk)
    open_obligations = visible(request).current().open().filter(organization=organization)
    sent = notifications.chase(obligations=list(open_obligations.with_details()), by=request.user)
    _report_chase(request, sent)
    return redirect("obligations:organization", pk=organization.pk)


def _overdue(request):
    return visible(request).current().overdue(on=timezone.localdate())


@require_http_methods(["GET", "POST"])
@requires(Capability.REVIEW_EVIDENCE)
def chase_activity(request, pk):
    """Remind everyone overdue on this activity (optionally of one year): GET asks to
    confirm, saying how many would be e-mailed and skipped; POST sends."""
    activity = fetch_for_user(Activity.objects.select_related("stage"), request.user, pk=pk)
    year = ParamReader(request, request.POST if request.method == "POST" else None).year()
    overdue = _overdue(request).filter(responsibility__activity=activity)
    if year is not None:
        overdue = overdue.for_year(year)
    return _chase_or_confirm(request, overdue, activity=activity, year=year)


@require_http_methods(["GET", "POST"])
@requires(Capability.REVIEW_EVIDENCE)
def chase_roadmap(request, pk):
    """Remind everyone overdue on any activity of the roadmap (confirmed first, as above)."""
    roadmap = fetch_for_user(Roadmap.objects.active(), request.user, pk=pk)
    overdue = _overdue(request).filter(responsibility__activity__stage__roadmap=roadmap)
    return _chase_or_confirm(request, overdue, roadmap=roadmap)


def _chase_or_confirm(request, overdue, **subject):
    overdue = list(overdue.with_details())
    if request.method == "POST":
        _report_chase(request, notifications.chase(obligations=overdue, by=request.user))
        return back(request, "obligations:summary")
    context = {
        **subject,
        "overdue_count": len(overdue),
        "overdue_organizations": len({o.organization_id for o in overdue}),
        "preview": notifications.chase_preview(obligations=overdue, by=request.user),
        "back": back_target(request, "obligations:summary"),
    }
    return render(request, "obligations/chase_confirm.html", context)


def _report_chase(request, result):
    if result.sent:
        messages.success(
            request,
            _("Отправлено писем: %(sent)d, организаций: %(organizations)d.")
            % {"sent": result.sent, "organizations": result.organizations},
        )
    if result.already_chased:
        messages.info(
            request,
            _(
                "Пропущено организаций, которым сегодня уже напоминали об этих мероприятиях: "
                "%(count)d. Повторно им не отправлено."
            )
            % {"count": result.already_chased},
        )
    if not result.sent and not result.already_chased:
        messages.info(
            request,
            _("Напоминать некому: нет невыполненных обязательств или у ответственных нет e-mail."),
        )


# --- Evidence archives -----------------------------------------------------------------------


@requires(Capability.VIEW_STAFF_PAGES)
def activity_evidence_zip(request, pk):
    activity = fetch_for_user(Activity.objects.select_related("stage"), request.user, pk=pk)
    evidence = Evidence.objects.visible_to(request.user).filter(
        obligation__responsibility__activity=activity
    )
    name = f"evidence-activity-{activity.label}"
    return evidence_zip_response(evidence, name)


def organization_evidence_zip(request, pk):
    organization = _get_followed_organization(request, pk)
    evidence = Evidence.objects.visible_to(request.user).filter(
        obligation__organization=organization
    )
    return evidence_zip_response(evidence, f"evidence-organization-{organization.pk}")
