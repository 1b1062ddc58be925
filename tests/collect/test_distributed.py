"""Two crawl processes share one scrapy-redis frontier: each page fetched once, stored once."""

from __future__ import annotations

import subprocess
import time
import uuid

import pytest

from parkpulse.collect.models import CrawlRun, Source
from parkpulse.portal.models import Article
from tests.collect.conftest import crawl_cmd, crawl_env
from tests.collect.sitekit import Site, article_html, list_html

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

N = 40


def paced(n):
    def route(site, req):
        time.sleep(0.5)  # slow enough that the second worker finds work queued
        return 200, {}, article_html(n)
    return route


def test_two_workers_share_frontier_and_seen_set(redis_url):
    import redis

    routes = {f"/n/{i}.html": paced(i) for i in range(N)}
    links = [[f"/n/{i}.html" for i in range(p * 14, min(N, p * 14 + 14))] for p in range(3)]
    routes["/list/1.html"] = (200, {}, list_html(links[0], "/list/2.html"))
    routes["/list/2.html"] = (200, {}, list_html(links[1], "/list/3.html"))
    routes["/list/3.html"] = (200, {}, list_html(links[2] + links[0]))
    prefix = f"pp:test:{uuid.uuid4().hex[:8]}"
    r = redis.Redis.from_url(redis_url)
    # (A timed-out request would be retried, a second fetch by design: the default test
    # timeout is roomy.)
    settings = {"PARKPULSE_REDIS_PREFIX": prefix, "CONCURRENT_REQUESTS_PER_DOMAIN": 2, "DOWNLOAD_TIMEOUT": 30}
    try:
        with Site(routes) as site:
            Source.objects.create(name="分布式站", home_url=site.url + "/", start_urls=site.url + "/list/1.html",
                                  article_pattern=r"/n/\d+\.html", publish=True)
            env = crawl_env(settings, REDIS_URL=redis_url)
            procs = []
            for _ in range(2):
                procs.append(subprocess.Popen(crawl_cmd("--source", "分布式站", "--distributed"), env=env,
                                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
                # The second worker joins a crawl in progress: the first has stored an article.
                deadline = time.monotonic() + 60
                while not Article.objects.exists() and time.monotonic() < deadline:
                    time.sleep(0.05)
            outs = [p.communicate(timeout=120) for p in procs]
            for p, (_out, err) in zip(procs, outs, strict=True):
                assert p.returncode == 0, err
            hits = {path: n for path, n in site.hits.items() if path != "/robots.txt"}
            # Each page once; the only second fetches allowed are the retries the runs
            # record (a request that timed out on a loaded machine is retried by design).
            retried = sum(sum(run.retries.values()) for run in CrawlRun.objects.all())
            assert len(hits) == N + 3, hits
            assert sum(n - 1 for n in hits.values()) == retried, (hits, retried)
        assert Article.objects.count() == N
        assert len(set(Article.objects.values_list("canonical_url", flat=True))) == N
        runs = list(CrawlRun.objects.filter(distributed=True))
        assert len(runs) == 2 and all(run.status == CrawlRun.Status.FINISHED for run in runs)
        assert all(run.pages_fetched > 0 for run in runs), [run.pages_fetched for run in runs]
        assert sum(run.pages_fetched for run in runs) == N + 3  # responses, retries not counted
        assert sum(run.articles_new for run in runs) == N
        assert list(r.scan_iter(f"{prefix}:*")) == []  # the last worker out cleans up
    finally:
        for key in r.scan_iter(f"{prefix}:*"):
            r.delete(key)
