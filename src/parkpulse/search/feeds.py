"""RSS 2.0 and Atom feeds: the whole site, one category, one tag."""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from parkpulse.portal.models import Article, Category, Tag

ITEMS = 30


class LatestFeed(Feed):
    feed_type = Rss201rev2Feed

    def title(self, obj=None):
        return f"{settings.SITE_NAME} · 最新文章"

    def link(self, obj=None):
        return "/"

    def description(self, obj=None):
        return "园区产业资讯"

    def feed_url(self, obj=None):
        return reverse("search:feed-atom" if self.feed_type is Atom1Feed else "search:feed")

    def subtitle(self, obj=None):
        return self.description(obj)

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj=None):
        return self.articles(obj).select_related("category")[:ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or (item.body_text or "")[:200]

    def item_pubdate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.author or None

    def item_categories(self, item):
        return [item.category.name] if item.category else []


class LatestAtomFeed(LatestFeed):
    feed_type = Atom1Feed


class CategoryFeed(LatestFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, obj=None):
        return f"{settings.SITE_NAME} · {obj.name}"

    def link(self, obj=None):
        return obj.get_absolute_url()

    def feed_url(self, obj=None):
        name = "search:feed-category-atom" if self.feed_type is Atom1Feed else "search:feed-category"
        return reverse(name, args=[obj.slug])

    def articles(self, obj):
        return Article.objects.published().filter(category__in=[obj, *obj.children.all()])


class CategoryAtomFeed(CategoryFeed):
    feed_type = Atom1Feed


class TagFeed(LatestFeed):
    def get_object(self, request, kind, slug):
        return get_object_or_404(Tag, kind=kind, slug=slug)

    def title(self, obj=None):
        return f"{settings.SITE_NAME} · {obj.get_kind_display()}:{obj.name}"

    def link(self, obj=None):
        return reverse("search:tag", args=[obj.kind, obj.slug])

    def feed_url(self, obj=None):
        name = "search:feed-tag-atom" if self.feed_type is Atom1Feed else "search:feed-tag"
        return reverse(name, args=[obj.kind, obj.slug])

    def articles(self, obj):
        return Article.objects.published().filter(tags=obj)


class TagAtomFeed(TagFeed):
    feed_type = Atom1Feed
