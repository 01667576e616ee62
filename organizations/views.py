from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from accounts.policy import Capability, requires
from mentorship_portal.lists import remember_filters

from .filters import OrganizationFilter
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
        {"filter": filterset, "page": page, "sort": ordering},
    )


@requires(Capability.VIEW_STAFF_PAGES)
def organization_detail(request, pk):
    organization = get_object_or_404(
        Organization.objects.visible_to(request.user).select_related("parent"), pk=pk
    )
    return render(
        request,
        "organizations/organization_detail.html",
        {"organization": organization},
    )
