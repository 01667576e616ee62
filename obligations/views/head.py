"""The school head's page: what the organization owes, grouped by urgency."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.policy import Capability, requires

from ..models import DUE_SOON_DAYS
from ..progress import todo_of, urgency_of
from .common import visible

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


def _todo():
    """The «Что сделать сейчас» block's parts in display order."""
    soon = _("Срок в ближайшие %(days)d дней") % {"days": DUE_SOON_DAYS}
    return {
        "returned": {"title": _("Возвращено на доработку"), "items": []},
        "overdue": {"title": _("Просрочено"), "items": []},
        "soon": {"title": soon, "items": []},
    }


@requires(Capability.VIEW_OWN_ORGANIZATION)
def my_organization(request):
    today = timezone.localdate()
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
    return render(
        request,
        "obligations/my_organization.html",
        {
            "organization": request.user.organization,
            "groups": groups,
            "todo": todo,
            "has_todo": any(part["items"] for part in todo.values()),
            "today": today,
        },
    )
