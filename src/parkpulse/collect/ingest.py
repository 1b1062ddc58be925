"""The ingest pipeline's work, independent of Scrapy: one fetched page in, one outcome out.

extract (``parkpulse.extract``) → the source's template (``templates.py``: lines the site
repeats in every story) → quality gate → sanitize → dedup → store. Dedup has two
levels: the canonical URL (a page we know is updated in place when its content changed) and
near-duplicate content (MinHash LSH, ``parkpulse.dedup``): a repost of a stored story is kept,
linked to the first copy through ``Article.duplicate_of`` and hidden, never published again.
Every write for one page happens in one transaction, keyed on the canonical URL, so running
the same page twice (a resumed crawl, a second worker) never stores it twice.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from parkpulse.collect import quality, templates
from parkpulse.collect.decode import decode_html
from parkpulse.collect.models import Fingerprint, Page, Source, split_words
from parkpulse.dedup import NearDupIndex, fingerprint, from_signature, signature_bytes
from parkpulse.portal.models import Article
from parkpulse.sanitize import clean as clean_html

log = logging.getLogger(__name__)

NEW, UPDATED, UNCHANGED, DUPLICATE, REJECTED = "new", "updated", "unchanged", "duplicate", "rejected"
LEARN_EVERY = 20  # stored pages before the first learning of the source's template in a crawl;
# the interval doubles after each, so a long crawl reads the source's bodies O(log n) times


@dataclass
class FetchedPage:
    url: str  # canonical URL: the storage key
    fetched_url: str
    body: bytes
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names


@dataclass
class Outcome:
    kind: str
    reason: str = ""
    article_id: int | None = None
    duplicate_of: int | None = None


def content_hash(title: str, text: str) -> str:
    return hashlib.sha256(f"{title}\n{text}".encode()).hexdigest()


class Ingestor:
    """Holds the near-duplicate index for one crawl process.

    The index is rebuilt from ``Fingerprint`` rows at start and topped up from rows other
    workers added (``refresh``) before each near-duplicate query; ``lock`` (a Redis lock in
    distributed mode) makes query-then-insert atomic across workers.
    """

    def __init__(self, source: Source, *, threshold: float = 0.7, min_chars: int = quality.MIN_CHARS,
                 lock=None):
        self.source = source
        self.include = split_words(source.include_keywords)
        self.exclude = split_words(source.exclude_keywords)
        self.min_chars = min_chars
        self.index = NearDupIndex(threshold=threshold)
        self._last_fp = 0
        self.lock = lock
        self.refresh()
        self.template_keys: frozenset[str] = frozenset()
        self._template_version: int | None = None
        self._version_at_start = source.template_version
        self._stored_since_learning = 0
        self._learn_every = LEARN_EVERY

    def template(self) -> frozenset[str]:
        """The lines to strip for this source, reloaded when any worker changed them."""
        from parkpulse.collect.models import Source

        version = Source.objects.filter(pk=self.source.pk).values_list("template_version", flat=True).first()
        if version != self._template_version:
            self.template_keys = templates.active_keys(self.source)
            self._template_version = version
        return self.template_keys

    def _learned(self, outcome: Outcome) -> Outcome:
        """Re-learn the template after 20, 40, 80, ... stored pages, so a first crawl strips
        the rest of its pages at ingest; ``finish`` re-cleans the earlier ones."""
        if outcome.kind in (NEW, UPDATED, DUPLICATE):
            self._stored_since_learning += 1
            if self._stored_since_learning >= self._learn_every:
                self._stored_since_learning = 0
                self._learn_every *= 2
                templates.learn(self.source)
        return outcome

    def finish(self) -> list[int]:
        """At the end of a crawl: learn the template once more and, when it changed during the
        crawl, re-clean the source's stored articles. Returns the ids whose body changed."""
        from parkpulse.collect.models import Source

        templates.learn(self.source)
        version = Source.objects.filter(pk=self.source.pk).values_list("template_version", flat=True).first()
        if version == self._version_at_start:
            return []
        self._version_at_start = version
        return templates.reclean(self.source, reason="crawl")

    def refresh(self) -> None:
        rows = (Fingerprint.objects.filter(id__gt=self._last_fp)
                .order_by("id").values_list("id", "article_id", "signature"))
        for fp_id, article_id, sig in rows.iterator(chunk_size=2000):
            self.index.add(article_id, from_signature(bytes(sig)))
            self._last_fp = fp_id

    # -- the pipeline ------------------------------------------------------------------
    def ingest(self, page: FetchedPage) -> Outcome:
        from parkpulse.extract import extract_article

        html, _enc = decode_html(page.body, page.headers.get("content-type"))
        art = extract_article(html, url=page.fetched_url, headers=page.headers)
        if art.reason:
            return self._reject(page, "extract_failed", art.reason)
        raw = (art.text, art.html)
        art.text, art.html, removed = templates.strip(self.template(), art.text, art.html)
        self._raw = {"raw_text": raw[0], "raw_html": raw[1], "template_removed": removed}
        reason = quality.check(art.title, art.text, art.language, html, include=self.include,
                               exclude=self.exclude, min_chars=self.min_chars)
        if reason:
            return self._reject(page, reason)
        body_html = clean_html(art.html)
        # the page's own content, before the template: a template change is not a page change
        digest = content_hash(art.title, raw[0])

        existing = Article.objects.filter(canonical_url=page.url).first()
        if existing is not None:
            return self._update(existing, page, art, body_html, digest)
        fp = fingerprint(art.text)
        lock = self.lock or contextlib.nullcontext()
        with lock:
            self.refresh()
            first = self.index.first_match(fp)
            try:
                with transaction.atomic():
                    article = self._create(page, art, body_html, duplicate_of=first)
                    if first is None:
                        Fingerprint.objects.create(article=article, signature=signature_bytes(fp))
                    self._save_page(page, article, digest, DUPLICATE if first else NEW)
            except IntegrityError:
                # Another worker stored this canonical URL between our lookup and insert.
                existing = Article.objects.get(canonical_url=page.url)
                return self._update(existing, page, art, body_html, digest)
            if first is None:
                self.index.add(article.id, fp)
        if first is not None:
            return self._learned(Outcome(DUPLICATE, article_id=article.id, duplicate_of=first))
        return self._learned(Outcome(NEW, article_id=article.id))

    def gone(self, url: str, status: int) -> bool:
        """A known page answered 404/410. 410 (withdrawn for good) hides its article; a 404
        may be temporary, so the article stays. Returns True if the page was known."""
        page = Page.objects.filter(url=url).select_related("article").first()
        if page is None:
            return False
        with transaction.atomic():
            page.http_status = status
            page.gone_at = page.gone_at or timezone.now()
            page.fetched_at = timezone.now()
            page.outcome = f"gone_{status}"
            page.save()
            if status == 410 and page.article_id:
                Article.objects.filter(pk=page.article_id).update(status=Article.Status.HIDDEN)
        return True

    def not_modified(self, url: str) -> None:
        Page.objects.filter(url=url).update(fetched_at=timezone.now(), http_status=304, gone_at=None)

    # -- helpers -----------------------------------------------------------------------
    def _reject(self, page: FetchedPage, reason: str, detail: str = "") -> Outcome:
        self._raw = {}
        with transaction.atomic():
            self._save_page(page, None, "", f"rejected:{reason}")
        return Outcome(REJECTED, reason=reason)

    def _fields(self, page, art, body_html) -> dict:
        text = art.text.strip()
        return {
            "title": (art.title or text[:60]).strip()[:300],
            "author": (art.author or "")[:120],
            "body_html": body_html,
            "body_text": text,
            "summary": text[:200],
            "source_url": page.fetched_url[:1000],
        }

    def _create(self, page, art, body_html, duplicate_of) -> Article:
        src = self.source
        if duplicate_of is not None:
            status = Article.Status.HIDDEN
        else:
            status = Article.Status.PUBLISHED if src.publish else Article.Status.DRAFT
        now = timezone.now()
        return Article.objects.create(
            **self._fields(page, art, body_html),
            published_at=art.published or now, collected_at=now, category=src.default_category,
            source=src, canonical_url=page.url, status=status, duplicate_of_id=duplicate_of,
            is_sample=src.is_sample,
        )

    def _update(self, article, page, art, body_html, digest) -> Outcome:
        known = Page.objects.filter(url=page.url).values_list("content_hash", flat=True).first()
        if known == digest:
            with transaction.atomic():
                self._save_page(page, article, digest, UNCHANGED)
            return Outcome(UNCHANGED, article_id=article.id)
        with transaction.atomic():
            for name, value in self._fields(page, art, body_html).items():
                setattr(article, name, value)
            if art.published:
                article.published_at = art.published
            article.save()
            if article.duplicate_of_id is None:
                fp = fingerprint(art.text)
                Fingerprint.objects.filter(article=article).delete()
                Fingerprint.objects.create(article=article, signature=signature_bytes(fp))
            self._save_page(page, article, digest, UPDATED)
        return self._learned(Outcome(UPDATED, article_id=article.id))

    def _save_page(self, page: FetchedPage, article, digest: str, outcome: str) -> None:
        h = page.headers
        Page.objects.update_or_create(
            url=page.url[:1000],
            defaults={
                "source": self.source, "article": article, "etag": (h.get("etag") or "")[:200],
                "last_modified": (h.get("last-modified") or "")[:100], "http_status": page.status,
                "content_hash": digest, "outcome": outcome[:40], "fetched_at": timezone.now(),
                "gone_at": None, **(getattr(self, "_raw", None) or {}),
            },
        )
