"""Editors' admin: articles (publish / hide), categories, tags, the 招商 call-to-action text,
and simple fallbacks for sources and parks until their own apps register richer admins."""

from __future__ import annotations

import importlib

from django.contrib import admin, messages
from django.utils.translation import ngettext

from parkpulse.collect.models import Source
from parkpulse.parks.models import Park
from parkpulse.portal.models import Article, CallToAction, Category, Tag, TagDecision


class TagDecisionInline(admin.TabularInline):
    """Editors pin a tag (it stays whatever the text says) or block it (never added again)."""

    model = TagDecision
    extra = 0
    autocomplete_fields = ["tag"]
    fields = ["tag", "action", "decided_at"]
    readonly_fields = ["decided_at"]
    verbose_name = verbose_name_plural = "标签固定与屏蔽"


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "source", "status", "published_at", "view_count", "is_sample"]
    list_filter = ["status", "source", "category", "is_sample"]
    search_fields = ["title", "author", "source_url", "summary"]
    date_hierarchy = "published_at"
    list_select_related = ["category", "source"]
    list_per_page = 50
    actions = ["publish", "hide"]
    autocomplete_fields = ["tags"]
    raw_id_fields = ["duplicate_of", "parks"]
    readonly_fields = ["view_count", "collected_at"]
    inlines = [TagDecisionInline]
    fieldsets = [
        (None, {"fields": ["title", "status", "category", "author", "published_at", "summary", "cover", "tags"]}),
        ("正文", {"fields": ["body_html", "body_text"]}),
        ("来源", {"fields": ["source", "source_url", "canonical_url", "collected_at", "duplicate_of"]}),
        ("其他", {"fields": ["parks", "view_count", "is_sample"], "classes": ["collapse"]}),
    ]

    def save_related(self, request, form, formsets, change):
        """Tags the editor added are pinned, tags they removed are blocked; then the article
        is re-tagged so that re-enrichment and this page agree."""
        before = {getattr(t, "pk", t) for t in form.initial.get("tags") or []} if change else set()
        super().save_related(request, form, formsets, change)
        article = form.instance
        if "tags" in form.changed_data:
            after = set(article.tags.values_list("pk", flat=True))
            for pk, action in [*((pk, TagDecision.Action.PIN) for pk in after - before),
                               *((pk, TagDecision.Action.BLOCK) for pk in before - after)]:
                TagDecision.objects.update_or_create(article=article, tag_id=pk, defaults={"action": action})
        from parkpulse.search.enrich import enrich_article

        enrich_article(article, force=True, related=False)

    def _set_status(self, request, queryset, status, verb):
        n = queryset.update(status=status)
        self.message_user(
            request, ngettext("已%(verb)s %(n)d 篇文章", "已%(verb)s %(n)d 篇文章", n) % {"verb": verb, "n": n},
            messages.SUCCESS,
        )

    @admin.action(description="发布所选文章", permissions=["change"])
    def publish(self, request, queryset):
        self._set_status(request, queryset, Article.Status.PUBLISHED, "发布")

    @admin.action(description="隐藏所选文章", permissions=["change"])
    def hide(self, request, queryset):
        self._set_status(request, queryset, Article.Status.HIDDEN, "隐藏")


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "slug"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]


@admin.register(TagDecision)
class TagDecisionAdmin(admin.ModelAdmin):
    list_display = ["article", "tag", "action", "decided_at"]
    list_filter = ["action", "tag__kind"]
    list_select_related = ["article", "tag"]
    search_fields = ["article__title", "tag__name"]
    autocomplete_fields = ["tag"]
    raw_id_fields = ["article"]


@admin.register(CallToAction)
class CallToActionAdmin(admin.ModelAdmin):
    list_display = ["title", "button_label", "enabled", "updated_at"]
    list_filter = ["enabled"]


class SimpleSourceAdmin(admin.ModelAdmin):
    list_display = ["name", "home_url", "default_category"]
    search_fields = ["name", "home_url"]


class SimpleParkAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "province", "city", "is_sample"]
    list_filter = ["level", "province", "is_sample"]
    search_fields = ["name", "city"]
    filter_horizontal = ["industries"]


# The collect and parks apps may register their own, richer admins. Import them first (the
# import is cached, so autodiscover will not run them twice) and only fill the gaps.
for _module in ("parkpulse.collect.admin", "parkpulse.parks.admin"):
    try:
        importlib.import_module(_module)
    except ModuleNotFoundError as exc:
        if exc.name != _module:
            raise
for _model, _admin in ((Source, SimpleSourceAdmin), (Park, SimpleParkAdmin)):
    if not admin.site.is_registered(_model):
        admin.site.register(_model, _admin)
