"""Enrichment at ingest: tags, park links, the search index row and related lists.

``enrich_article`` runs on every stored article (a post_save receiver, see apps.py) and from
``parkpulse enrich --all``. It replaces the article's keyword, region and industry tags and
its park links with what the text says now; editors' topic tags are left alone, and an
editor's change in the admin is saved after this runs, so it stands.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from contextlib import contextmanager

from django.db import transaction
from django.utils.html import strip_tags

from parkpulse.portal.models import Article, Tag
from parkpulse.search import context
from parkpulse.search.models import KeywordWeight, SearchDocument
from parkpulse.textkit.analyze import Analysis, analyze
from parkpulse.textkit.ngrams import index_grams

log = logging.getLogger(__name__)

AUTO_KINDS = (Tag.Kind.KEYWORD, Tag.Kind.REGION, Tag.Kind.INDUSTRY)
KEYWORD_TAGS = 10  # keywords shown as tags; all TOP_KEYWORDS are kept as weights
TOP_KEYWORDS = 20
_state = threading.local()


def article_text(article: Article) -> tuple[str, str]:
    body = article.body_text or strip_tags(article.body_html or "")
    if article.summary and article.summary not in body:
        body = f"{article.summary}\n{body}"
    return article.title or "", re.sub(r"[ \t\r\f\v]+", " ", body)


def fingerprint(article: Article, version: str) -> str:
    title, body = article_text(article)
    return hashlib.sha1(f"{version}\x00{title}\x00{body}".encode()).hexdigest()


def is_running() -> bool:
    return getattr(_state, "active", False)


@contextmanager
def paused():
    """Saves inside the block are not enriched (bulk imports; tests of other apps that need
    articles without automatic tags and park links). ``parkpulse enrich --all`` catches up."""
    before = getattr(_state, "paused", False)
    _state.paused = True
    try:
        yield
    finally:
        _state.paused = before


def enrich_article(article: Article, *, force: bool = False, related: bool = True) -> bool:
    """Analyse and store; returns False when the text and dictionary are unchanged."""
    if article.pk is None:
        raise ValueError("文章尚未保存 (article has no primary key)")
    if is_running():
        return False  # a save made while enriching must not enrich again
    _state.active = True
    try:
        ctx = context.current()
        fp = fingerprint(article, ctx.version)
        doc = SearchDocument.objects.filter(pk=article.pk).only("fingerprint").first()
        changed = force or doc is None or doc.fingerprint != fp
        with transaction.atomic():
            if changed:
                title, body = article_text(article)
                result = analyze(
                    title, body, tokenizer=ctx.tokenizer, parks=ctx.parks,
                    park_places=ctx.park_places, top_keywords=TOP_KEYWORDS,
                )
                _store(article, result, fp)
            if related:
                from parkpulse.search.related import refresh_related

                refresh_related(article, neighbours=True)
        return changed
    finally:
        _state.active = False


def _tags(kind: str, items: dict[str, str]) -> dict[str, Tag]:
    """Tags of ``kind`` by slug, made where missing; ``items`` maps slug to name."""
    if not items:
        return {}
    existing = {t.slug: t for t in Tag.objects.filter(kind=kind, slug__in=list(items))}
    missing = [Tag(kind=kind, slug=s, name=n[:60]) for s, n in items.items() if s not in existing]
    if missing:
        Tag.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {t.slug: t for t in Tag.objects.filter(kind=kind, slug__in=list(items))}
    return existing


def _store(article: Article, result: Analysis, fp: str) -> None:
    keywords = {k.word[:80]: k for k in result.keywords}
    kw_tags = _tags(Tag.Kind.KEYWORD, {slug: k.word for slug, k in keywords.items()})
    region_tags = _tags(Tag.Kind.REGION, {r.code: r.name for r in result.regions})
    industry_tags = _tags(Tag.Kind.INDUSTRY, {i.code: i.name for i in result.industries})

    shown = [kw_tags[s] for s in list(keywords)[:KEYWORD_TAGS] if s in kw_tags]
    through = Article.tags.through
    through.objects.filter(article_id=article.pk, tag__kind__in=AUTO_KINDS).delete()
    new_tags = [*shown, *region_tags.values(), *industry_tags.values()]
    through.objects.bulk_create(
        [through(article_id=article.pk, tag_id=t.pk) for t in new_tags], ignore_conflicts=True
    )
    article.parks.set([m.park_id for m in result.parks])

    KeywordWeight.objects.filter(article_id=article.pk).delete()
    KeywordWeight.objects.bulk_create(
        [KeywordWeight(article_id=article.pk, tag=kw_tags[s], weight=k.weight)
         for s, k in keywords.items() if s in kw_tags]
    )
    SearchDocument.objects.update_or_create(
        article_id=article.pk,
        defaults={
            "title_tokens": " ".join(result.title_tokens),
            "body_tokens": " ".join(result.body_tokens),
            "grams": index_grams("\n".join(article_text(article))),
            "fingerprint": fp,
        },
    )


def on_article_saved(sender, instance: Article, created=False, raw=False, update_fields=None, **kw):
    """post_save receiver: enrich at ingest, never failing the save that triggered it."""
    if raw or is_running() or getattr(_state, "paused", False):
        return
    if update_fields is not None and not set(update_fields) & WATCHED_FIELDS:
        return  # e.g. a view-count update
    try:
        with transaction.atomic():
            enrich_article(instance)
    except Exception:  # the article is stored; `parkpulse enrich --all` catches up later
        log.exception("enrichment failed for article %s", instance.pk)


WATCHED_FIELDS = {"title", "body_text", "body_html", "summary", "status", "duplicate_of",
                  "category", "published_at"}
