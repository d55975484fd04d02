from django.contrib import admin

from govcx.api.models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin[ApiKey]):
    list_display = ["name", "organization", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_select_related = ["organization"]
    readonly_fields = ["prefix", "digest", "created_by", "created_at", "last_used_at"]
