"""Re-enriching many articles: first every article's tags and index, then every related list.

Two passes, so each related list is computed once against the finished index instead of
being refreshed again and again as its neighbours arrive.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from parkpulse.portal.models import Article
from parkpulse.search.enrich import enrich_article
from parkpulse.search.related import refresh_related


def enrich_many(
    ids: Iterable[int], *, force: bool = False, related: bool = True,
    progress: Callable[[Iterable, str, int], Iterable] | None = None,
) -> tuple[int, int]:
    """(articles re-analysed, related lists computed)."""
    ids = list(ids)
    wrap = progress or (lambda it, _desc, _total: it)
    analysed = 0
    for article in wrap(_iter(ids), "分析 (analyse)", len(ids)):
        if enrich_article(article, force=force, related=False):
            analysed += 1
    lists = 0
    if related:
        for pk in wrap(ids, "相关文章 (related)", len(ids)):
            refresh_related(pk, neighbours=False)
            lists += 1
    return analysed, lists


def _iter(ids: list[int]):
    for start in range(0, len(ids), 500):
        yield from Article.objects.filter(pk__in=ids[start:start + 500]).order_by("id")
