"""Related articles for the article page: the single entry point the view calls.

First version (issue 2): articles of the same category that share a tag come first, then
the rest of the category, then articles elsewhere that share a tag; each group newest first.
A later issue replaces the body of ``related_articles`` with a smarter ranking; callers keep
calling this function.
"""

from __future__ import annotations

from parkpulse.portal.models import Article


def related_articles(article: Article, limit: int = 8) -> list[Article]:
    """Up to ``limit`` published articles related to ``article``, best first."""
    if limit <= 0:
        return []
    base = Article.objects.published().exclude(pk=article.pk).order_by("-published_at", "-id")
    tag_ids = list(article.tags.values_list("id", flat=True))
    groups = []
    if article.category_id is not None and tag_ids:
        groups.append(base.filter(category_id=article.category_id, tags__in=tag_ids))
    if article.category_id is not None:
        groups.append(base.filter(category_id=article.category_id))
    if tag_ids:
        groups.append(base.filter(tags__in=tag_ids))

    chosen: list[int] = []
    for qs in groups:
        need = limit - len(chosen)
        if need <= 0:
            break
        # distinct ids in order; a tag join may repeat an article once per shared tag
        for pk in qs.exclude(pk__in=chosen).values_list("id", flat=True).distinct()[: need]:
            chosen.append(pk)
    by_id = Article.objects.select_related("category").defer("body_html").in_bulk(chosen)
    return [by_id[pk] for pk in chosen if pk in by_id]
