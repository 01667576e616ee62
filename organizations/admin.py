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


class OrganizationEventInline(ViewOnly, admin.TabularInline):
    model = OrganizationEvent
    extra = 0
    fields = ["at", "actor", "action", "changes"]
    readonly_fields = fields


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    form = OrganizationAdminForm
    list_display = ["name", "short_name", "kind", "municipality", "parent", "is_active"]
    list_filter = ["kind", "is_active", "municipality"]
    search_fields = ["name", "short_name", "head_name", "email"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    inlines = [OrganizationEventInline]

    def save_model(self, request, obj, form, change):
        save_organization(organization=obj, by=request.user)

    def has_delete_permission(self, request, obj=None):
        return False
