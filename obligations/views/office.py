"""Office staff's pages: the review queue, the summary, the matrix, an organization's
obligations, reminders and evidence archives. What they show is computed in
obligations/progress.py; these functions read the request and render."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
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
from organizations.scope import scope_for, scope_of
from roadmap.models import Activity, Roadmap

from .. import exports, figures, notifications, services
from ..archive import evidence_zip_response
from ..filters import ObligationFilter, OrganizationObligationFilter
from ..forms import ProgressForm
from ..models import (
    Evidence,
    Obligation,
    ObligationStatus,
    SentMessage,
    organizations_followed_by,
)
from .common import back, back_target, several_roadmaps, visible

PAGE_SIZE = 50
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


class _CountedPaginator(Paginator):
    """A paginator told its count (from the rollup) instead of counting the rows."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached_property

    capped = False  # exact, like CappedPaginator's below its bound


def _queue_in(request, scope):
    """Obligations of the scope: what the user sees at the top, else the node's subtree and
    the bodies it follows from outside under the roadmaps issued within it."""
    if scope.is_top:
        return visible(request)
    issued = figures.issued_within(scope, Roadmap.objects.all())
    return Obligation.objects.filter(
        Q(organization__in=scope.organizations())
        | Q(
            organization__in=figures.followed_outside(scope, issued),
            responsibility__activity__stage__roadmap__in=issued,
        )
    )


def _queue_count(scope, filterset):
    """How many submissions wait in the scope, from the rollup, when only the activity and
    year filters (which the rollup knows) are used; None: count the rows."""
    if not filterset.is_valid():
        return None
    data = filterset.form.cleaned_data
    if data.get("organization") or data.get("kind") or data.get("status"):
        return None
    condition = Q(status=ObligationStatus.SUBMITTED)
    if data.get("activity"):
        condition &= Q(responsibility__activity=data["activity"])
    if data.get("year"):
        condition &= figures.for_year(data["year"])
    return figures.scope_figures(scope, on=timezone.localdate(), condition=condition).submitted


@requires(Capability.REVIEW_EVIDENCE)
@remember_filters
def review_queue(request, download=False):
    """Submissions waiting for review in a subtree (`?node=`), oldest first; one row per
    organization one level down shows where they are (its Excel download: every row the
    filters keep)."""
    scope = scope_for(request)
    queue = _queue_in(request, scope).current().awaiting_review().with_details()
    filterset = ObligationFilter(request.GET, queryset=queue)
    if download:
        ordered, _sort = _sorted(request, filterset.qs, QUEUE_SORTS, "submitted")
        return exports.xlsx_response(exports.review_queue_sheet(ordered), name="review-queue")
    sort = request.GET.get("sort") if request.GET.get("sort") in QUEUE_SORTS else "submitted"
    rows = filterset.qs.order_by(*QUEUE_SORTS[sort])
    count = _queue_count(scope, filterset)
    # Filtered by what the rollup does not know, a country's queue is counted only up to a
    # bound (see CappedPaginator).
    paginator = (
        CappedPaginator(rows, PAGE_SIZE)
        if count is None
        else _CountedPaginator(rows, PAGE_SIZE, count=count)
    )
    page = paginator.get_page(request.GET.get("page"))
    children = Paginator(scope.children(), PAGE_SIZE).get_page(request.GET.get("cpage"))
    below = figures.subtree_figures(children.object_list, on=timezone.localdate())
    context = {
        "scope": scope,
        "filter": filterset,
        "page": page,
        "sort": sort,
        "children": children,
        "children_rows": [(o, below.get(o.pk, figures.Figures())) for o in children],
        "several_roadmaps": several_roadmaps(page.object_list),
    }
    return render(request, "obligations/review_queue.html", context)


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
    in_tree = can_open_card.exists()
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
            "can_open_card": in_tree,
            "scope": scope_of(request.user, organization) if in_tree else None,
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
    """Overdue obligations the user sees, within the summary's subtree (`?node=`, which the
    confirmation form keeps in its URL)."""
    overdue = visible(request).current().overdue(on=timezone.localdate())
    scope = scope_for(request)
    if not scope.is_top:
        overdue = overdue.filter(organization__in=scope.organizations())
    return overdue


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
