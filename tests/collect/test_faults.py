"""The fault site: every kind of bad answer ends in a named record, never a broken crawl."""

from __future__ import annotations

import time

import pytest

from parkpulse.collect.models import CrawlRun, Source
from parkpulse.portal.models import Article
from tests.collect.sitekit import Site, article_html, list_html

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + b"0" * 2000
# Long enough that a loaded CI machine does not time out the fast pages, short for /n/slow.
TIMEOUT = {"DOWNLOAD_TIMEOUT": 5}
STORY_LINKS = ["/n/story.html?utm_source=a", "/n/story.html?utm_medium=b&utm_campaign=c", "/n/story.html#x",
               "/n/story.html?from=timeline", "/n/story.html?spm=1.2.3&utm_content=z"]


def once_then(first, then):
    def route(site, req):
        return first if site.hits[req.path.split("?")[0]] == 1 else then
    return route


def slow(site, req):
    time.sleep(8)  # past the timeout below
    return 200, {}, article_html(3)


def huge(site, req):
    def chunks():
        block = b"<p>" + b"x" * 65530 + b"</p>"
        for _ in range(50 * 16):
            yield block
    return 200, {"Content-Type": "text/html", "Content-Length": str(50 * 1024 * 1024)}, chunks


def gone(status, n):
    def route(site, req):
        return (status, {}, b"gone") if site.gone else (200, {}, article_html(n))
    return route


def fault_site() -> Site:
    ok = lambda n: (200, {}, article_html(n))  # noqa: E731
    links = ["/n/flaky.html", "/n/busy.html", "/n/slow.html", "/n/loop.html", "/n/huge.html",
             "/n/truncated.html", "/n/mislabelled.html", "/n/report.html", "/n/scan.html",
             "/n/private/secret.html", "/n/gone404.html", "/n/gone410.html", *STORY_LINKS]
    site = Site({
        "/list.html": (200, {}, list_html(links)),
        "/n/flaky.html": once_then((500, {}, b"oops"), ok(1)),
        "/n/busy.html": once_then((503, {"Retry-After": "1"}, b"busy"), ok(2)),
        "/n/slow.html": slow,
        "/n/loop.html": (302, {"Location": "/n/loop2.html"}, b""),
        "/n/loop2.html": (302, {"Location": "/n/loop.html"}, b""),
        "/n/huge.html": huge,
        "/n/truncated.html": (200, {}, article_html(4)[:-120]),
        "/n/mislabelled.html": (200, {"Content-Type": "text/html; charset=utf-8"},
                                article_html(5, charset="utf-8").encode("gbk")),
        "/n/report.html": (200, {"Content-Type": "application/pdf"}, PDF),
        "/n/scan.html": (200, {"Content-Type": "text/html"}, PDF),
        "/n/private/secret.html": ok(6),
        "/n/gone404.html": gone(404, 7),
        "/n/gone410.html": gone(410, 8),
        "/n/story.html": ok(9),
    }, robots="User-agent: *\nDisallow: /n/private/\n")
    site.gone = False
    return site


def test_fault_site_crawl_records_every_failure_and_stores_exactly_the_good_pages(crawl):
    with fault_site() as site:
        src = Source.objects.create(name="故障站", home_url=site.url + "/", start_urls=site.url + "/list.html",
                                    article_pattern=r"/n/", publish=True)
        proc = crawl("--source", "故障站", settings=TIMEOUT)
        assert proc.returncode == 0, proc.stderr
        run = CrawlRun.objects.get(source=src)
        assert run.status == CrawlRun.Status.FINISHED
        assert run.errors == {"timeout": 1, "redirect_loop": 1, "too_large": 1, "non_html": 2,
                              "robots_forbidden": 1}
        kinds = {(f["url"].rsplit("/", 1)[-1], f["kind"]) for f in run.failures}
        assert {("slow.html", "timeout"), ("huge.html", "too_large"), ("report.html", "non_html"),
                ("scan.html", "non_html"), ("secret.html", "robots_forbidden")} <= kinds
        assert any(k.startswith("500") for k in run.retries) and any(k.startswith("503") for k in run.retries)
        assert "/n/private/secret.html" not in site.hits  # robots.txt obeyed: never requested
        assert site.hits["/n/story.html"] == 1  # five spellings, one request
        busy = [t for t, path, _ in site.log if path.startswith("/n/busy.html")]
        assert len(busy) == 2 and busy[1] - busy[0] >= 0.9  # Retry-After honoured
        ua = next(h for _, p, h in site.log if p == "/list.html")["User-Agent"]
        assert ua.startswith("ParkPulseBot/") and "+http" in ua

        expected = {f"{site.url}/n/{name}.html" for name in
                    ("flaky", "busy", "truncated", "mislabelled", "gone404", "gone410", "story")}
        assert set(Article.objects.values_list("canonical_url", flat=True)) == expected
        assert "测试园区第5号新闻稿" in Article.objects.get(canonical_url__endswith="mislabelled.html").title

        site.gone = True
        proc = crawl("--source", "故障站", settings=TIMEOUT)
        assert proc.returncode == 0, proc.stderr
        rerun = CrawlRun.objects.filter(source=src).order_by("-id").first()
        assert rerun.errors.get("http_404") == 1 and rerun.errors.get("http_410") == 1
        assert set(Article.objects.values_list("canonical_url", flat=True)) == expected
        assert Article.objects.get(canonical_url__endswith="gone410.html").status == Article.Status.HIDDEN
        assert Article.objects.get(canonical_url__endswith="gone404.html").status == Article.Status.PUBLISHED
        assert rerun.articles_new == 0
