"""Read-only admin pages for themes and analysed comments.

Both change only through govcx's own services (the analysis job, the taxonomy pages), so the
admin offers no way to add, edit or delete them. A comment's text is not shown here: it lives
in its response's answers.
"""

from django.contrib import admin

from govcx.comments.models import Comment, Theme


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Theme)
class ThemeAdmin(ReadOnlyAdmin):
    list_display = ["name", "organization", "origin", "is_active", "updated_at"]
    list_filter = ["origin", "is_active"]
    list_select_related = ["organization"]
    search_fields = ["name"]


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = [
        "uuid",
        "organization",
        "question_key",
        "sentiment",
        "is_negative",
        "theme",
        "theme_source",
        "created_at",
    ]
    list_filter = ["sentiment", "is_negative", "theme_source"]
    list_select_related = ["organization", "theme"]
    date_hierarchy = "created_at"
    show_full_result_count = False
