"""Organizations in the Django admin. Saving goes through organizations.services, which
re-syncs what the organization owes; organizations are deactivated, never deleted (their
obligations, evidence and users stay)."""

from django import forms
from django.contrib import admin

from mentorship_portal.readonly_admin import ViewOnly

from .models import Organization, OrganizationEvent
from .services import OrganizationError, check_placement, save_organization


class OrganizationAdminForm(forms.ModelForm):
    """Shows the tree's rules (no loops, depth, closing with active children) as a form
    error rather than failing on save."""

    def _post_clean(self):
        super()._post_clean()
        try:
            check_placement(self.instance)
        except OrganizationError as error:
            self.add_error(None, str(error))


@admin.register(OrganizationEvent)
class OrganizationEventAdmin(ViewOnly, admin.ModelAdmin):
    """The history the organization's page shows, written by organizations.services."""

    list_display = ["at", "organization", "action", "actor"]
    list_filter = ["action"]
    search_fields = ["organization__name"]
    list_select_related = ["organization", "actor"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    form = OrganizationAdminForm
    list_display = ["name", "short_name", "kind", "municipality", "parent", "is_active"]
    list_filter = ["kind", "is_active", "municipality"]
    search_fields = ["name", "short_name", "head_name", "email"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]

    def save_model(self, request, obj, form, change):
        save_organization(organization=obj, by=request.user)

    def has_delete_permission(self, request, obj=None):
        return False
