"""``SourceSpider``: crawl one ``Source`` (list pages, a sitemap or a feed) into the pipeline.

Requests carry canonical URLs (tracking parameters and fragments gone), so one page is one
request whatever link spelling led to it; known article pages are asked for conditionally
(If-None-Match / If-Modified-Since). Every outcome — pages fetched, 304s, failures by kind,
what the pipeline did — is counted on the ``CrawlRun`` row, saved every few seconds so even a
killed crawl leaves an honest record.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from urllib.parse import urlsplit

import scrapy
from django.utils import timezone
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, StopDownload
from scrapy.linkextractors import LinkExtractor
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots
from twisted.internet import task

from parkpulse.collect.ingest import FetchedPage
from parkpulse.collect.models import CrawlRun, Page, Source
from parkpulse.collect.spiders.failures import classify
from parkpulse.collect.urls_canon import canonical_url
from parkpulse.extract.kind import refusal

HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_FAILURE_DETAILS = 200
ROLE_LIST, ROLE_SITEMAP, ROLE_FEED, ROLE_ARTICLE = "list", "sitemap", "feed", "article"
NEXT_XPATH = (
    '//a[@rel="next"]/@href | //link[@rel="next"]/@href'
    ' | //a[normalize-space(.)="下一页" or normalize-space(.)="下页" or normalize-space(.)="下一页>"'
    ' or normalize-space(.)="Next" or normalize-space(.)="next"]/@href'
)


def looks_binary(body: bytes) -> str:
    """Why a body labelled as HTML is not a web page ("" when it may be one): the
    extractor's own check (magic bytes, JSON, feeds, binary noise), so both agree."""
    return refusal(body)


