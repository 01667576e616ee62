"""Monitoring rows in the Django admin, for looking things up only: indicators, returns,
years and scores are written by the services of reports/, which check state and record
history, so nothing here can be added, changed or deleted."""

from django.contrib import admin

from mentorship_portal.readonly_admin import ViewOnly

from .models import (
    Indicator,
    IndicatorReturn,
    IndicatorValue,
    Methodology,
    ReportingYear,
    RequiredActType,
    ReturnEvent,
    Score,
    YearEvent,
)


@admin.register(Indicator)
class IndicatorAdmin(ViewOnly, admin.ModelAdmin):
    list_display = ["code", "name", "section", "kind", "reporter", "first_year", "last_year"]
    list_filter = ["kind", "reporter", "section"]
    search_fields = ["code", "name"]


class IndicatorValueInline(ViewOnly, admin.TabularInline):
    model = IndicatorValue
    extra = 0
    fields = ["indicator", "value", "not_applicable", "text", "url", "evidence", "explanation"]
    readonly_fields = fields


class ReturnEventInline(ViewOnly, admin.TabularInline):
    model = ReturnEvent
    extra = 0
    fields = ["at", "actor", "action", "from_status", "to_status", "comment"]
    readonly_fields = fields


@admin.register(IndicatorReturn)
class IndicatorReturnAdmin(ViewOnly, admin.ModelAdmin):
    list_display = ["organization", "year", "status", "submitted_at", "reviewed_at"]
    list_filter = ["year", "status"]
    search_fields = ["organization__name"]
    list_select_related = ["organization"]
    inlines = [IndicatorValueInline, ReturnEventInline]


@admin.register(RequiredActType)
class RequiredActTypeAdmin(ViewOnly, admin.ModelAdmin):
    list_display = ["organization_kind", "act_type", "first_year", "last_year"]
    list_filter = ["organization_kind"]
    list_select_related = ["act_type"]


class YearEventInline(ViewOnly, admin.TabularInline):
    model = YearEvent
    extra = 0
    fields = ["at", "actor", "action", "comment"]
    readonly_fields = fields


@admin.register(ReportingYear)
class ReportingYearAdmin(ViewOnly, admin.ModelAdmin):
    list_display = ["office", "year", "is_closed", "closed_at"]
    list_filter = ["is_closed", "year"]
    inlines = [YearEventInline]


@admin.register(Methodology)
class MethodologyAdmin(ViewOnly, admin.ModelAdmin):
    list_display = ["title", "version", "status", "first_year", "last_year", "approved_at"]
    list_filter = ["status"]


@admin.register(Score)
class ScoreAdmin(ViewOnly, admin.ModelAdmin):
    list_display = ["organization", "year", "methodology", "percent", "level", "rank"]
    list_filter = ["year", "level"]
    list_select_related = ["organization", "methodology"]
