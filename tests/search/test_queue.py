"""The enrichment queue: a crawled article is on the site at once and enriched later by a
worker; a worker killed mid-batch (kill -9) loses nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from parkpulse.collect.models import Source
from parkpulse.portal.models import Article, Category
from parkpulse.search import enrich, queue
from parkpulse.search.models import PendingEnrichment, RelatedLink, SearchDocument
from tests.collect.conftest import crawl, crawl_env  # noqa: F401 - crawl: the fixture
from tests.collect.sitekit import Site, article_html, list_html

TOPICS = ["集成电路封装测试", "生物医药研发", "新能源汽车零部件", "智能装备制造", "新材料中试",
          "数据中心运维", "跨境电商物流", "食品冷链加工"]


def distinct_text(i: int) -> str:
    """Stories that share the park but not their wording (near-copies are never related)."""
    return (f"青禾湾高新区第{i}期标准厂房竣工。{TOPICS[i % 8]}企业签约入驻，"
            f"{TOPICS[(i // 8 + 3) % 8]}项目同步开工，园区配套人才公寓。")


TEXT = "青禾湾高新区标准厂房{n}期竣工,集成电路封装测试企业和生物医药企业可按需租用标准厂房,园区提供人才公寓和配套服务。"


@pytest.mark.django_db(transaction=True)
def test_crawled_article_is_shown_at_once_and_enriched_later(crawl, client):  # noqa: F811
    n = 6
    routes = {f"/n/{i}.html": (200, {}, article_html(i)) for i in range(n)}
    routes["/list/1.html"] = (200, {}, list_html([f"/n/{i}.html" for i in range(n)]))
    with Site(routes) as site:
        Source.objects.create(name="队列站", home_url=site.url + "/", start_urls=site.url + "/list/1.html",
                              article_pattern=r"/n/\d+\.html", publish=True)
        done = crawl("--source", "队列站", "--no-wait")
    assert done.returncode == 0, done.stderr
    articles = list(Article.objects.published())
    assert len(articles) == n
    # stored and shown, not yet enriched: no index row, no tags, queued
    assert not SearchDocument.objects.exists()
    assert PendingEnrichment.objects.count() == n
    page = client.get(f"/article/{articles[0].pk}/")
    assert page.status_code == 200 and articles[0].title in page.content.decode()
    assert not SearchDocument.objects.exists(), "a page view must not enrich (that is the worker's job)"

    assert queue.drain(batch=4)[0] == n  # what `parkpulse worker` runs
    assert PendingEnrichment.objects.count() == 0
    assert SearchDocument.objects.filter(related_at__isnull=False).count() == n
    assert Article.tags.through.objects.filter(article__in=articles).exists()


@pytest.mark.django_db(transaction=True)
def test_requeued_while_enriching_is_not_dropped():
    cat = Category.objects.create(slug="news", name="园区动态")
    with enrich.paused():
        a = Article.objects.create(title="示例:标准厂房", category=cat, body_text=TEXT.format(n=1),
                                   status=Article.Status.PUBLISHED)
    queue.mark([a.pk])
    rows = list(PendingEnrichment.objects.values_list("article_id", "queued_at"))
    time.sleep(0.01)
    queue.mark([a.pk])  # the article changed again while a worker held the first version
    queue._done(rows)
    assert PendingEnrichment.objects.filter(article=a).exists()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_batch_loses_nothing(tmp_path):
    n, batch = 40, 5
    cat = Category.objects.create(slug="news", name="园区动态")
    with enrich.paused():
        ids = [Article.objects.create(title=f"示例:标准厂房{i}期", category=cat, body_text=distinct_text(i),
                                      status=Article.Status.PUBLISHED).pk for i in range(n)]
    queue.mark(ids)
    env = crawl_env(PARKPULSE_QUEUE_URL=f"sqlite:///{tmp_path / 'queue.sqlite3'}",
                    PARKPULSE_ENRICH_BATCH=str(batch))
    cmd = [sys.executable, "-m", "parkpulse.site.cli", "worker"]

    worker = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        # at least one batch committed, most still to do: the worker is inside a batch
        while PendingEnrichment.objects.count() > n - batch and time.monotonic() < deadline:
            assert worker.poll() is None, worker.stderr.read().decode()[-2000:]
            time.sleep(0.05)
        os.kill(worker.pid, signal.SIGKILL)
    finally:
        worker.wait(timeout=10)
    left = PendingEnrichment.objects.count()
    assert 0 < left <= n - batch, "the kill must land mid-queue"

    worker = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 180
        while PendingEnrichment.objects.exists() and time.monotonic() < deadline:
            assert worker.poll() is None, worker.stderr.read().decode()[-2000:]
            time.sleep(0.2)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert not PendingEnrichment.objects.exists()
    assert set(SearchDocument.objects.filter(related_at__isnull=False).values_list("article_id", flat=True)) == set(ids)
    assert RelatedLink.objects.filter(article_id__in=ids).exists()

