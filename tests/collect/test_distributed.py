"""Two crawl processes share one scrapy-redis frontier: each page fetched once, stored once."""

from __future__ import annotations

import subprocess
import threading
import time
import uuid

import pytest

from parkpulse.collect.models import CrawlRun, Source
from parkpulse.portal.models import Article
from tests.collect.conftest import crawl_cmd, crawl_env
from tests.collect.sitekit import Site, article_html, list_html

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

N = 40


class Gate:
    """Article pages wait until more requests are in flight than one worker may send.

    Each worker keeps at most two requests open (CONCURRENT_REQUESTS below), so a third
    concurrent request proves the second worker has taken work from the shared frontier
    while the first is busy. Timing alone (the second worker booting before the first
    finished) failed on a loaded CI machine.
    """

    def __init__(self, need: int = 3, wait: float = 45.0):
        self.need, self.wait = need, wait
        self.cond = threading.Condition()
        self.inflight = self.peak = 0

    def route(self, n):
        def handler(site, req):
            with self.cond:
                self.inflight += 1
                self.peak = max(self.peak, self.inflight)
                self.cond.notify_all()
                # On timeout the crawl goes on, and the assertions below report the overlap.
                self.cond.wait_for(lambda: self.peak >= self.need, timeout=self.wait)
            time.sleep(0.2)
            with self.cond:
                self.inflight -= 1
            return 200, {}, article_html(n)
        return handler


def test_two_workers_share_frontier_and_seen_set(redis_url):
    import redis

    gate = Gate()
    routes = {f"/n/{i}.html": gate.route(i) for i in range(N)}
    links = [[f"/n/{i}.html" for i in range(p * 14, min(N, p * 14 + 14))] for p in range(3)]
    routes["/list/1.html"] = (200, {}, list_html(links[0], "/list/2.html"))
    routes["/list/2.html"] = (200, {}, list_html(links[1], "/list/3.html"))
    routes["/list/3.html"] = (200, {}, list_html(links[2] + links[0]))
    prefix = f"pp:test:{uuid.uuid4().hex[:8]}"
    r = redis.Redis.from_url(redis_url)
    # (A timed-out request would be retried, a second fetch by design: the timeout is
    # longer than the gate's wait.) Two requests in flight per worker, in total: a worker
    # holds no more than that, so the rest of the frontier stays shared in Redis.
    settings = {"PARKPULSE_REDIS_PREFIX": prefix, "CONCURRENT_REQUESTS": 2,
                "CONCURRENT_REQUESTS_PER_DOMAIN": 2, "DOWNLOAD_TIMEOUT": 90}
    try:
        with Site(routes) as site:
            Source.objects.create(name="分布式站", home_url=site.url + "/", start_urls=site.url + "/list/1.html",
                                  article_pattern=r"/n/\d+\.html", publish=True)
            env = crawl_env(settings, REDIS_URL=redis_url)
            procs = []
            for _ in range(2):
                procs.append(subprocess.Popen(crawl_cmd("--source", "分布式站", "--distributed"), env=env,
                                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
                # The second worker joins a crawl in progress: the first is fetching articles.
                deadline = time.monotonic() + 60
                while not any(p.startswith("/n/") for p in site.hits) and time.monotonic() < deadline:
                    time.sleep(0.05)
            outs = [p.communicate(timeout=240) for p in procs]
            for p, (_out, err) in zip(procs, outs, strict=True):
                assert p.returncode == 0, err
            hits = {path: n for path, n in site.hits.items() if path != "/robots.txt"}
            # Each page once; the only second fetches allowed are the retries the runs
            # record (a request that timed out on a loaded machine is retried by design).
            retried = sum(sum(run.retries.values()) for run in CrawlRun.objects.all())
            assert len(hits) == N + 3, hits
            assert sum(n - 1 for n in hits.values()) == retried, (hits, retried)
            assert gate.peak >= 3, gate.peak  # both workers fetched at the same time
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
