"""Filters of the obligation list in the Django admin. Each offers only what the user sees,
and the long lists depend on a shorter one (activities on the chosen roadmap, organizations
on the chosen office), so that none of them lists a whole country."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from organizations.models import EDUCATIONAL_KINDS, Organization
from roadmap.models import Activity, Programme, Roadmap


class RoadmapFilter(admin.SimpleListFilter):
    title = _("дорожной карте")
    parameter_name = "roadmap"

    def lookups(self, request, model_admin):
        roadmaps = Roadmap.objects.visible_to(request.user).order_by("-pk")
        return [(str(r.pk), str(r)) for r in roadmaps]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(responsibility__activity__stage__roadmap_id=self.value())
        return queryset


class ActivityFilter(admin.SimpleListFilter):
    """Activities of the roadmap chosen in RoadmapFilter (none until one is chosen)."""

    title = _("мероприятию (выберите сначала дорожную карту)")
    parameter_name = "activity"

    def lookups(self, request, model_admin):
        roadmap = request.GET.get(RoadmapFilter.parameter_name, "")
        if not roadmap.isdigit():
            return []
        activities = (
            Activity.objects.visible_to(request.user)
            .filter(stage__roadmap_id=roadmap)
            .select_related("stage")
            .order_by("stage__position", "position")
        )
        return [(str(a.pk), f"{a.label} {a.title[:70]}") for a in activities]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(responsibility__activity_id=self.value())
        return queryset


class YearFilter(admin.SimpleListFilter):
    title = _("году")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        programmes = Programme.objects.filter(
            roadmaps__in=Roadmap.objects.visible_to(request.user)
        ).values_list("first_year", "last_year")
        years = sorted({y for first, last in programmes for y in range(first, last + 1)})
        return [(str(y), str(y)) for y in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(period_year=self.value())
        return queryset


class OfficeFilter(admin.SimpleListFilter):
    """The bodies above schools (offices, the region): everything in their subtree."""

    title = _("управлению (вместе с подведомственными)")
    parameter_name = "office"

    def lookups(self, request, model_admin):
        offices = (
            Organization.objects.visible_to(request.user)
            .exclude(kind__in=EDUCATIONAL_KINDS)
            .order_by("name")
        )
        return [(str(o.pk), str(o)) for o in offices]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            office = Organization.objects.filter(pk=self.value()).first()
            if office is not None:
                return queryset.filter(organization__in=Organization.objects.subtree_of(office))
        return queryset


class OrganizationFilter(admin.SimpleListFilter):
    """One organization of the office chosen in OfficeFilter (none until one is chosen)."""

    title = _("организации (выберите сначала управление)")
    parameter_name = "organization"

    def lookups(self, request, model_admin):
        office = request.GET.get(OfficeFilter.parameter_name, "")
        if not office.isdigit():
            return []
        organizations = (
            Organization.objects.visible_to(request.user).filter(parent_id=office).order_by("name")
        )
        return [(str(o.pk), str(o)) for o in organizations]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(organization_id=self.value())
        return queryset