class SourceSpider(scrapy.Spider):
    name = "parkpulse_source"

    def __init__(self, source_id: int, run_id: int, progress=None, distributed=None, **kwargs):
        super().__init__(**kwargs)
        self.source = Source.objects.select_related("default_category").get(pk=source_id)
        self.run = CrawlRun.objects.get(pk=run_id)
        self.progress = progress
        self.distributed = distributed  # a runner.DistributedState or None
        self.article_re = re.compile(self.source.article_pattern) if self.source.article_pattern else None
        self.pagination_re = re.compile(self.source.pagination_pattern) if self.source.pagination_pattern else None
        self.allowed_re = re.compile(self.source.allowed_pattern) if self.source.allowed_pattern else None
        self.hosts = {urlsplit(u).hostname for u in self.source.start_url_list()}
        self.validators = {
            url: (etag, lm)
            for url, etag, lm in Page.objects.filter(source=self.source, gone_at__isnull=True)
            .values_list("url", "etag", "last_modified")
        }
        self.links = LinkExtractor(unique=True)
        self.scheduled: set[str] = set()
        self.counts: Counter = Counter()
        self.rejected: Counter = Counter()
        self.errors: Counter = Counter()
        self.failures: list[dict] = []
        self._dirty = False

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider._headers_received, signal=signals.headers_received)
        crawler.signals.connect(spider._response_received, signal=signals.response_received)
        crawler.signals.connect(spider._spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(spider._spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(spider._spider_closed, signal=signals.spider_closed)
        return spider

    # -- requests ------------------------------------------------------------------------
    def allowed(self, url: str) -> bool:
        if not url.startswith(("http://", "https://")):
            return False
        if self.allowed_re is not None:
            return bool(self.allowed_re.search(url))
        return urlsplit(url).hostname in self.hosts

    def make(self, url: str, role: str, *, force: bool = False) -> scrapy.Request | None:
        url = canonical_url(url)
        if not force and (url in self.scheduled or not self.allowed(url)):
            return None
        if len(self.scheduled) >= self.source.max_pages:
            self.counts["over_page_limit"] += 1
            return None
        self.scheduled.add(url)
        meta = {"pp_role": role}
        headers = {}
        callback = {ROLE_LIST: self.parse_list, ROLE_SITEMAP: self.parse_sitemap,
                    ROLE_FEED: self.parse_feed, ROLE_ARTICLE: self.parse_article}[role]
        if role == ROLE_ARTICLE:
            meta["handle_httpstatus_list"] = [304, 404, 410]
            etag, last_modified = self.validators.get(url, ("", ""))
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
        # Alone, the spider de-duplicates itself (``scheduled``), so Scrapy's filter is off and a
        # redirect loop ends in a named error instead of a silently filtered request. In
        # distributed mode the shared scrapy-redis seen-set must see every request.
        return scrapy.Request(url, callback=callback, errback=self.on_error, meta=meta, headers=headers,
                              dont_filter=self.distributed is None)

    async def start(self):
        role = {Source.Kind.LIST: ROLE_LIST, Source.Kind.SITEMAP: ROLE_SITEMAP,
                Source.Kind.FEED: ROLE_FEED}[self.source.kind]
        for url in self.source.start_url_list():
            req = self.make(url, role, force=True)
            if req is not None:
                yield req

    # -- callbacks -----------------------------------------------------------------------
    def parse_list(self, response):
        if not self._is_html(response):
            return
        # Patterns are matched against canonical URLs, so tracking parameters on a link
        # neither hide an article from the pattern nor make it a second article.
        links = [canonical_url(link.url) for link in self.links.extract_links(response)]
        if self.article_re is not None:
            for url in links:
                if self.article_re.search(url):
                    req = self.make(url, ROLE_ARTICLE)
                    if req is not None:
                        yield req
        next_urls = [response.urljoin(h) for h in response.xpath(NEXT_XPATH).getall()]
        if self.pagination_re is not None:
            next_urls += [u for u in links if self.pagination_re.search(u)]
        for url in next_urls:
            req = self.make(url, ROLE_LIST)
            if req is not None:
                yield req

    def parse_sitemap(self, response):
        body = response.body
        if body[:2] == b"\x1f\x8b":
            import gzip

            body = gzip.decompress(body)
        if response.url.endswith("/robots.txt"):
            urls = list(sitemap_urls_from_robots(response.text, base_url=response.url))
            for url in urls:
                req = self.make(url, ROLE_SITEMAP)
                if req is not None:
                    yield req
            return
        try:
            sitemap = Sitemap(body)
        except Exception as exc:  # not XML: record and move on
            self.fail(response.url, "bad_sitemap", str(exc))
            return
        role = ROLE_SITEMAP if sitemap.type == "sitemapindex" else ROLE_ARTICLE
        for entry in sitemap:
            loc = entry.get("loc")
            if not loc:
                continue
            if role == ROLE_ARTICLE and self.article_re is not None and not self.article_re.search(loc):
                continue
            req = self.make(loc, role)
            if req is not None:
                yield req

    def parse_feed(self, response):
        sel = response.selector
        sel.remove_namespaces()
        links = sel.xpath("//item/link/text() | //entry/link[not(@rel) or @rel='alternate']/@href").getall()
        if not links:
            self.fail(response.url, "bad_feed", "no <item><link> or <entry><link> found")
        for link in links:
            url = response.urljoin(link.strip())
            if self.article_re is not None and not self.article_re.search(url):
                continue
            req = self.make(url, ROLE_ARTICLE)
            if req is not None:
                yield req

    def parse_article(self, response):
        url = canonical_url(response.request.url)
        if response.status == 304:
            self.counts["not_modified"] += 1
            self._ingestor().not_modified(url)
            return
        if response.status in (404, 410):
            self.fail(response.url, f"http_{response.status}", "gone on re-crawl"
                      if self._ingestor().gone(url, response.status) else "not found")
            return
        if not self._is_html(response):
            return
        headers = {k.decode("latin-1").lower(): v[0].decode("latin-1") for k, v in response.headers.items() if v}
        yield FetchedPage(url=url, fetched_url=response.url, body=response.body,
                          status=response.status, headers=headers)

    def on_error(self, failure):
        request = failure.request
        exc = failure.value
        self.fail(request.url, classify(exc), str(exc)[:300])

    # -- bookkeeping ---------------------------------------------------------------------
    def _ingestor(self):
        return self.crawler.ingestor  # set by the pipeline on open

    def _is_html(self, response) -> bool:
        ctype = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
        refused = "" if ctype and not ctype.startswith(HTML_TYPES) else looks_binary(response.body)
        if (ctype and not ctype.startswith(HTML_TYPES)) or refused:
            self.fail(response.url, "non_html", ctype if not refused else refused)
            return False
        return True

    def fail(self, url: str, kind: str, detail: str = "") -> None:
        self.errors[kind] += 1
        if len(self.failures) < MAX_FAILURE_DETAILS:
            self.failures.append({"url": url, "kind": kind, "detail": detail})
        self._dirty = True
        if self.progress:
            self.progress("error", kind)

    def record(self, outcome) -> None:
        self.counts[outcome.kind] += 1
        if outcome.reason:
            self.rejected[outcome.reason] += 1
        self._dirty = True
        if self.progress:
            self.progress(outcome.kind, outcome.reason)

    def _headers_received(self, headers, body_length, request, spider):
        if spider is not self or request.meta.get("pp_role") != ROLE_ARTICLE:
            return
        ctype = headers.get(b"Content-Type", b"").decode("latin-1").lower()
        if ctype and not ctype.startswith(HTML_TYPES):
            # Don't download a PDF or video just to throw it away.
            raise StopDownload(fail=True)

    def _response_received(self, response, request, spider):
        if spider is self and request.meta.get("pp_role"):
            self.counts["pages"] += 1
            self._dirty = True
            if self.progress:
                self.progress("page", "")

    def _spider_opened(self, spider):
        if spider is not self:
            return
        if self.distributed is not None and hasattr(self.crawler.engine, "_SLOT_HEARTBEAT_INTERVAL"):
            # An idle worker only looks at the shared frontier on the engine's heartbeat
            # (5 s by default); poll each second so work another worker enqueues is shared.
            self.crawler.engine._SLOT_HEARTBEAT_INTERVAL = 1.0
        self._saver = task.LoopingCall(self.save_run)
        self._saver.start(1.0 if self.distributed is not None else 2.0, now=False)

    def _spider_idle(self, spider):
        if spider is self and self.distributed is not None and self.distributed.others_active(self):
            raise DontCloseSpider

    def _spider_closed(self, spider, reason):
        if spider is not self:
            return
        if getattr(self, "_saver", None) and self._saver.running:
            self._saver.stop()
        self.save_run(final=True, reason=reason)
        if self.distributed is not None:
            self.distributed.leave()

    def save_run(self, final: bool = False, reason: str = "") -> None:
        if self.distributed is not None and not final:
            self.distributed.beat(busy=not self.crawler.engine.spider_is_idle())
        if not (self._dirty or final):
            return
        run = self.run
        c = self.counts
        run.pages_fetched = c["pages"]
        run.not_modified = c["not_modified"]
        run.articles_new = c["new"]
        run.articles_updated = c["updated"]
        run.articles_unchanged = c["unchanged"]
        run.articles_duplicate = c["duplicate"]
        run.articles_rejected = c["rejected"]
        run.rejected_reasons = dict(self.rejected)
        run.errors = dict(self.errors)
        run.failures = self.failures
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        prefix = "retry/reason_count/"
        run.retries = {k[len(prefix):]: v for k, v in stats.items() if k.startswith(prefix)}
        if final:
            run.finished_at = timezone.now()
            run.finish_reason = reason
            run.status = CrawlRun.Status.FINISHED if reason in ("finished", "closespider_pagecount") \
                else CrawlRun.Status.INTERRUPTED
        run.save()
        self._dirty = False
        self._last_save = time.monotonic()
