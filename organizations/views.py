from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.policy import (
    Capability,
    can,
    fetch_for_edit,
    fetch_for_user,
    may_manage_organization,
    requires,
)
from mentorship_portal.confirm import ask_first
from mentorship_portal.lists import remember_filters

from . import services
from .filters import OrganizationFilter
from .forms import OrganizationForm
from .models import Organization

PAGE_SIZE = 50
SORTS = {"name": "name", "-name": "-name", "kind": "kind", "municipality": "municipality"}


@requires(Capability.VIEW_STAFF_PAGES)
@remember_filters
def organization_list(request):
    visible = Organization.objects.visible_to(request.user).select_related("parent")
    filterset = OrganizationFilter(request.GET, queryset=visible)
    ordering = SORTS.get(request.GET.get("sort", ""), "name")
    page = Paginator(filterset.qs.order_by(ordering, "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "organizations/organization_list.html",
        {
            "filter": filterset,
            "page": page,
            "sort": ordering,
            "may_add": can(request.user, Capability.MANAGE_ORGANIZATIONS),
        },
    )


@requires(Capability.VIEW_STAFF_PAGES)
def organization_detail(request, pk):
    organization = fetch_for_user(
        Organization.objects.select_related("parent"), request.user, pk=pk
    )
    return render(
        request,
        "organizations/organization_detail.html",
        {
            "organization": organization,
            "may_manage": may_manage_organization(request.user, organization),
            "may_manage_users": can(request.user, Capability.MANAGE_USERS),
            "children_count": organization.children.count(),
            "events": organization.events.select_related("actor")[:100],
        },
    )


@requires(Capability.MANAGE_ORGANIZATIONS)
def organization_add(request):
    initial = {"parent": request.GET.get("parent") or request.user.organization_id}
    form = OrganizationForm(_posted(request), by=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            organization = services.create_organization(by=request.user, **form.cleaned_data)
        except services.OrganizationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Организация добавлена; обязательства по действующим дорожным картам созданы."),
            )
            return redirect(organization)
    return _form_page(request, form, None)


@requires(Capability.MANAGE_ORGANIZATIONS)
def organization_edit(request, pk):
    organization = fetch_for_edit(Organization.objects, request.user, pk=pk)
    form = OrganizationForm(_posted(request), by=request.user, instance=organization)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        # The form changed the instance while validating; the service re-reads it locked.
        try:
            services.update_organization(organization=organization, by=request.user, **fields)
        except services.OrganizationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Изменения сохранены."))
            return redirect("organizations:detail", pk=pk)
    return _form_page(request, form, fetch_for_user(Organization.objects, request.user, pk=pk))


def _form_page(request, form, organization):
    return render(
        request,
        "organizations/organization_form.html",
        {"form": form, "organization": organization},
        status=400 if form.errors else 200,
    )


def _switch(service, success, question=None):
    @require_POST
    @requires(Capability.MANAGE_ORGANIZATIONS)
    def view(request, pk):
        organization = fetch_for_edit(Organization.objects, request.user, pk=pk)
        back = reverse("organizations:detail", args=[pk])
        if question and (page := ask_first(request, question(), cancel_url=back)):
            return page
        try:
            service(organization=organization, by=request.user)
        except services.OrganizationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, success())
        return redirect("organizations:detail", pk=pk)

    return view


organization_deactivate = _switch(
    services.deactivate_organization,
    lambda: _("Организация закрыта; её открытые обязательства перенесены в архив."),
    question=lambda: _(
        "Закрыть организацию? Её открытые обязательства уйдут в архив (ничего не удаляется); "
        "её пользователи останутся."
    ),
)
organization_reactivate = _switch(
    services.reactivate_organization,
    lambda: _("Организация снова действует; обязательства по действующим картам восстановлены."),
)


def _posted(request):
    """The submitted data, also when empty (an empty form is shown again with its errors)."""
    return request.POST if request.method == "POST" else None
