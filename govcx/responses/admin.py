from django.contrib import admin

from govcx.responses.models import Response, SpamDecision


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin[Response]):
    """Read-only: responses change only through govcx's own services, never by hand here."""

    list_display = [
        "receipt_id",
        "survey",
        "channel",
        "language",
        "created_at",
        "is_spam",
        "spam_score",
    ]
    list_filter = ["channel", "language", "is_spam", "is_flagged", "is_deleted"]
    list_select_related = ["survey"]
    search_fields = ["receipt_id"]
    date_hierarchy = "created_at"
    show_full_result_count = False

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(SpamDecision)
class SpamDecisionAdmin(admin.ModelAdmin[SpamDecision]):
    """Read-only: the record of who ruled on a response, written only by response_mark_spam."""

    list_display = ["response", "is_spam", "user", "created_at"]
    list_filter = ["is_spam"]
    list_select_related = ["response", "user"]
    search_fields = ["response__receipt_id"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
