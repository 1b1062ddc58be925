"""What an article page shows beside the article: tags, parks and the related list, read in
one round trip.

A cold article page used to spend most of its time building ORM queries for these three
lists (four queries, each compiled anew). Here they are one ``UNION ALL`` of three indexed
lookups, built once per process; rows come back as light model instances the templates use
as before (``name``, ``get_absolute_url``, ``title``, ``published_at``, ``category.name``…).
The related list is the one ``parkpulse.search.related`` stored at enrichment, with the same
filter as ``related_articles`` (published originals, in rank order).
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache

from django.db import connections, router
from django.utils.dateparse import parse_datetime

from parkpulse.parks.models import Park
from parkpulse.portal.models import Article, Category, Tag, display_order
from parkpulse.search.models import RelatedLink

SNIPPET_CHARS = 200  # enough for the snippet filter's cut; avoids reading whole bodies


@cache
def _sql() -> str:
    a, c = Article._meta.db_table, Category._meta.db_table
    at, ap = Article.tags.through._meta.db_table, Article.parks.through._meta.db_table
    t, p, r = Tag._meta.db_table, Park._meta.db_table, RelatedLink._meta.db_table
    # The related branch comes first: its real columns give the UNION its types, and the
    # NULLs of the other branches take them (PostgreSQL resolves types left to right).
    return f"""
SELECT 2, o.id, o.title, NULL, l.{RelatedLink._meta.get_field("rank").column}, o.is_sample,
       substr(COALESCE(NULLIF(o.summary, ''), o.body_text), 1, {SNIPPET_CHARS}), o.published_at,
       c.name, c.slug, c.name_en
  FROM {r} l JOIN {a} o ON o.id = l.other_id LEFT JOIN {c} c ON c.id = o.category_id
 WHERE l.article_id = %s AND o.status = %s AND o.duplicate_of_id IS NULL
UNION ALL
SELECT 0, t.id, t.name, t.kind, NULL, NULL, t.slug, NULL, NULL, NULL, NULL
  FROM {at} x JOIN {t} t ON t.id = x.tag_id WHERE x.article_id = %s
UNION ALL
SELECT 1, p.id, p.name, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  FROM {ap} x JOIN {p} p ON p.id = x.park_id WHERE x.article_id = %s
"""


def aware_datetime(value) -> datetime | None:
    """A database's datetime as an aware one: SQLite hands back text from a raw query or a
    compound SELECT, and naive values are UTC."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


def page_parts(pk: int, limit: int = 8) -> dict[str, list]:
    """{"tags": [Tag], "parks": [Park], "related": [Article]} of one article."""
    connection = connections[router.db_for_read(Article)]
    with connection.cursor() as cursor:
        cursor.execute(_sql(), [pk, Article.Status.PUBLISHED, pk, pk])
        rows = cursor.fetchall()
    tags, parks, related = [], [], []
    for part, id_, name, kind, rank, is_sample, snippet, published, cat_name, cat_slug, cat_en in rows:
        if part == 0:
            tags.append(Tag(id=id_, name=name, kind=kind, slug=snippet))
        elif part == 1:
            parks.append(Park(id=id_, name=name))
        else:
            other = Article(id=id_, title=name, is_sample=bool(is_sample), summary=snippet or "",
                            published_at=aware_datetime(published))
            other.category = Category(name=cat_name, slug=cat_slug, name_en=cat_en or "") if cat_name is not None else None
            related.append((rank, other))
    parks.sort(key=lambda p: p.name)
    return {"tags": display_order(tags), "parks": parks, "related": [o for _, o in sorted(related, key=lambda x: x[0])][:limit]}
