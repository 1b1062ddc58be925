"""Batch enrichment (the crawler's path) gives the same lists as per-save enrichment."""

import pytest

from parkpulse.portal.models import Article, Category
from parkpulse.search import enrich
from parkpulse.search.bulk import enrich_batch, unenriched
from parkpulse.search.models import RelatedLink, SearchDocument
from parkpulse.search.related import related_articles

pytestmark = pytest.mark.django_db

TEXT = "青禾湾高新区标准厂房{n}期竣工，集成电路封装测试企业和生物医药企业可按需租用标准厂房，园区提供人才公寓。"


def make(cat, n, text=TEXT, title="示例：标准厂房{n}期"):
    body = text.format(n=n)
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
