"""Roadmap pages: HTTP only. Reads start from named querysets, writes go through services."""

import io

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.policy import (
    Capability,
    can,
    fetch_for_edit,
    fetch_for_user,
    may_edit_roadmap,
    requires,
)
from mentorship_portal.confirm import ask_first
from organizations.models import Organization

from .exporters import export_filename, export_roadmap_xlsx
from .forms import DeadlineForm, PartyMatchForm
from .models import Activity, PartyKind, Responsibility, ResponsibleParty, Roadmap
from .services import (
    RoadmapStateError,
    activate_roadmap,
    archive_roadmap,
    set_party,
    update_deadline,
)

CHANGES_SHOWN = 50
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
@requires(Capability.VIEW_STAFF_PAGES)
def roadmap_list(request):
    roadmaps = Roadmap.objects.visible_to(request.user).select_related("programme").with_counts()
    return render(
        request,
        "roadmap/roadmap_list.html",
        {"roadmaps": roadmaps, "can_manage": can(request.user, Capability.MANAGE_ROADMAPS)},
    )


@require_GET
@requires(Capability.VIEW_STAFF_PAGES)
def roadmap_detail(request, pk):
    roadmap = fetch_for_user(Roadmap.objects.with_structure(), request.user, pk=pk)
    # The structure is prefetched: counting flagged rows here costs no query.
    flagged = [
        row
        for stage in roadmap.stages.all()
        for activity in stage.activities.all()
        for row in activity.responsibilities.all()
        if row.needs_attention
    ]
    changes = roadmap.changes.select_related("actor")[:CHANGES_SHOWN]
    return render(
        request,
        "roadmap/roadmap_detail.html",
        {
            "roadmap": roadmap,
            "flagged_count": len(flagged),
            "first_flagged": flagged[0] if flagged else None,
            "changes": changes,
            "can_manage": can(request.user, Capability.MANAGE_ROADMAPS),
            "can_edit": may_edit_roadmap(request.user, roadmap),
        },
    )


@require_GET
@requires(Capability.VIEW_STAFF_PAGES)
def roadmap_export(request, pk):
    roadmap = fetch_for_user(Roadmap.objects.all(), request.user, pk=pk)
    buffer = io.BytesIO()
    export_roadmap_xlsx(roadmap, buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    # The order number comes from an imported file: let Django quote and encode it.
    response["Content-Disposition"] = content_disposition_header(True, export_filename(roadmap))
    return response


@require_POST
@requires(Capability.MANAGE_ROADMAPS)
def roadmap_activate(request, pk):
    roadmap = fetch_for_user(Roadmap.objects.all(), request.user, pk=pk)
    question = _(
        "Ввести дорожную карту в действие? Действующая редакция этой программы уйдёт в архив."
    )
    if page := ask_first(request, question, cancel_url=roadmap.get_absolute_url()):
        return page
    try:
        activate_roadmap(roadmap=roadmap, by=request.user)
    except RoadmapStateError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Дорожная карта «%(title)s» введена в действие.") % {"title": roadmap.title}
        )
    return redirect(roadmap)


@require_POST
@requires(Capability.MANAGE_ROADMAPS)
def roadmap_archive(request, pk):
    roadmap = fetch_for_user(Roadmap.objects.all(), request.user, pk=pk)
    question = _("Перенести дорожную карту в архив?")
    if page := ask_first(request, question, cancel_url=roadmap.get_absolute_url()):
        return page
    try:
        archive_roadmap(roadmap=roadmap, by=request.user)
    except RoadmapStateError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Дорожная карта «%(title)s» перенесена в архив.") % {"title": roadmap.title}
        )
    return redirect(roadmap)


# --- One activity, with the corrections staff make -------------------------------------------


def _render_activity(request, activity, *, bound_deadline=None, bound_party=None, status=200):
    """The activity page; a bound form that failed validation replaces its row's blank form."""
    can_edit = may_edit_roadmap(request.user, activity.stage.roadmap)
    deadline_forms, party_forms = {}, {}
    if can_edit:
        organizations = list(Organization.objects.visible_to(request.user).order_by("name"))
        for row in activity.responsibilities.all():
            deadline_forms[row.pk] = (
                bound_deadline
                if bound_deadline and bound_deadline.responsibility.pk == row.pk
                else DeadlineForm(responsibility=row)
            )
            for party in row.parties.all():
                if party.kind != PartyKind.UNMATCHED:
                    continue
                party_forms[party.pk] = (
                    bound_party
                    if bound_party and bound_party.party.pk == party.pk
                    else PartyMatchForm(party=party, organizations=organizations)
                )
    return render(
        request,
        "roadmap/activity_detail.html",
        {
            "activity": activity,
            "stage": activity.stage,
            "roadmap": activity.stage.roadmap,
            "can_edit": can_edit,
            "deadline_forms": deadline_forms,
            "party_forms": party_forms,
        },
        status=status,
    )


@require_GET
@requires(Capability.VIEW_STAFF_PAGES)
def activity_detail(request, pk):
    activity = fetch_for_user(Activity.objects.with_responsibilities(), request.user, pk=pk)
    return _render_activity(request, activity)


@require_POST
@requires(Capability.EDIT_DEADLINES)
def deadline_edit(request, pk):
    responsibility = fetch_for_edit(Responsibility.objects.all(), request.user, pk=pk)
    form = DeadlineForm(request.POST, responsibility=responsibility)
    if form.is_valid():
        update_deadline(responsibility=responsibility, by=request.user, **form.deadline_values())
        messages.success(
            request,
            _("Срок «%(text)s» сохранён.")
            % {"text": responsibility.deadline_text or _("без текста")},
        )
        return redirect(responsibility.activity)
    activity = Activity.objects.with_responsibilities().get(pk=responsibility.activity_id)
    return _render_activity(request, activity, bound_deadline=form)


@require_POST
@requires(Capability.EDIT_DEADLINES)
def party_edit(request, pk):
    party = fetch_for_edit(
        ResponsibleParty.objects.select_related("responsibility"), request.user, pk=pk
    )
    organizations = Organization.objects.visible_to(request.user).order_by("name")
    form = PartyMatchForm(request.POST, party=party, organizations=organizations)
    if form.is_valid():
        party = set_party(party=party, by=request.user, **form.party_values())
        messages.success(
            request, _("«%(text)s» сопоставлен: %(party)s.") % {"text": party.text, "party": party}
        )
        return redirect(party.responsibility.activity)
    activity = Activity.objects.with_responsibilities().get(pk=party.responsibility.activity_id)
    return _render_activity(request, activity, bound_party=form)
