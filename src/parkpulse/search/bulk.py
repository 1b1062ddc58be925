"""Re-enriching many articles: first every article's tags and index, then every related list.

Two passes, so each related list is computed once against the finished index instead of
being refreshed again and again as its neighbours arrive; then each article's page is
rendered and stored (``parkpulse.portal.copies``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from parkpulse.portal import copies
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
    from parkpulse.search.models import SearchDocument

    indexed_before = SearchDocument.objects.count()
    analysed = 0
    for article in wrap(_iter(ids), "分析 (analyse)", len(ids)):
        if enrich_article(article, force=force, related=False):
            analysed += 1
    if analysed and indexed_before * 2 < len(ids):
        # Most of the index is new (a fresh site, a first `enrich --all`): which keywords
        # are common on this site was only learnt along the way, so all are tagged again.
        for article in wrap(_iter(ids), "标签 (tags)", len(ids)):
            enrich_article(article, force=True, related=False)
    lists = 0
    if related:
        for pk in wrap(ids, "相关文章 (related)", len(ids)):
            refresh_related(pk, neighbours=False)
            lists += 1
        # With tags and lists final, each page is rendered once and stored for its readers.
        if copies.enabled():
            for start in wrap(range(0, len(ids), 100), "页面 (pages)", (len(ids) + 99) // 100):
                copies.refresh(ids[start:start + 100])
    return analysed, lists


def _iter(ids: list[int]):
    for start in range(0, len(ids), 500):
        yield from Article.objects.filter(pk__in=ids[start:start + 500]).order_by("id")


def enrich_batch(ids: Iterable[int]) -> int:
    """Enrich freshly stored articles as one batch (the crawler calls this every few dozen).

    Per-save enrichment refreshes every neighbour's list after each article, so a crawl of
    similar stories recomputes the same lists again and again. Here each article is analysed
    once, then each new list is computed once, then each older article whose list the batch
    touched is recomputed once. Returns the number of articles analysed.
    """
    ids = sorted(set(ids))
    if not ids:
        return 0
    analysed, _lists = enrich_many(ids, related=True)
    from parkpulse.search.models import RelatedLink

    batch = set(ids)
    touched = set(
        RelatedLink.objects.filter(article_id__in=ids, score__gt=0).values_list("other_id", flat=True)
    ) - batch
    for pk in sorted(touched):
        refresh_related(pk, neighbours=False)
    return analysed


def unenriched(queryset) -> list[int]:
    """Ids in ``queryset`` that have no search-index row yet (e.g. after a killed crawl)."""
    return list(queryset.filter(search_document__isnull=True).values_list("id", flat=True))
