"""Organizations in the Django admin. Saving goes through organizations.services, which
re-syncs what the organization owes; organizations are deactivated, never deleted (their
obligations, evidence and users stay)."""

from django.contrib import admin

from .models import Organization
from .services import save_organization


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "municipality", "parent", "is_active"]
    list_filter = ["kind", "is_active", "municipality"]
    search_fields = ["name", "short_name", "head_name", "email"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]

    def save_model(self, request, obj, form, change):
        save_organization(organization=obj, by=request.user)

    def has_delete_permission(self, request, obj=None):
        return False
