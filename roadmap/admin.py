from django.contrib import admin

from .models import (
    Activity,
    Programme,
    Responsibility,
    ResponsibleParty,
    Roadmap,
    RoadmapChange,
    Stage,
)


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "first_year", "last_year", "created_at"]
    search_fields = ["title", "regional_document"]


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0
    fields = ["position", "number", "title"]
    show_change_link = True


@admin.register(Roadmap)
class RoadmapAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "order_number", "order_date", "status", "activated_at"]
    list_filter = ["status", "programme"]
    list_select_related = ["programme"]
    search_fields = ["title", "order_number", "programme__title"]
    date_hierarchy = "order_date"
    raw_id_fields = ["issuer", "created_by"]
    readonly_fields = ["status", "created_at", "created_by", "activated_at"]
    inlines = [StageInline]


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0
    fields = ["position", "number", "title", "result_form"]
    show_change_link = True


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "roadmap", "position"]
    list_filter = ["roadmap__status"]
    list_select_related = ["roadmap"]
    search_fields = ["title", "roadmap__title"]
    raw_id_fields = ["roadmap"]
    inlines = [ActivityInline]


class ResponsibilityInline(admin.StackedInline):
    model = Responsibility
    extra = 0
    fields = [
        "position",
        "deadline_text",
        "deadline_kind",
        ("start", "end"),
        "recurrence",
        ("event_text", "event_date", "days_after_event"),
        ("yearly_day", "yearly_month"),
        "deadline_set_by_hand",
        "responsible_text",
    ]
    show_change_link = True


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["__str__", "stage", "position"]
    list_filter = ["stage__roadmap__status"]
    list_select_related = ["stage"]
    search_fields = ["title", "result_form", "stage__title"]
    raw_id_fields = ["stage"]
    inlines = [ResponsibilityInline]


class ResponsiblePartyInline(admin.TabularInline):
    model = ResponsibleParty
    extra = 0
    fields = ["position", "kind", "organization", "text"]
    raw_id_fields = ["organization"]


@admin.register(Responsibility)
class ResponsibilityAdmin(admin.ModelAdmin):
    list_display = [
        "activity",
        "deadline_text",
        "deadline_kind",
        "start",
        "end",
        "deadline_set_by_hand",
    ]
    list_filter = ["deadline_kind", "deadline_set_by_hand", "activity__stage__roadmap__status"]
    list_select_related = ["activity"]
    search_fields = ["deadline_text", "responsible_text", "activity__title"]
    raw_id_fields = ["activity"]
    inlines = [ResponsiblePartyInline]


@admin.register(RoadmapChange)
class RoadmapChangeAdmin(admin.ModelAdmin):
    list_display = ["at", "roadmap", "actor", "action"]
    list_filter = ["action"]
    list_select_related = ["roadmap", "actor"]
    search_fields = ["action", "details", "roadmap__title"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
