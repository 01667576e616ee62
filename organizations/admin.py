from django.contrib import admin

from .models import Organization
from .signals import organization_changed


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "municipality", "parent", "is_active"]
    list_filter = ["kind", "is_active", "municipality"]
    search_fields = ["name", "short_name", "head_name", "email"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        organization_changed.send(sender=Organization, organization=obj)
