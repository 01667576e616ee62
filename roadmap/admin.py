"""The roadmap in the Django admin: for looking things up and fixing typos.

What decides who owes what by when (deadlines, responsible bodies, the programme's years, a
roadmap's status and issuer) is read-only here: it is changed on the portal's pages, whose
services record the change in the roadmap's history and re-sync the obligations. Only a
draft's rows can be deleted here, one object at a time: obligations (PROTECT) refer to the
rows of any roadmap that has been in force.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from mentorship_portal.readonly_admin import ViewOnly

from .models import (
    Activity,
    Programme,
    Responsibility,
    ResponsibleParty,
    Roadmap,
    RoadmapChange,
    RoadmapStatus,
    Stage,
)

CORRECTED_ON_PORTAL = _(
    "Сроки и ответственных исправляют на странице мероприятия на портале: там изменение "
    "записывается в журнал дорожной карты и обязательства организаций пересчитываются."
)
YEARS_HELP = _(
    "Обязательства создаются на каждый год программы, поэтому годы здесь не меняются: "
    "другие годы задаёт новая редакция дорожной карты (импорт)."
)
STATUS_HELP = _(
    'Вводят в действие и переносят в архив в <a href="%(url)s">списке дорожных карт</a>: '
    "там изменение записывается в журнал и обязательства пересчитываются. Утвердивший орган "
    "и программа меняются здесь только у черновика."
)


def _is_draft(roadmap):
    return roadmap.status == RoadmapStatus.DRAFT


class CorrectionsLink:
    """A read-only field pointing to the activity page where corrections are made."""

    @admin.display(description=_("Исправления"))
    def corrections(self, obj):
        if obj is None or obj.pk is None:
            return CORRECTED_ON_PORTAL
        return format_html(
            '<a href="{}">{}</a><div class="help">{}</div>',
            obj.get_absolute_url(),
            _("Открыть страницу мероприятия"),
            CORRECTED_ON_PORTAL,
        )


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "first_year", "last_year", "created_at"]
    search_fields = ["title", "regional_document"]
    fieldsets = [
        (None, {"fields": ["title", "regional_document"]}),
        (
            _("Годы реализации"),
            {"fields": [("first_year", "last_year")], "description": YEARS_HELP},
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        return ["first_year", "last_year"] if obj is not None else []


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0
    fields = ["position", "number", "title"]
    show_change_link = True

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Roadmap)
class RoadmapAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "order_number", "order_date", "status", "activated_at"]
    list_filter = ["status", "programme"]
    list_select_related = ["programme"]
    search_fields = ["title", "order_number", "programme__title"]
    date_hierarchy = "order_date"
    raw_id_fields = ["issuer", "created_by"]
    inlines = [StageInline]

    def get_fieldsets(self, request, obj=None):
        status_help = STATUS_HELP % {"url": reverse("roadmap:list")}
        return [
            (
                None,
                {
                    "fields": [
                        "programme",
                        "title",
                        "issuer",
                        "order_number",
                        "order_date",
                        "appendix",
                        "source_name",
                    ]
                },
            ),
            (
                _("Статус"),
                {
                    "fields": ["status", "activated_at", "created_at", "created_by"],
                    "description": status_help,
                },
            ),
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = ["status", "activated_at", "created_at", "created_by"]
        if obj is not None and not _is_draft(obj):
            readonly += ["programme", "issuer"]  # "all heads" and the years depend on them
        return readonly

    def has_delete_permission(self, request, obj=None):
        return obj is not None and _is_draft(obj)


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0
    fields = ["position", "number", "title", "result_form"]
    show_change_link = True

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "roadmap", "position"]
    list_filter = ["roadmap__status"]
    list_select_related = ["roadmap"]
    search_fields = ["title", "roadmap__title"]
    raw_id_fields = ["roadmap"]
    inlines = [ActivityInline]

    def get_readonly_fields(self, request, obj=None):
        return ["roadmap"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return obj is not None and _is_draft(obj.roadmap)


class ResponsibilityInline(ViewOnly, admin.StackedInline):
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
class ActivityAdmin(CorrectionsLink, admin.ModelAdmin):
    list_display = ["__str__", "stage", "position"]
    list_filter = ["stage__roadmap__status"]
    list_select_related = ["stage"]
    search_fields = ["title", "result_form", "stage__title"]
    raw_id_fields = ["stage"]
    fields = ["stage", "position", "number", "title", "result_form", "corrections"]
    inlines = [ResponsibilityInline]

    def get_readonly_fields(self, request, obj=None):
        return ["stage", "corrections"] if obj is not None else ["corrections"]

    def has_delete_permission(self, request, obj=None):
        return obj is not None and _is_draft(obj.stage.roadmap)


class ResponsiblePartyInline(ViewOnly, admin.TabularInline):
    model = ResponsibleParty
    extra = 0
    fields = ["position", "kind", "organization", "text"]


@admin.register(Responsibility)
class ResponsibilityAdmin(CorrectionsLink, admin.ModelAdmin):
    """View only: a deadline row is corrected on the activity page (a draft's may go)."""

    list_display = [
        "activity",
        "deadline_text",
        "deadline_kind",
        "start",
        "end",
        "deadline_set_by_hand",
    ]
    list_filter = ["deadline_kind", "deadline_set_by_hand", "activity__stage__roadmap__status"]
    list_select_related = ["activity__stage"]
    search_fields = ["deadline_text", "responsible_text", "activity__title"]
    fields = ["activity", "corrections", *ResponsibilityInline.fields]
    readonly_fields = ["corrections"]
    inlines = [ResponsiblePartyInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return obj is not None and _is_draft(obj.activity.stage.roadmap)


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
        # Only along with a draft being deleted: a draft has never been in force.
        return obj is not None and _is_draft(obj.roadmap)
