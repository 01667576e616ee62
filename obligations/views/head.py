"""The school head's pages: what the organization owes, grouped by urgency, with what to do
now on top; and the whole roadmap, read-only, with the organization's own obligations."""

from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.policy import Capability, requires
from mentorship_portal.params import ParamReader
from roadmap.models import Roadmap

from .. import head_list
from ..models import DUE_SOON_DAYS
from ..progress import todo_of, urgency_of
from .common import several_roadmaps, visible

DOCUMENT_ORDER = (
    "due_date",
    "responsibility__activity__stage__position",
    "responsibility__activity__position",
    "pk",
)


def _groups():
    """The page's groups in display order: key → title, Bootstrap colour, items."""
    soon = _("Срок в ближайшие %(days)d дней") % {"days": DUE_SOON_DAYS}
    return {
        "overdue": {"title": _("Просрочено"), "items": [], "css": "danger"},
        "soon": {"title": soon, "items": [], "css": "warning"},
        "review": {"title": _("На проверке"), "items": [], "css": "primary"},
        "later": {"title": _("Позже и без срока"), "items": [], "css": "secondary"},
        "done": {"title": _("Выполнено"), "items": [], "css": "success"},
    }


# The block lists every returned submission (each with its comment) but only the first of the
# overdue and due-soon ones: the full lists are the page's groups below, linked from the block.
TODO_SHOWN = 5


def _todo():
    """The «Что сделать сейчас» block's parts in display order."""
    soon = _("Срок в ближайшие %(days)d дней") % {"days": DUE_SOON_DAYS}
    return {
        "returned": {"title": _("Возвращено на доработку"), "items": [], "shown": None},
        "overdue": {"title": _("Просрочено"), "items": [], "shown": TODO_SHOWN},
        "soon": {"title": soon, "items": [], "shown": TODO_SHOWN},
    }


def _trimmed(part):
    shown = part["items"][: part["shown"]] if part["shown"] else part["items"]
    return {**part, "visible": shown, "more": len(part["items"]) - len(shown)}


@requires(Capability.VIEW_OWN_ORGANIZATION)
def my_organization(request):
    today = timezone.localdate()
    organization = request.user.organization
    # Cached per organization: a head sees exactly their organization's obligations.
    own = organization.pk if organization and request.user.is_school_head else None
    listing = head_list.cached(own, today, lambda: _list(request, today))
    return render(
        request,
        "obligations/my_organization.html",
        {"organization": organization, "listing": listing, "today": today},
    )


def _list(request, today):
    """The list's HTML: a function of the organization's obligations, the roadmaps, today and
    the language only (obligations/head_list.py caches it on exactly these)."""
    groups, todo = _groups(), _todo()
    current = visible(request).current().with_details().with_return_comment()
    for obligation in current.order_by(*DOCUMENT_ORDER):
        groups[urgency_of(obligation, on=today)]["items"].append(obligation)
        if (part := todo_of(obligation, on=today)) is not None:
            todo[part]["items"].append(obligation)
    # Work done under an earlier edition of a roadmap stays in sight: archived obligations
    # that have evidence.
    archived = list(
        visible(request).archived_with_evidence().with_details().order_by("due_date", "pk")
    )
    if archived:
        groups["archived"] = {
            "title": _("Архив: прежние обязательства с подтверждениями"),
            "items": archived,
            "css": "secondary",
        }
    listed = [obligation for group in groups.values() for obligation in group["items"]]
    return render_to_string(
        "obligations/includes/head_list.html",
        {
            "several_roadmaps": several_roadmaps(listed),
            "groups": groups,
            "todo": {key: _trimmed(part) for key, part in todo.items()},
            "has_todo": any(part["items"] for part in todo.values()),
            "today": today,
        },
    )


@requires(Capability.VIEW_OWN_ORGANIZATION)
def my_roadmap(request):
    """The whole roadmap in force, read-only, as the head's office issued it, with the
    organization's own obligations (and their status) beside the activities it owes. Other
    organizations' progress is never shown: only the document and the head's own rows."""
    in_force = Roadmap.objects.visible_to(request.user).active()
    try:
        chosen, roadmaps = in_force.chosen_or_latest(ParamReader(request).id("roadmap"))
    except Roadmap.DoesNotExist:
        raise Http404
    context = {"roadmap": None, "roadmaps": roadmaps, "today": timezone.localdate()}
    if chosen is not None:
        roadmap = Roadmap.objects.with_structure().get(pk=chosen.pk)
        own = (
            visible(request)
            .editable_by(request.user)
            .filter(is_archived=False, responsibility__activity__stage__roadmap=roadmap)
            .select_related("responsibility")
            .order_by("period_year", "due_date", "pk")
        )
        by_activity = {}
        for obligation in own:
            by_activity.setdefault(obligation.responsibility.activity_id, []).append(obligation)
        context |= {
            "roadmap": roadmap,
            "own": by_activity,
            "owed_count": len(by_activity),
            "mine_only": request.GET.get("mine") == "1",
        }
    return render(request, "obligations/my_roadmap.html", context)
