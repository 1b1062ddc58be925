"""Admin: the cached related list of an article, read-only (it is recomputed at ingest)."""

from django.contrib import admin

from parkpulse.search.models import RelatedLink, SearchDocument


@admin.register(RelatedLink)
class RelatedLinkAdmin(admin.ModelAdmin):
    list_display = ["article", "rank", "other", "score"]
    list_select_related = ["article", "other"]
    search_fields = ["article__title"]
    readonly_fields = ["article", "other", "score", "rank"]

    def has_add_permission(self, request):
        return False


@admin.register(SearchDocument)
class SearchDocumentAdmin(admin.ModelAdmin):
    list_display = ["article", "updated_at", "related_at"]
    list_select_related = ["article"]
    search_fields = ["article__title"]
    readonly_fields = ["article", "title_tokens", "body_tokens", "fingerprint", "related_at", "updated_at"]

    def has_add_permission(self, request):
        return False
