"""Facet counts beside the search filters: category, region, industry, park, source, year.

Counted over the ranked matches the backend returns (every match, or the WINDOW newest when
more matched; the page says so), with the filters already applied, so each count is the
number of results that choosing it would leave. Six grouped queries over at most WINDOW ids.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import ExtractYear

from parkpulse.portal.models import Article, Tag

TOP = 12  # choices shown per facet


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    count: int


def facet_counts(ids: list[int]) -> dict[str, list[Choice]]:
    if not ids:
        return {}
    arts = Article.objects.filter(pk__in=ids)
    out: dict[str, list[Choice]] = {}
    out["category"] = [
        Choice(r["category__slug"], r["category__name"], r["n"])
        for r in arts.exclude(category=None).values("category__slug", "category__name")
        .annotate(n=Count("id")).order_by("-n", "category__name")[:TOP]
    ]
    through = Article.tags.through.objects.filter(article_id__in=ids)
    for kind in (Tag.Kind.REGION, Tag.Kind.INDUSTRY):
        out[str(kind)] = [
            Choice(r["tag__slug"], r["tag__name"], r["n"])
            for r in through.filter(tag__kind=kind).values("tag__slug", "tag__name")
            .annotate(n=Count("article_id")).order_by("-n", "tag__name")[:TOP]
        ]
    out["park"] = [
        Choice(str(r["park_id"]), r["park__name"], r["n"])
        for r in Article.parks.through.objects.filter(article_id__in=ids).values("park_id", "park__name")
        .annotate(n=Count("article_id")).order_by("-n", "park__name")[:TOP]
    ]
    out["source"] = [
        Choice(str(r["source_id"]), r["source__name"], r["n"])
        for r in arts.exclude(source=None).values("source_id", "source__name")
        .annotate(n=Count("id")).order_by("-n", "source__name")[:TOP]
    ]
    out["year"] = [
        Choice(str(r["y"]), str(r["y"]), r["n"])
        for r in arts.annotate(y=ExtractYear("published_at")).values("y").annotate(n=Count("id")).order_by("-y")
        if r["y"]
    ]
    return out
