"""Admin: sources with their crawl settings and last run, crawl runs read-only."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html

from parkpulse.collect.models import CrawlRun, Page, Source


class CrawlRunInline(admin.TabularInline):
    model = CrawlRun
    extra = 0
    max_num = 0
    can_delete = False
    fields = ["started_at", "status", "pages_fetched", "articles_new", "articles_updated",
              "articles_duplicate", "articles_rejected", "errors"]
    readonly_fields = fields
    ordering = ["-started_at"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("-started_at")


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "enabled", "publish", "default_category", "recrawl_minutes", "last_run_display"]
    list_filter = ["kind", "enabled", "publish"]
    search_fields = ["name", "home_url", "start_urls"]
    fieldsets = [
        (None, {"fields": ["name", "home_url", "kind", "start_urls", "enabled", "is_sample"]}),
        ("链接规则", {"fields": ["article_pattern", "pagination_pattern", "allowed_pattern"]}),
        ("收录", {"fields": ["default_category", "publish", "include_keywords", "exclude_keywords"]}),
        ("节奏", {"fields": ["max_pages", "recrawl_minutes"]}),
    ]
    inlines = [CrawlRunInline]

    @admin.display(description="最近采集")
    def last_run_display(self, obj):
        run = obj.last_run()
        if run is None:
            return "—"
        return format_html("{} · {} · {}", run.started_at.strftime("%Y-%m-%d %H:%M"),
                           run.get_status_display(), run.summary())


@admin.register(CrawlRun)
class CrawlRunAdmin(admin.ModelAdmin):
    list_display = ["source", "started_at", "finished_at", "status", "pages_fetched", "articles_new",
                    "articles_updated", "articles_duplicate", "articles_rejected", "error_count"]
    list_filter = ["status", "source", "distributed"]
    date_hierarchy = "started_at"

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in CrawlRun._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["url", "source", "http_status", "outcome", "fetched_at", "gone_at"]
    list_filter = ["source", "outcome", "http_status"]
    search_fields = ["url"]
    raw_id_fields = ["article"]
