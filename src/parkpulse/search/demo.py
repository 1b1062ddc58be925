"""Demo step: enrich and index the demo articles (after portal, parks and collect)."""

from __future__ import annotations


def load_demo(log=print) -> None:
    from parkpulse.portal.models import Article
    from parkpulse.search import context
    from parkpulse.search.bulk import enrich_many

    context.invalidate()  # the parks step has just added parks
    ids = list(Article.objects.order_by("id").values_list("id", flat=True))
    analysed, lists = enrich_many(ids, force=True)
    log(f"搜索索引与相关文章已生成：{analysed} 篇文章，{lists} 个相关列表 (search indexed)")
