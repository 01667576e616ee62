from django.contrib import admin

from .models import Evidence, EvidenceFile, Obligation, ObligationEvent, SentMessage


class ObligationEventInline(admin.TabularInline):
    model = ObligationEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "actor", "action", "from_status", "to_status", "comment"]

    def has_add_permission(self, request, obj=None):
        return False


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["kind", "title", "act_type", "act_number", "act_date", "effective_date", "created_by"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Obligation)
class ObligationAdmin(admin.ModelAdmin):
    """Read-mostly: states change through the portal's review pages, which keep the history."""

    list_display = ["organization", "responsibility", "period_year", "due_date", "status", "is_archived"]
    list_filter = ["status", "is_archived", "period_year", "organization__kind"]
    search_fields = ["organization__name", "responsibility__activity__title"]
    list_select_related = ["organization", "responsibility__activity"]
    readonly_fields = [
        "responsibility", "organization", "period_year", "due_date", "status", "is_archived",
        "submitted_at", "reviewed_at", "reviewed_by", "revision",
    ]
    inlines = [EvidenceInline, ObligationEventInline]

    def has_add_permission(self, request):
        return False


class EvidenceFileInline(admin.TabularInline):
    model = EvidenceFile
    extra = 0
    readonly_fields = ["original_name", "content_type", "size", "sha256", "is_current", "uploaded_by", "uploaded_at"]
    exclude = ["file"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "act_type", "act_number", "act_date", "effective_date", "obligation"]
    list_filter = ["kind", "act_type"]
    search_fields = ["title", "act_number", "obligation__organization__name"]
    list_select_related = ["obligation__organization", "obligation__responsibility__activity"]
    readonly_fields = ["obligation", "created_by", "created_at"]
    inlines = [EvidenceFileInline]


@admin.register(ObligationEvent)
class ObligationEventAdmin(admin.ModelAdmin):
    list_display = ["at", "obligation", "action", "from_status", "to_status", "actor"]
    list_filter = ["action"]
    search_fields = ["obligation__organization__name", "comment"]
    list_select_related = ["obligation__organization", "obligation__responsibility__activity", "actor"]
    readonly_fields = [f.name for f in ObligationEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SentMessage)
class SentMessageAdmin(admin.ModelAdmin):
    list_display = ["sent_at", "kind", "email", "organization", "subject", "sent_by"]
    list_filter = ["kind", "sent_on"]
    search_fields = ["email", "subject", "organization__name"]
    list_select_related = ["organization", "sent_by"]
    readonly_fields = ["kind", "recipient", "email", "organization", "subject", "sent_by", "sent_at", "sent_on"]
    exclude = ["obligations"]

    def has_add_permission(self, request):
        return False
