"""The Scrapy item pipeline: hands each fetched article page to ``ingest.Ingestor``.

One pipeline, so the order extract → gate → sanitize → dedup → store lives in one place
(``parkpulse.collect.ingest``) and is testable without Scrapy. ORM calls run synchronously in
the reactor thread (the crawl uses the plain epoll reactor, not asyncio).
"""

from __future__ import annotations

import logging

from django.db import close_old_connections

from parkpulse.collect.ingest import FetchedPage, Ingestor

log = logging.getLogger(__name__)


class IngestPipeline:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self, spider=None):
        spider = spider or self.crawler.spider
        s = self.crawler.settings
        lock = spider.distributed.lock() if getattr(spider, "distributed", None) else None
        self.ingestor = Ingestor(
            spider.source, threshold=s.getfloat("NEAR_DUP_THRESHOLD", 0.7),
            min_chars=s.getint("MIN_TEXT_CHARS", 120), lock=lock,
        )
        self.crawler.ingestor = self.ingestor

    def process_item(self, item, spider=None):
        spider = spider or self.crawler.spider
        if not isinstance(item, FetchedPage):
            return item
        try:
            outcome = self.ingestor.ingest(item)
        except Exception as exc:  # one bad page must not end the crawl; the run names it
            log.exception("ingest failed for %s", item.url)
            close_old_connections()
            spider.fail(item.fetched_url, "pipeline_error", f"{type(exc).__name__}: {exc}"[:300])
            return item
        spider.record(outcome)
        return item
