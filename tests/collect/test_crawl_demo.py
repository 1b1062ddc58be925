"""A real crawl of demo/site (list pages, GBK sitemap source, mislabelled RSS source)."""

from __future__ import annotations

import pytest

from parkpulse.collect.demo import demo_sources
from parkpulse.collect.demo_server import DemoServer
from parkpulse.collect.models import CrawlRun, Source
from parkpulse.collect.sources import save_source
from parkpulse.portal.models import Article

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_demo_site_crawl_then_recrawl(crawl, client, django_user_model):
    with DemoServer() as server:
        for data in demo_sources(server.url):
            save_source(data)
        first = crawl("--source", "示例园区观察网")
        assert first.returncode == 0, first.stderr
        second = crawl("--source", "示例工业资讯", "--source", "示例产业周刊")
        assert second.returncode == 0, second.stderr
        assert "new 20" in second.stdout
        a, b, c = (Source.objects.get(name=d["name"]) for d in demo_sources(server.url))
        # 25 list-page stories (one linked three ways with tracking params), 20 GBK, 20 RSS
        assert a.articles.count() == 25 and b.articles.count() == 20 and c.articles.count() == 20
        assert Article.objects.filter(canonical_url__contains="utm_").count() == 0
        run_a = CrawlRun.objects.get(source=a)
        assert run_a.errors == {"robots_forbidden": 1}
        assert run_a.rejected_reasons == {"too_short": 1}
        # GBK bytes and the UTF-8 page that claims gb2312 both decode to clean Chinese
        for src in (b, c):
            for art in src.articles.all():
                assert "示例数据" in art.body_text and "\ufffd" not in art.body_text + art.title
        # the repost on the feed source points at the list source's original
        dup = Article.objects.get(duplicate_of__isnull=False)
        assert dup.source == c and dup.duplicate_of.source == a
        assert dup.title == dup.duplicate_of.title and dup.status == Article.Status.HIDDEN
        assert Article.objects.published().count() == 45  # a + b publish at once; c waits for review
        assert c.articles.filter(status=Article.Status.DRAFT).count() == 19
        assert all(x.is_sample for x in Article.objects.all())
        # enriched at ingest (in batches): every stored article is indexed and tagged, and
        # a published story has a related list
        from parkpulse.search.models import RelatedLink, SearchDocument

        assert SearchDocument.objects.count() == Article.objects.count() == 65
        # every article carries tags; keywords only where a word passes the IDF/part-of-speech
        # filter (a story may be tagged by its park, place and industry alone)
        assert Article.objects.filter(tags__isnull=False).distinct().count() == 65
        assert Article.objects.filter(tags__kind="keyword").distinct().count() > 65 // 2
        assert RelatedLink.objects.filter(article__in=Article.objects.published()).exists()

        # re-crawl: the server answers 304 to conditional requests (25 stories + the rejected
        # notice); nothing new, nothing doubled
        again = crawl("--all", progress=True)
        assert again.returncode == 0, again.stderr
        assert "采集 crawl" in again.stderr and "页" in again.stderr  # the tqdm progress bar
        assert Article.objects.count() == 65
        runs = CrawlRun.objects.filter(started_at__gt=run_a.started_at).exclude(pk=run_a.pk)
        latest = {r.source_id: r for r in runs.order_by("started_at")}
        assert latest[a.id].not_modified == 26 and latest[a.id].articles_new == 0

    staff = django_user_model.objects.create_user("ed", password="x", is_staff=True)
    assert client.get("/collect/").status_code == 302  # staff only
    client.force_login(staff)
    html = client.get("/collect/").content.decode()
    assert "示例园区观察网" in html and "robots.txt 禁止抓取" in html  # the failure kind in words
