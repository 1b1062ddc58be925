"""Facet counts beside the search filters: category, region, industry, park, source, year.

Counted over the ranked matches the backend returns (every match, or the WINDOW newest when
more matched; the page says so), with the filters already applied, so each count is the
number of results that choosing it would leave. Labels are in the reader's language where
an English name exists (``search.labels``); ``Choice.lang`` marks a Chinese one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from parkpulse.collect.models import Source
from parkpulse.parks.models import Park
from parkpulse.portal.models import Category, Tag
from parkpulse.search.labels import category_label, chinese, tag_label

TOP = 12  # choices shown per facet


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    count: int
    lang: str = ""  # "zh-Hans" when the label is a Chinese name


def facet_counts(results) -> dict[str, list[Choice]]:
    """Counts over ``results.ids``; category, source and year from the rows the backend
    already read (``results.meta``), tags and parks in three grouped queries."""
    ids = results.ids
    if not ids:
        return {}
    out: dict[str, list[Choice]] = {}
    meta = [results.meta[pk] for pk in ids if pk in results.meta]
    # A category counts its sub-categories' articles too, as the category filter does.
    cats = {c.pk: c for c in Category.objects.all()}
    by_cat: Counter[int] = Counter()
    for _pub, cat, _src in meta:
        if cat in cats:
            by_cat[cat] += 1
            if cats[cat].parent_id in cats:
                by_cat[cats[cat].parent_id] += 1
    out["category"] = _top([_choice(cats[c].slug, category_label(cats[c].name, cats[c].name_en), n)
                            for c, n in by_cat.items()])
    # Regions and industries in one pass over the articles' tag links.
    tag_counts = _link_counts("portal_article_tags", "tag_id", ids)
    tagged = list(Tag.objects.filter(pk__in=list(tag_counts), kind__in=[Tag.Kind.REGION, Tag.Kind.INDUSTRY])
                  .values_list("pk", "kind", "slug", "name"))
    for kind in (Tag.Kind.REGION, Tag.Kind.INDUSTRY):
        rows = [(pk, slug, name) for pk, k, slug, name in tagged if k == kind]
        # Only the choices that can make the TOP are labelled (a label may be romanised).
        counts = sorted((tag_counts[pk] for pk, _, _ in rows), reverse=True)
        floor = counts[TOP - 1] if len(counts) > TOP else 0
        out[str(kind)] = _top([_choice(slug, tag_label(kind, slug, name), tag_counts[pk])
                               for pk, slug, name in rows if tag_counts[pk] >= floor])
    park_counts = _link_counts("portal_article_parks", "park_id", ids)
    parks = dict(Park.objects.filter(pk__in=list(park_counts)).values_list("pk", "name"))
    out["park"] = [
        _choice(str(pk), chinese(name), park_counts[pk])
        for pk, name in sorted(parks.items(), key=lambda kv: (-park_counts[kv[0]], kv[1]))[:TOP]
    ]
    by_src = Counter(src for _pub, _cat, src in meta if src is not None)
    names = dict(Source.objects.filter(pk__in=list(by_src)).values_list("pk", "name"))
    out["source"] = _top([_choice(str(s), chinese(names[s]), n) for s, n in by_src.items() if s in names])
    by_year = Counter(timezone.localtime(pub).year for pub, _cat, _src in meta if pub is not None)
    out["year"] = [Choice(str(y), str(y), n) for y, n in sorted(by_year.items(), reverse=True)]
    return out


def _link_counts(table: str, column: str, ids: list[int]) -> dict[int, int]:
    """Articles of ``ids`` per linked tag or park, grouped in the link table alone.

    Joined to the tags in one statement, SQLite may start from the tags and probe every
    tag with every id (a second at 1,000 results); the link table's (article, tag) index
    answers this from the ids."""
    if connection.vendor == "postgresql":
        where, params = "article_id = ANY(%s)", [list(ids)]
    else:
        where, params = f"article_id IN ({', '.join(['%s'] * len(ids))})", list(ids)
    with connection.cursor() as cur:
        cur.execute(f"SELECT {column}, COUNT(*) FROM {table} WHERE {where} GROUP BY {column}", params)
        return dict(cur.fetchall())


def _choice(value: str, label, count: int) -> Choice:
    return Choice(value, label.text, count, label.lang)


def _top(choices: list[Choice]) -> list[Choice]:
    return sorted(choices, key=lambda c: (-c.count, c.label))[:TOP]
