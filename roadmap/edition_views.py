"""The carry-over page of a new edition: which activities carry over the previous edition's
work (same text, found on import) and the pairs the user adds. HTTP only."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.policy import Capability, fetch_for_user, requires

from .editions import CarryOverError, carried_pairs, choose_carried_from
from .forms import CarryOverForm
from .models import Roadmap


@require_http_methods(["GET", "POST"])
@requires(Capability.MANAGE_ROADMAPS)
def carry_over(request, pk):
    roadmap = fetch_for_user(Roadmap.objects.select_related("programme"), request.user, pk=pk)
    if roadmap.previous_edition_id is None:
        raise Http404
    form = CarryOverForm(request.POST or None, roadmap=roadmap)
    if request.method == "POST" and form.is_valid():
        try:
            choose_carried_from(
                roadmap=roadmap,
                activity=form.cleaned_data["activity"],
                source=form.cleaned_data["source"],
                by=request.user,
            )
        except CarryOverError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Перенос сохранён."))
            return redirect("roadmap:carry_over", pk=roadmap.pk)
    return render(
        request,
        "roadmap/carry_over.html",
        {"roadmap": roadmap, "activities": carried_pairs(roadmap), "form": form},
        status=400 if form.errors else 200,
    )
