"""The Scrapy item pipeline: hands each fetched article page to ``ingest.Ingestor``.

One pipeline, so the order extract → gate → sanitize → dedup → store lives in one place
(``parkpulse.collect.ingest``) and is testable without Scrapy. ORM calls run synchronously in
the reactor thread (the crawl uses the plain epoll reactor, not asyncio).

Enrichment (tags, search index, related lists) is off the crawl's path: the crawl's own saves
are not enriched; each stored article is queued in the transaction that stores it
(``search.queue.mark`` in ingest.py) and a worker is woken every ``ENRICH_BATCH`` stored
articles (``search.queue.nudge``). The article is on the site at once; ``run_crawls`` catches
up on what the workers have not done when the crawl ends (``PARKPULSE_CRAWL_ENRICH=drain``).
"""

from __future__ import annotations

import logging

from django.db import close_old_connections

from parkpulse.collect.ingest import DUPLICATE, NEW, UPDATED, FetchedPage, Ingestor
from parkpulse.search import enrich, queue

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
        self.batch_size = s.getint("ENRICH_BATCH", 50)
        self._paused = enrich.paused()
        self._paused.__enter__()
        self.stored = 0

    def close_spider(self, spider=None):
        try:
            try:  # the source's template may have changed during the crawl: re-clean
                changed = self.ingestor.finish()
                if changed:
                    queue.mark(changed)
                    self.stored += len(changed)
            except Exception:  # the articles are stored; `parkpulse source retemplate` catches up
                log.exception("re-cleaning with the source template failed")
                close_old_connections()
            if self.stored % self.batch_size or self.stored > self.batch_size:
                queue.nudge()
        finally:
            self._paused.__exit__(None, None, None)

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
        if outcome.kind in (NEW, UPDATED, DUPLICATE) and outcome.article_id:
            self.stored += 1
            if self.stored % self.batch_size == 0:
                queue.nudge()
        return item
