"""sitemap.xml: an index over articles, categories, region/industry tag pages and parks."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import Count, Q
from django.urls import reverse

from parkpulse.parks.models import Park
from parkpulse.portal.models import Article, Category, Tag


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Article.objects.published().only("id", "published_at").order_by("-published_at", "-id")

    def lastmod(self, obj):
        return obj.published_at


class CategorySitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return Category.objects.all()


class TagSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        published = Q(articles__status=Article.Status.PUBLISHED, articles__duplicate_of__isnull=True)
        return (
            Tag.objects.filter(kind__in=[Tag.Kind.REGION, Tag.Kind.INDUSTRY, Tag.Kind.TOPIC])
            .annotate(n=Count("articles", filter=published))
            .filter(n__gt=0)
            .order_by("kind", "slug")
        )

    def location(self, obj):
        return reverse("search:tag", args=[obj.kind, obj.slug])


class ParkSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Park.objects.order_by("id")

    def lastmod(self, obj):
        return obj.updated_at


class StaticSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["portal:home"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "pages": StaticSitemap,
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
    "parks": ParkSitemap,
}
