from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from mentorship_portal.readonly_admin import ViewOnly

from .models import User, UserEvent
from .services import save_user_from_admin


@admin.register(UserEvent)
class UserEventAdmin(ViewOnly, admin.ModelAdmin):
    """The history the person's page shows, written by accounts.services."""

    list_display = ["at", "user", "action", "before", "after", "actor"]
    list_filter = ["action"]
    search_fields = ["user__username", "user__last_name", "user__email"]
    list_select_related = ["user", "actor"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "display_name", "role", "organization", "email", "is_active"]
    list_filter = ["role", "is_active", "organization__kind"]
    search_fields = ["username", "last_name", "first_name", "email", "organization__name"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization"]
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Роль в портале"), {"fields": ("role", "organization", "middle_name", "position")}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        (_("Роль в портале"), {"fields": ("role", "organization", "email")}),
    )

    def save_model(self, request, obj, form, change):
        """The same history as the portal's «Пользователи» pages (accounts.services)."""
        save_user_from_admin(user=obj, by=request.user)
