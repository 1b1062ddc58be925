"""Batch enrichment (the crawler's path) gives the same lists as per-save enrichment."""

import pytest

from parkpulse.portal.models import Article, Category
from parkpulse.search import enrich
from parkpulse.search.bulk import enrich_batch, unenriched
from parkpulse.search.models import RelatedLink, SearchDocument
from parkpulse.search.related import related_articles

pytestmark = pytest.mark.django_db

# Different stories on one subject: near-duplicate copies would never be listed as related.
STORIES = [
    "青禾湾高新区标准厂房{n}期竣工，集成电路封装测试企业和生物医药企业可按需租用标准厂房，园区提供人才公寓。",
    "标准厂房{n}期面向集成电路封装测试企业招租，层高和承重按封测产线设计，首批企业已签约入驻。",
    "为服务生物医药企业，标准厂房{n}期配建洁净车间，集成电路封装测试企业也可租用，租金前两年减半。",
    "青禾湾高新区发布标准厂房{n}期租用指南，集成电路和生物医药企业可在线申请，审核通过后即可装修。",
    "标准厂房{n}期采用装配式建造，工期缩短三个月，集成电路封装测试和生物医药企业将陆续投产。",
]


def make(cat, n, text=None, title="示例：标准厂房{n}期"):
    body = (text or STORIES[n % len(STORIES)]).format(n=n)
    return Article.objects.create(title=title.format(n=n), category=cat, body_text=body,
                                  body_html=f"<p>{body}</p>", status=Article.Status.PUBLISHED)


def test_batch_indexes_new_articles_and_updates_older_neighbours():
    cat = Category.objects.create(slug="news", name="园区动态")
    old = make(cat, 1)  # enriched on save, alone: no neighbours yet
    assert not RelatedLink.objects.filter(article=old).exists()
    with enrich.paused():
        new = [make(cat, n) for n in range(2, 6)]
        unrelated = make(cat, 9, "本周食堂供应红烧肉和米饭{n}份，欢迎职工就餐。", title="示例：食堂菜单")
    ids = [a.pk for a in [*new, unrelated]]
    assert sorted(unenriched(Article.objects.all())) == sorted(ids)

    assert enrich_batch(ids) == len(ids)
    assert unenriched(Article.objects.all()) == []
    assert SearchDocument.objects.count() == 6
    # the older article's list now holds the new stories, computed once for the batch
    assert {a.pk for a in related_articles(old)} == {a.pk for a in new}
    assert old.pk in {a.pk for a in related_articles(new[0])}
    assert unrelated.pk not in {a.pk for a in related_articles(old)}
