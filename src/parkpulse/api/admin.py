"""Admin for API tokens: keys are made with ``parkpulse manage api_token``, listed and revoked here."""

from django.contrib import admin

from parkpulse.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "user", "scopes", "rate_per_minute", "revoked", "created_at", "last_used_at"]
    list_filter = ["revoked"]
    search_fields = ["name", "prefix", "user__username"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    fields = ["user", "name", "prefix", "scopes", "rate_per_minute", "revoked", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        return False  # a key must be shown once to its owner: use the command
