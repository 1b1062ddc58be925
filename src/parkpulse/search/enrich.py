"""Enrichment at ingest: tags, park links, the search index row and related lists.

``enrich_article`` runs on every stored article (a post_save receiver, see apps.py) and from
``parkpulse enrich --all``. It replaces the article's automatic tags (park, region, industry,
keyword: at most MAX_TAGS in all, in that order of priority) and its park links with what
the text says now. Editors' decisions stand: a tag they pinned (``TagDecision`` PIN, or a tag
they added in the admin) stays, a tag they blocked (or removed in the admin) never comes
back, and topic tags are theirs alone.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from contextlib import contextmanager

from django.db import transaction
from django.utils.html import strip_tags

from parkpulse.portal.models import Article, Tag, TagDecision
from parkpulse.search import context
from parkpulse.search.models import KeywordWeight, SearchDocument
from parkpulse.textkit.analyze import Analysis, analyze
from parkpulse.textkit.ngrams import index_grams

log = logging.getLogger(__name__)

AUTO_KINDS = (Tag.Kind.KEYWORD, Tag.Kind.REGION, Tag.Kind.INDUSTRY, Tag.Kind.PARK)
MAX_TAGS = 8  # tags on an article, editors' pinned and topic tags included
KIND_LIMITS = {Tag.Kind.PARK: 2, Tag.Kind.REGION: 3, Tag.Kind.INDUSTRY: 2, Tag.Kind.KEYWORD: 5}
KEYWORD_MIN_SHARE = 0.3  # a keyword tag weighs at least this share of the article's best keyword
TOP_KEYWORDS = 20  # kept as weights for related articles
SITE_COMMON_SHARE = 0.15  # a keyword in more of the site's articles is not shown as a tag
SITE_COMMON_MIN_CORPUS = 50  # ... once the site has this many articles to tell
_state = threading.local()


def article_text(article: Article) -> tuple[str, str]:
    body = article.body_text or strip_tags(article.body_html or "")
    # A summary cut from the body's start (…管理人员可) is not new text.
    if article.summary and article.summary[:60] not in body:
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
    renamed = [t for s, t in existing.items() if t.name != items[s][:60]]  # a park renamed
    for t in renamed:
        t.name = items[t.slug][:60]
    if renamed:
        Tag.objects.bulk_update(renamed, ["name"])
    return existing


def _same(name: str) -> str:
    return "".join(ch for ch in name if ch.isalnum()).lower()


def choose_tags(
    candidates: list[tuple[str, list[Tag]]], *, kept: list[Tag], blocked: set[int],
    limit: int = MAX_TAGS,
) -> list[Tag]:
    """The automatic tags to show: ``candidates`` is [(kind, tags best first)] in priority
    order (parks, places, industries, keywords); each kind takes at most KIND_LIMITS[kind],
    ``kept`` (editors' pinned and topic tags) use up the budget first, a blocked tag or a
    name already shown is skipped, and so is a keyword inside a name already shown (零部件
    beside 汽车零部件 says nothing more)."""
    seen = {_same(t.name) for t in kept}
    out: list[Tag] = []
    budget = max(0, limit - len(kept))
    for kind, tags in candidates:
        taken = 0
        for tag in tags:
            if len(out) >= budget or taken >= KIND_LIMITS.get(kind, limit):
                break
            key = _same(tag.name)
            if tag.pk in blocked or key in seen or not key:
                continue
            if kind == Tag.Kind.KEYWORD and any(key in name for name in seen):
                continue
            seen.add(key)
            out.append(tag)
            taken += 1
    return out


def _site_common(tag_ids: list[int]) -> set[int]:
    """Keywords in more than SITE_COMMON_SHARE of this site's articles: on a site about
    parks 人才 or 服务平台 says nothing about one article, whatever a general corpus says.
    They still count for related articles (weighted by their rarity there)."""
    from parkpulse.search.related import corpus_size, document_frequency

    n = corpus_size()
    if n < SITE_COMMON_MIN_CORPUS or not tag_ids:
        return set()
    return {t for t, df in document_frequency(tag_ids).items() if df > SITE_COMMON_SHARE * n}


def _store(article: Article, result: Analysis, fp: str) -> None:
    from parkpulse.parks.models import Park

    keywords = {k.word[:80]: k for k in result.keywords}
    kw_tags = _tags(Tag.Kind.KEYWORD, {slug: k.word for slug, k in keywords.items()})
    region_tags = _tags(Tag.Kind.REGION, {r.code: r.name for r in result.regions})
    industry_tags = _tags(Tag.Kind.INDUSTRY, {i.code: i.name for i in result.industries})
    park_names = dict(Park.objects.filter(pk__in=[m.park_id for m in result.parks]).values_list("id", "name"))
    park_tags = _tags(Tag.Kind.PARK, {str(pk): name for pk, name in park_names.items()})

    decisions = dict(TagDecision.objects.filter(article_id=article.pk).values_list("tag_id", "action"))
    blocked = {pk for pk, action in decisions.items() if action == TagDecision.Action.BLOCK}
    pinned = {pk for pk, action in decisions.items() if action == TagDecision.Action.PIN}
    through = Article.tags.through
    current = {t.pk: t for t in Tag.objects.filter(articles=article.pk)}
    # Editors' tags: the pinned ones, and topic tags (never set automatically) not blocked.
    kept = [t for t in Tag.objects.filter(pk__in=pinned)] + [
        t for pk, t in current.items()
        if t.kind not in AUTO_KINDS and pk not in pinned and pk not in blocked
    ]
    site_common = _site_common([t.pk for t in kw_tags.values()])
    floor = KEYWORD_MIN_SHARE * max((k.weight for k in result.keywords), default=0.0)
    candidates = [
        (Tag.Kind.PARK, [park_tags[str(m.park_id)] for m in result.parks if str(m.park_id) in park_tags]),
        (Tag.Kind.REGION, [region_tags[r.code] for r in result.regions if r.code in region_tags]),
        (Tag.Kind.INDUSTRY, [industry_tags[i.code] for i in result.industries if i.code in industry_tags]),
        (Tag.Kind.KEYWORD, [
            kw_tags[s] for s, k in keywords.items()
            if s in kw_tags and kw_tags[s].pk not in site_common and k.weight >= floor
        ]),
    ]
    final = {t.pk for t in kept} | {t.pk for t in choose_tags(candidates, kept=kept, blocked=blocked)}
    stale = [pk for pk in current if pk not in final]
    if stale:
        through.objects.filter(article_id=article.pk, tag_id__in=stale).delete()
    through.objects.bulk_create(
        [through(article_id=article.pk, tag_id=pk) for pk in final if pk not in current],
        ignore_conflicts=True,
    )
    # Park links follow the text, and the editors' decisions on park tags.
    park_ids = {m.park_id for m in result.parks}
    for pk, slug in Tag.objects.filter(pk__in=decisions, kind=Tag.Kind.PARK).values_list("pk", "slug"):
        if slug.isdigit():
            if pk in blocked:
                park_ids.discard(int(slug))
            else:
                park_ids.add(int(slug))
    article.parks.set(Park.objects.filter(pk__in=park_ids))

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
            "published_at": article.published_at,
        },
    )


def on_article_saved(sender, instance: Article, created=False, raw=False, update_fields=None, **kw):
    """post_save receiver: enrich at ingest, never failing the save that triggered it."""
    if raw:
        return
    if update_fields is None or "published_at" in update_fields:
        # The index's copy of the date follows at once, even where enrichment waits (a crawl,
        # a paused import) or is skipped because the text did not change.
        SearchDocument.objects.filter(article_id=instance.pk).exclude(
            published_at=instance.published_at).update(published_at=instance.published_at)
    if is_running() or getattr(_state, "paused", False):
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
