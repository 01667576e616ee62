"""The search page behind the top bar's box: results grouped by kind, each linking to its page."""

from django.shortcuts import render

from accounts.policy import Capability, can

from .. import search as finder


def search(request):
    raw = request.GET.get("q", "")
    context = {
        "q": raw.strip()[: finder.MAX_LENGTH],
        "groups": [],
        "message": "",
        "staff": can(request.user, Capability.VIEW_STAFF_PAGES),
    }
    kind = request.GET.get("kind") if request.GET.get("kind") in finder.KINDS else None
    try:
        text = finder.clean_query(raw)
    except finder.QueryRefused as refused:
        context["message"] = str(refused) if raw.strip() else ""
        return render(request, "obligations/search.html", context)
    groups = finder.search(request.user, text, kind=kind, page=request.GET.get("page"))
    context.update(
        groups=groups,
        kind=kind,
        found=sum(group.page.paginator.count for group in groups),
        preview_size=finder.PREVIEW_SIZE,
    )
    return render(request, "obligations/search.html", context)
