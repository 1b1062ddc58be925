"""Admin: sources with their crawl settings, last run and learned template; crawl runs read-only.

Editors see each source's template lines (what the collector strips from every story of that
source) and can pin a line (always strip) or release it (keep it); the source's stored
articles are re-cleaned right away.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.html import format_html

from parkpulse.collect import templates
from parkpulse.collect.models import CrawlRun, Page, Source, TemplateChange, TemplateLine


def _apply(request, sources) -> None:
    """The template of these sources changed by hand: re-clean their articles now."""
    for source in sources:
        templates.bump(source)
        changed = templates.reclean(source, reason="editor")
        messages.info(request, f"{source.name}：已按模板重新清理 {len(changed)} 篇文章。")


class TemplateLineInline(admin.TabularInline):
    model = TemplateLine
    extra = 0
    max_num = 0
    can_delete = False
    fields = ["text", "pages", "share", "recurring", "state"]
    readonly_fields = ["text", "pages", "share", "recurring"]
    verbose_name_plural = "模板行（每篇文章都重复的行；固定去除或保留）"


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
    inlines = [TemplateLineInline, CrawlRunInline]

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is TemplateLine and formset.has_changed():
            _apply(request, [form.instance])

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


@admin.register(TemplateLine)
class TemplateLineAdmin(admin.ModelAdmin):
    list_display = ["text_short", "source", "pages", "share", "recurring", "state", "stripped_display"]
    list_filter = ["state", "recurring", "source"]
    search_fields = ["text"]
    readonly_fields = ["source", "key", "text", "pages", "share", "recurring", "first_seen", "updated_at"]
    fields = ["source", "text", "state", "pages", "share", "recurring", "first_seen", "updated_at"]
    actions = ["pin", "release", "follow_learning"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="文本")
    def text_short(self, obj):
        return obj.text[:80]

    @admin.display(description="当前去除", boolean=True)
    def stripped_display(self, obj):
        return obj.stripped

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "state" in form.changed_data:
            _apply(request, [obj.source])

    def _set(self, request, queryset, state):
        sources = {line.source for line in queryset.select_related("source")}
        queryset.update(state=state)
        _apply(request, sources)

    @admin.action(description="固定去除所选行")
    def pin(self, request, queryset):
        self._set(request, queryset, TemplateLine.State.PINNED)

    @admin.action(description="保留所选行（不去除）")
    def release(self, request, queryset):
        self._set(request, queryset, TemplateLine.State.RELEASED)

    @admin.action(description="所选行按学习结果处理")
    def follow_learning(self, request, queryset):
        self._set(request, queryset, TemplateLine.State.LEARNED)


@admin.register(TemplateChange)
class TemplateChangeAdmin(admin.ModelAdmin):
    list_display = ["source", "at", "reason", "template_size", "articles_changed", "lines_removed"]
    list_filter = ["source", "reason"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in TemplateChange._meta.fields]

    def has_add_permission(self, request):
        return False
