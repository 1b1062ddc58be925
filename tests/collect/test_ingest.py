"""The ingest pipeline in-process: store, update, duplicate, reject, gone — idempotently."""

from __future__ import annotations

import pytest

from parkpulse.collect.ingest import (
    DUPLICATE,
    NEW,
    REJECTED,
    UNCHANGED,
    UPDATED,
    FetchedPage,
    Ingestor,
)
from parkpulse.collect.models import Fingerprint, Page, Source
from parkpulse.portal.models import Article, Category
from tests.collect.sitekit import article_html

pytestmark = pytest.mark.django_db


def page(n: int, url: str | None = None, **kw) -> FetchedPage:
    url = url or f"http://a.test/n/{n}.html"
    return FetchedPage(url=url, fetched_url=url, body=article_html(n, **kw).encode("utf-8"),
                       headers={"content-type": "text/html; charset=utf-8", "etag": f'"e{n}"'})


@pytest.fixture
def source():
    cat = Category.objects.create(slug="parks-news", name="园区动态")
    return Source.objects.create(name="测试源", home_url="http://a.test/", default_category=cat, publish=True)


def test_new_then_unchanged_then_updated(source):
    ing = Ingestor(source)
    first = ing.ingest(page(1))
    assert first.kind == NEW
    art = Article.objects.get(pk=first.article_id)
    assert art.status == Article.Status.PUBLISHED and art.source == source
    assert art.category.slug == "parks-news" and art.canonical_url == "http://a.test/n/1.html"
    assert "测试园区第1号新闻稿" in art.title and "<p>" in art.body_html
    assert ing.ingest(page(1)).kind == UNCHANGED
    changed = page(1, extra="<p>更正：项目总投资已调整，以最新公告为准，特此说明并致歉。</p>")
    upd = ing.ingest(changed)
    assert upd.kind == UPDATED and upd.article_id == first.article_id
    assert Article.objects.count() == 1
    assert "更正" in Article.objects.get().body_text
    assert Page.objects.get(url="http://a.test/n/1.html").etag == '"e1"'
    assert Fingerprint.objects.filter(article=art).count() == 1


def test_repost_on_another_url_is_linked_to_first_copy_and_hidden(source):
    ing = Ingestor(source)
    orig = ing.ingest(page(7))
    repost = page(7, url="http://b.test/copy/7.html", extra="<p>转载自示例网</p>")
    out = ing.ingest(repost)
    assert out.kind == DUPLICATE and out.duplicate_of == orig.article_id
    dup = Article.objects.get(pk=out.article_id)
    assert dup.duplicate_of_id == orig.article_id and dup.status == Article.Status.HIDDEN
    assert list(Article.objects.published()) == [Article.objects.get(pk=orig.article_id)]
    # a different story is not a duplicate
    assert ing.ingest(page(8)).kind == NEW


def test_index_persists_across_ingestors(source):
    Ingestor(source).ingest(page(3))
    other = Source.objects.create(name="另一个源", home_url="http://b.test/")
    out = Ingestor(other).ingest(page(3, url="http://b.test/x.html"))
    assert out.kind == DUPLICATE


def test_review_queue_and_rejections(source):
    source.publish = False
    source.exclude_keywords = "广告，赞助"
    source.save()
    ing = Ingestor(source)
    assert Article.objects.get(pk=ing.ingest(page(4)).article_id).status == Article.Status.DRAFT
    short = FetchedPage(url="http://a.test/s.html", fetched_url="http://a.test/s.html",
                        body="<html><body><h1>通知</h1><p>明天停电。</p></body></html>".encode())
    out = ing.ingest(short)
    assert out.kind == REJECTED and out.reason in ("too_short", "extract_failed")
    ad = ing.ingest(page(5, extra="<p>本文为赞助内容。</p>"))
    assert (ad.kind, ad.reason) == (REJECTED, "keyword_excluded")
    assert Article.objects.count() == 1
    assert Page.objects.get(url="http://a.test/s.html").outcome.startswith("rejected:")


def test_untrusted_html_is_sanitized_before_storing(source):
    evil = page(6, extra='<p onmouseover="steal()">附注<script>alert(1)</script></p>')
    art = Article.objects.get(pk=Ingestor(source).ingest(evil).article_id)
    assert "script" not in art.body_html and "onmouseover" not in art.body_html


def test_gone_410_hides_404_keeps(source):
    ing = Ingestor(source)
    a = ing.ingest(page(11)).article_id
    b = ing.ingest(page(12)).article_id
    assert ing.gone("http://a.test/n/11.html", 404)
    assert ing.gone("http://a.test/n/12.html", 410)
    assert not ing.gone("http://a.test/never.html", 404)
    assert Article.objects.get(pk=a).status == Article.Status.PUBLISHED
    assert Article.objects.get(pk=b).status == Article.Status.HIDDEN
    assert Page.objects.get(url="http://a.test/n/12.html").gone_at is not None
