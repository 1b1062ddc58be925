"""The Scrapy item pipeline: hands each fetched article page to ``ingest.Ingestor``.

One pipeline, so the order extract → gate → sanitize → dedup → store lives in one place
(``parkpulse.collect.ingest``) and is testable without Scrapy. ORM calls run synchronously in
the reactor thread (the crawl uses the plain epoll reactor, not asyncio).

Enrichment (tags, search index, related lists) is paused for the crawl's own saves and run
in batches of ``ENRICH_BATCH`` stored articles: per-save enrichment would recompute the same
neighbours' related lists after every article. A batch left over by a killed crawl is caught
up when the next crawl of the source opens.
"""

from __future__ import annotations

import logging

from django.db import close_old_connections

from parkpulse.collect.ingest import DUPLICATE, NEW, UPDATED, FetchedPage, Ingestor
from parkpulse.portal.models import Article
from parkpulse.search import enrich
from parkpulse.search.bulk import enrich_batch, unenriched

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
        self.pending: list[int] = unenriched(Article.objects.filter(source=spider.source))
        self._flush()

    def close_spider(self, spider=None):
        try:
            try:  # the source's template may have changed during the crawl: re-clean
                self.pending.extend(self.ingestor.finish())
            except Exception:  # the articles are stored; `parkpulse source retemplate` catches up
                log.exception("re-cleaning with the source template failed")
                close_old_connections()
            self._flush()
        finally:
            self._paused.__exit__(None, None, None)

    def _flush(self) -> None:
        ids, self.pending = self.pending, []
        if not ids:
            return
        try:
            enrich_batch(ids)
        except Exception:  # the articles are stored; `parkpulse enrich --all` catches up
            log.exception("enrichment failed for %d articles", len(ids))
            close_old_connections()

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
            self.pending.append(outcome.article_id)
            if len(self.pending) >= self.batch_size:
                self._flush()
        return item
