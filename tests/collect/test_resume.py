"""kill -9 in the middle of a crawl, run it again: the same final set, nothing twice."""

from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest

from parkpulse.collect.models import CrawlRun, Source
from parkpulse.portal.models import Article
from tests.collect.conftest import crawl_cmd, crawl_env
from tests.collect.sitekit import Site, article_html, list_html

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

N = 36
SLOW = {"CONCURRENT_REQUESTS_PER_DOMAIN": 2}


def paced(n):
    def route(site, req):
        time.sleep(0.12)
        return 200, {}, article_html(n)
    return route


def test_sigkill_midway_then_rerun_gives_same_set_without_duplicates(crawl):
    routes = {f"/n/{i}.html": paced(i) for i in range(N)}
    pages = [[f"/n/{i}.html?utm_source=p{p}" for i in range(p * 12, p * 12 + 12)] for p in range(3)]
    routes["/list/1.html"] = (200, {}, list_html(pages[0], "/list/2.html"))
    routes["/list/2.html"] = (200, {}, list_html(pages[1], "/list/3.html"))
    routes["/list/3.html"] = (200, {}, list_html(pages[2]))
    with Site(routes) as site:
        src = Source.objects.create(name="慢站", home_url=site.url + "/", start_urls=site.url + "/list/1.html",
                                    article_pattern=r"/n/\d+\.html", publish=True)
        proc = subprocess.Popen(crawl_cmd("--source", "慢站"), env=crawl_env(SLOW),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 60
            while Article.objects.count() < 8 and time.monotonic() < deadline and proc.poll() is None:
                time.sleep(0.1)
            os.kill(proc.pid, signal.SIGKILL)
        finally:
            proc.wait(timeout=10)
        partial = Article.objects.count()
        assert 8 <= partial < N, "the kill must land mid-crawl"

        done = crawl("--source", "慢站", settings=SLOW)
        assert done.returncode == 0, done.stderr
        expected = {f"{site.url}/n/{i}.html" for i in range(N)}
        urls = list(Article.objects.values_list("canonical_url", flat=True))
        assert len(urls) == N and set(urls) == expected
        assert not Article.objects.filter(duplicate_of__isnull=False).exists()
        killed, finished = CrawlRun.objects.filter(source=src).order_by("id")
        assert killed.status == CrawlRun.Status.INTERRUPTED
        assert finished.status == CrawlRun.Status.FINISHED
        assert finished.articles_new == N - partial
