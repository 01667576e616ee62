"""Obligations in the Django admin: looked up, and acted on only through the services.

Every row here is written by obligations/services.py, which checks the state inside a
transaction and records history: evidence is added and removed (marked, never deleted) by
the organization, obligations are archived, never deleted. So nothing here can be added,
changed or deleted as a row; the obligation list's actions (admin_actions.py) set progress,
accept and return through the same services as the pages. Office staff use this list too
(the admin is their second door): they see the obligations they see in the portal.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.policy import Capability, can
from mentorship_portal.readonly_admin import ViewOnly

from . import admin_actions, admin_filters
from .models import Evidence, EvidenceFile, Obligation, ObligationEvent, SentMessage


class StaffMayView:
    """Shown to office staff as well as administrators (Django's model permissions are not
    used by the portal: the access policy decides)."""

    def has_view_permission(self, request, obj=None):
        return can(request.user, Capability.REVIEW_EVIDENCE)

    def has_module_permission(self, request):
        return can(request.user, Capability.REVIEW_EVIDENCE)


class ObligationEventInline(StaffMayView, ViewOnly, admin.TabularInline):
    model = ObligationEvent
    extra = 0
    fields = ["at", "actor", "action", "from_status", "to_status", "comment"]
    readonly_fields = fields


class EvidenceInline(StaffMayView, ViewOnly, admin.TabularInline):
    model = Evidence
    extra = 0
    fields = [
        "kind",
        "title",
        "act_type",
        "act_number",
        "act_date",
        "effective_date",
        "created_by",
        "removed_at",
    ]
    readonly_fields = fields
    show_change_link = True


@admin.register(Obligation)
class ObligationAdmin(StaffMayView, ViewOnly, admin.ModelAdmin):
    list_display = [
        "organization",
        "responsibility",
        "period",
        "due_date",
        "status",
        "is_archived",
    ]
    list_filter = [
        admin_filters.RoadmapFilter,
        admin_filters.ActivityFilter,
        admin_filters.YearFilter,
        "status",
        admin_filters.OfficeFilter,
        admin_filters.OrganizationFilter,
        "is_archived",
    ]
    search_fields = ["organization__name", "responsibility__activity__title"]
    list_select_related = ["organization", "responsibility__activity__stage"]
    inlines = [EvidenceInline, ObligationEventInline]
    actions = [admin_actions.set_progress, admin_actions.accept, admin_actions.return_for_rework]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def has_review_permission(self, request):
        return can(request.user, Capability.REVIEW_EVIDENCE)

    @admin.display(description=_("период"), ordering="period_year")
    def period(self, obligation):
        return obligation.period_label


class EvidenceFileInline(ViewOnly, admin.TabularInline):
    model = EvidenceFile
    extra = 0
    fields = [
        "original_name",
        "content_type",
        "size",
        "sha256",
        "is_current",
        "uploaded_by",
        "uploaded_at",
    ]
    readonly_fields = fields


@admin.register(Evidence)
class EvidenceAdmin(ViewOnly, admin.ModelAdmin):
    list_display = [
        "title",
        "kind",
        "act_type",
        "act_number",
        "act_date",
        "effective_date",
        "obligation",
        "removed_at",
    ]
    list_filter = ["kind", "act_type"]
    search_fields = ["title", "act_number", "obligation__organization__name"]
    list_select_related = ["obligation__organization", "obligation__responsibility__activity"]
    inlines = [EvidenceFileInline]


@admin.register(ObligationEvent)
class ObligationEventAdmin(ViewOnly, admin.ModelAdmin):
    list_display = ["at", "obligation", "action", "from_status", "to_status", "actor"]
    list_filter = ["action"]
    search_fields = ["obligation__organization__name", "comment"]
    list_select_related = [
        "obligation__organization",
        "obligation__responsibility__activity",
        "actor",
    ]


@admin.register(SentMessage)
class SentMessageAdmin(ViewOnly, admin.ModelAdmin):
    list_display = ["sent_at", "kind", "email", "organization", "subject", "sent_by"]
    list_filter = ["kind", "sent_on"]
    search_fields = ["email", "subject", "organization__name"]
    list_select_related = ["organization", "sent_by"]
    exclude = ["obligations"]
