"""The Django admin (superusers only): everything about standards, read-only.

Standards and calendars change through the staff pages, whose services apply every rule
(units that fit the measure, a calendar for business time, one organization); records come in
only through the imports, which check every row; alerts are a log of what was sent.
"""

from __future__ import annotations

from django.contrib import admin

from govcx.standards.models import (
    Calendar,
    CalendarClosure,
    CallRecord,
    CaseRecord,
    RecordImport,
    Standard,
    StandardAlert,
)


class ReadOnly:
    """Viewable here, never added, changed or deleted."""

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


class CalendarClosureInline(ReadOnly, admin.TabularInline[CalendarClosure, Calendar]):
    model = CalendarClosure
    extra = 0


@admin.register(Calendar)
class CalendarAdmin(ReadOnly, admin.ModelAdmin[Calendar]):
    list_display = ["name", "organization", "time_zone", "observes_federal_holidays"]
    list_select_related = ["organization"]
    search_fields = ["name"]
    inlines = [CalendarClosureInline]


@admin.register(Standard)
class StandardAdmin(ReadOnly, admin.ModelAdmin[Standard]):
    list_display = [
        "public_wording",
        "organization",
        "service",
        "channel",
        "measure",
        "target_value",
        "target_unit",
        "required_share",
        "active",
    ]
    list_filter = ["measure", "active"]
    list_select_related = ["organization", "service"]
    search_fields = ["public_wording"]


@admin.register(StandardAlert)
class StandardAlertAdmin(ReadOnly, admin.ModelAdmin[StandardAlert]):
    list_display = ["standard", "first_period_start", "last_period_start", "sent_at"]
    list_select_related = ["standard"]


@admin.register(CaseRecord)
class CaseRecordAdmin(ReadOnly, admin.ModelAdmin[CaseRecord]):
    list_display = ["external_id", "organization", "service", "channel", "received_at", "status"]
    list_select_related = ["organization", "service"]
    search_fields = ["external_id", "transaction_id"]
    show_full_result_count = False


@admin.register(CallRecord)
class CallRecordAdmin(ReadOnly, admin.ModelAdmin[CallRecord]):
    list_display = ["external_id", "organization", "service", "offered_at", "outcome"]
    list_select_related = ["organization", "service"]
    search_fields = ["external_id", "transaction_id"]
    show_full_result_count = False


@admin.register(RecordImport)
class RecordImportAdmin(ReadOnly, admin.ModelAdmin[RecordImport]):
    list_display = ["kind", "source_name", "organization", "rows", "created", "created_at"]
    list_select_related = ["organization"]
