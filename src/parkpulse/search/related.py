"""Related articles: scored from shared keywords, parks, industries, regions and category.

score = 0.60 · keyword cosine (TF-IDF weights, see textkit.keywords, each shared word
               scaled by its rarity in this site's own corpus: 企业 or 补贴 are in every
               other article here, whatever a general corpus says)
      + 0.20 · shared parks (Jaccard)
      + 0.08 · shared industries (Jaccard)
      + 0.07 · shared regions (Jaccard weighted by level: district 1, city 0.6, province 0.25)
      + 0.05 · same category
      × 0.6 when both name a city or district and share no place and no park

A candidate is shown only when its score reaches THRESHOLD *and* it shares real content
(keyword cosine ≥ MIN_KEYWORD_COSINE or a park): a shared province or category alone never
makes an article related, and a short list is better than a list filled with noise. The
article itself, its near-duplicates (``duplicate_of``) and reposts with the same title never
appear. Candidates come from each keyword's highest-weighted articles (a "champion list")
and each park's latest articles, so the cost per article does not grow with the corpus.
Lists are computed at ingest, cached in RelatedLink, and the lists of an article's
neighbours are recomputed when it arrives.

A scored list shorter than FILL_BELOW is completed to STORED entries, as the seed site
shows eight, from articles sharing a park, then a place and an industry, then the category,
newest first (score 0: not a claim of similarity; the fill is refreshed whenever the list
is recomputed). No entry is ever a near-duplicate of the article or of another entry.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from parkpulse.portal.models import Article, Tag
from parkpulse.search.models import KeywordWeight, RelatedLink, SearchDocument

WEIGHTS = {"keyword": 0.60, "park": 0.20, "industry": 0.08, "region": 0.07, "category": 0.05}
THRESHOLD = 0.15
MIN_KEYWORD_COSINE = 0.10
CHAMPIONS = 100  # postings read per keyword
SEED_KEYWORDS = 10  # the article's strongest keywords seed candidates; all 20 are scored
PARK_POSTINGS = 100
SHORTLIST = 60  # candidates scored exactly
DF_CACHE_SECONDS = 600  # document frequencies of common keywords are cached this long
STORED = 8
FILL_BELOW = 4  # a scored list shorter than this is completed by fill_candidates()
NEAR_DUPLICATE = 0.7  # MinHash Jaccard at which the collector links a repost (dedup)
REGION_LEVEL_WEIGHT = {"province": 0.25, "city": 0.6, "district": 1.0}
ELSEWHERE = 0.6  # score factor for two articles about different places (see _elsewhere)


def region_weight(slug: str) -> float:
    if slug.endswith("0000"):
        return REGION_LEVEL_WEIGHT["province"]
    if slug.endswith("00"):
        return REGION_LEVEL_WEIGHT["city"]
    return REGION_LEVEL_WEIGHT["district"]


@dataclass
class Features:
    id: int
    title: str = ""
    category_id: int | None = None
    duplicate_of_id: int | None = None
    status: str = ""
    keywords: dict[int, float] = field(default_factory=dict)
    parks: set[int] = field(default_factory=set)
    industries: set[int] = field(default_factory=set)
    regions: dict[int, float] = field(default_factory=dict)


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _weighted_jaccard(a: dict[int, float], b: dict[int, float]) -> float:
    if not a or not b:
        return 0.0
    keys = a.keys() | b.keys()
    inter = sum(min(a.get(k, 0.0), b.get(k, 0.0)) for k in keys)
    union = sum(max(a.get(k, 0.0), b.get(k, 0.0)) for k in keys)
    return inter / union if union else 0.0


def score_pair(a: Features, b: Features, rarity: dict[int, float] | None = None) -> tuple[float, float]:
    """(score, keyword cosine) of b as related to a."""
    rarity = rarity or {}
    cosine = sum(w * b.keywords.get(t, 0.0) * rarity.get(t, 1.0) for t, w in a.keywords.items())
    score = (
        WEIGHTS["keyword"] * cosine
        + WEIGHTS["park"] * _jaccard(a.parks, b.parks)
        + WEIGHTS["industry"] * _jaccard(a.industries, b.industries)
        + WEIGHTS["region"] * _weighted_jaccard(a.regions, b.regions)
        + WEIGHTS["category"] * (1.0 if a.category_id and a.category_id == b.category_id else 0.0)
    )
    if _elsewhere(a, b):
        score *= ELSEWHERE
    return score, cosine


def _elsewhere(a: Features, b: Features) -> bool:
    """Both name a city or district, and no place at all in common: the same industry's
    news from two ends of the country (合肥 vs 长春 auto parts) is a weak neighbour."""
    specific = REGION_LEVEL_WEIGHT["city"]
    return (
        any(w >= specific for w in a.regions.values())
        and any(w >= specific for w in b.regions.values())
        and not a.regions.keys() & b.regions.keys()
        and not a.parks & b.parks
    )


def load_features(ids: list[int], keyword_tags: list[int] | None = None) -> dict[int, Features]:
    """Features of the given articles; keyword weights limited to ``keyword_tags`` if given."""
    feats = {
        pk: Features(pk, title, cat, dup, status)
        for pk, title, cat, dup, status in Article.objects.filter(pk__in=ids).values_list(
            "id", "title", "category_id", "duplicate_of_id", "status"
        )
    }
    kw = KeywordWeight.objects.filter(article_id__in=ids)
    if keyword_tags is not None:
        kw = kw.filter(tag_id__in=keyword_tags)
    for aid, tag_id, weight in kw.values_list("article_id", "tag_id", "weight"):
        feats[aid].keywords[tag_id] = weight
    through = Article.tags.through
    rows = through.objects.filter(
        article_id__in=ids, tag__kind__in=[Tag.Kind.REGION, Tag.Kind.INDUSTRY]
    ).values_list("article_id", "tag_id", "tag__kind", "tag__slug")
    for aid, tag_id, kind, slug in rows:
        if kind == Tag.Kind.INDUSTRY:
            feats[aid].industries.add(tag_id)
        else:
            feats[aid].regions[tag_id] = region_weight(slug)
    for aid, park_id in Article.parks.through.objects.filter(article_id__in=ids).values_list(
        "article_id", "park_id"
    ):
        feats[aid].parks.add(park_id)
    return feats


_corpus_size: tuple[float, int] = (0.0, 0)


def corpus_size() -> int:
    """Articles in the index; a large index is re-counted at most once a minute."""
    global _corpus_size
    now = time.monotonic()
    if _corpus_size[1] < 10_000 or now - _corpus_size[0] > 60:
        n = None
        if connection.vendor == "postgresql":
            # Counting a million rows takes 40 ms; the planner's estimate is exact enough
            # for an IDF once the table is large.
            with connection.cursor() as cur:
                cur.execute("SELECT reltuples FROM pg_class WHERE oid = 'search_searchdocument'::regclass")
                row = cur.fetchone()
            n = int(row[0]) if row and row[0] and row[0] >= 100_000 else None
        _corpus_size = (now, n if n is not None else SearchDocument.objects.count())
    return _corpus_size[1]


_df_cache: dict[int, tuple[float, int]] = {}


def document_frequency(tag_ids: list[int]) -> dict[int, int]:
    """Articles per keyword. Counting a common keyword's postings costs milliseconds, so
    counts of 1,000 and more are cached per process for DF_CACHE_SECONDS; small counts,
    which change fastest in relative terms, are always exact."""
    now = time.monotonic()
    df, todo = {}, []
    for t in tag_ids:
        hit = _df_cache.get(t)
        if hit and now - hit[0] < DF_CACHE_SECONDS:
            df[t] = hit[1]
        else:
            todo.append(t)
    if todo:
        # The most common keywords are the costly ones to count (200,000 postings each at a
        # million articles); PostgreSQL's own statistics already hold their share of the
        # postings, which is all an IDF needs. The rest are counted exactly.
        common = _common_keyword_counts(now)
        for t in [t for t in todo if t in common]:
            df[t] = common[t]
            _df_cache[t] = (now, df[t])
        todo = [t for t in todo if t not in common]
    if todo:
        counted = dict(
            # COUNT(*), not COUNT(id): the tag's index alone answers it.
            KeywordWeight.objects.filter(tag_id__in=todo).values("tag_id")
            .annotate(n=Count("*")).values_list("tag_id", "n")
        )
        for t in todo:
            df[t] = counted.get(t, 0)
            if df[t] >= 1000:
                _df_cache[t] = (now, df[t])
    return df


_common: tuple[float, dict[int, int]] = (0.0, {})


def _common_keyword_counts(now: float) -> dict[int, int]:
    """Postings of the keywords in PostgreSQL's most-common-values statistics of
    search_keywordweight.tag_id (ANALYZE's sample: share × the table's row estimate), read
    at most once per DF_CACHE_SECONDS. Empty on SQLite, or before the first ANALYZE."""
    global _common
    if connection.vendor != "postgresql":
        return {}
    if now - _common[0] < DF_CACHE_SECONDS:
        return _common[1]
    with connection.cursor() as cur:
        cur.execute(
            "SELECT s.most_common_vals::text, s.most_common_freqs, c.reltuples FROM pg_stats s"
            " JOIN pg_class c ON c.relname = s.tablename AND c.relkind = 'r'"
            " WHERE s.tablename = 'search_keywordweight' AND s.attname = 'tag_id'"
            " AND s.schemaname = current_schema()"
        )
        row = cur.fetchone()
    counts: dict[int, int] = {}
    if row and row[0] and row[2] and row[2] > 0:
        values = [int(v) for v in row[0].strip("{}").split(",") if v]
        counts = {v: round(f * row[2]) for v, f in zip(values, row[1], strict=False)}
        # Only where the sample is large enough to mean something; small tables are counted.
        counts = {v: n for v, n in counts.items() if n >= 1000}
    _common = (now, counts)
    return counts


def keyword_rarity(tag_ids: list[int]) -> dict[int, float]:
    """Corpus IDF of each keyword over the largest possible IDF, in (0, 1]."""
    n = max(corpus_size(), 1)
    df = document_frequency(tag_ids)
    top = math.log(n + 1) + 1
    return {t: (math.log((n + 1) / (df.get(t, 0) + 1)) + 1) / top for t in tag_ids}


def compute_related(article: Article | int, limit: int = STORED) -> list[tuple[int, float]]:
    """[(other id, score)] best first, at most ``limit``, only above the threshold."""
    aid = article if isinstance(article, int) else article.pk
    a = load_features([aid]).get(aid)
    if a is None:
        return []
    rarity = keyword_rarity(list(a.keywords))
    partial: dict[int, float] = defaultdict(float)
    seeds = sorted(a.keywords, key=lambda t: -a.keywords[t] * rarity[t])[:SEED_KEYWORDS]
    if seeds:
        # One round trip: each seed keyword's CHAMPIONS strongest postings.
        sql = " UNION ALL ".join(
            f"SELECT * FROM (SELECT tag_id, article_id, weight FROM search_keywordweight"
            f" WHERE tag_id = %s ORDER BY weight DESC LIMIT %s) c{i}"
            for i in range(len(seeds))
        )
        with connection.cursor() as cur:
            cur.execute(sql, [v for t in seeds for v in (t, CHAMPIONS)])
            for tag_id, other, w in cur.fetchall():
                partial[other] += a.keywords[tag_id] * rarity[tag_id] * w
    park_candidates: set[int] = set()
    if a.parks:
        park_candidates = set(
            Article.parks.through.objects.filter(park_id__in=a.parks)
            .order_by("-article_id")
            .values_list("article_id", flat=True)[:PARK_POSTINGS]
        )
    partial.pop(aid, None)
    park_candidates.discard(aid)
    shortlist = sorted(partial, key=lambda k: (-partial[k], -k))[:SHORTLIST]
    ids = list(set(shortlist) | park_candidates)
    feats = load_features(ids, keyword_tags=list(a.keywords)) if ids else {}
    root = a.duplicate_of_id or a.id
    title = _norm_title(a.title)
    scored = []
    for b in feats.values():
        if b.status != Article.Status.PUBLISHED or b.duplicate_of_id is not None:
            continue
        if b.id == root or _norm_title(b.title) == title:
            continue  # the article's original, or an unlinked repost
        score, cosine = score_pair(a, b, rarity)
        if score >= THRESHOLD and (cosine >= MIN_KEYWORD_COSINE or a.parks & b.parks):
            scored.append((b.id, round(score, 6)))
    scored.sort(key=lambda kv: (-kv[1], -kv[0]))
    scored = scored[:limit]
    score_of = dict(scored)
    kept = _without_near_duplicates(a.id, [], [pk for pk, _ in scored])
    scored = [(pk, score_of[pk]) for pk in kept]
    if len(scored) < FILL_BELOW:
        # Spare candidates, in case some are near-duplicates.
        fill = fill_candidates(a, {root, *score_of}, limit - len(kept) + 4)
        fill = _without_near_duplicates(a.id, kept, fill)[: limit - len(kept)]
        scored += [(pk, 0.0) for pk in fill]
    return scored


def fill_candidates(a: Features, skip: set[int], n: int) -> list[int]:
    """Up to ``n`` articles to complete a short list, newest first within each tier: those
    sharing a park, then a place and an industry, then the category. They are not scored
    claims of similarity: they are what the seed site shows under a short list."""
    if n <= 0:
        return []
    base = Article.objects.published().exclude(pk__in=skip | {a.id}).order_by("-published_at", "-id")
    tiers = []
    if a.parks:
        tiers.append(base.filter(parks__in=a.parks))
    places = _specific_places(a.regions)
    if places and a.industries:
        tiers.append(_place_and_industry(base, places, a.industries))
    if a.category_id:
        tiers.append(base.filter(category_id=a.category_id))
    title = _norm_title(a.title)
    out: list[int] = []
    for qs in tiers:
        for pk, other_title in qs.values_list("id", "title")[: n * 3]:
            if pk in skip or pk in out or _norm_title(other_title) == title:
                continue
            out.append(pk)
            if len(out) >= n:
                return out
    return out


FEW = 2000  # a tier this small is read as an id list first (see _place_and_industry)


def _place_and_industry(base, places: list[int], industries: set[int]):
    """``base`` limited to articles tagged with one of ``places`` and one of ``industries``.

    Read from the (tag, article) index first when the two share few articles: otherwise a
    database walks the newest articles and tests both tags on each, hundreds of thousands
    of rows when the pair is rare."""
    links = Article.tags.through.objects
    both = list(
        links.filter(tag_id__in=places).values_list("article_id", flat=True)
        .intersection(links.filter(tag_id__in=industries).values_list("article_id", flat=True))[: FEW + 1]
    )
    if len(both) <= FEW:
        return base.filter(pk__in=both)
    return (base.filter(pk__in=links.filter(tag_id__in=places).values("article_id"))
            .filter(pk__in=links.filter(tag_id__in=industries).values("article_id")))


def _specific_places(regions: dict[int, float]) -> list[int]:
    """The article's most specific places (a district or city before its province)."""
    if not regions:
        return []
    top = max(regions.values())
    return [t for t, w in regions.items() if w == top]


def _without_near_duplicates(aid: int, kept: list[int], fill: list[int]) -> list[int]:
    """The entries of ``fill`` that are not near-duplicates (shingle Jaccard ≥
    NEAR_DUPLICATE, the collector's own threshold, on the collector's own shingles) of the
    article, of an entry of ``kept`` or of an earlier entry: two copies of one story that the collector
    did not link must not fill a list. Texts of very different length cannot be that
    similar, so most pairs are never compared."""
    if not fill:
        return fill
    from parkpulse.dedup import shingles

    texts = {
        pk: (t or "").strip()
        for pk, t in Article.objects.filter(pk__in=[aid, *kept, *fill]).values_list("id", "body_text")
    }
    cache: dict[int, set[str]] = {}

    def sh(pk: int) -> set[str]:
        if pk not in cache:
            cache[pk] = shingles(texts.get(pk, ""))
        return cache[pk]

    def similar(x: int, y: int) -> bool:
        lx, ly = len(texts.get(x, "")), len(texts.get(y, ""))
        if not lx or not ly or min(lx, ly) / max(lx, ly) < NEAR_DUPLICATE:
            return False
        a, b = sh(x), sh(y)
        return len(a & b) / max(len(a | b), 1) >= NEAR_DUPLICATE

    seen = [aid, *kept]
    out = []
    for pk in fill:
        if not any(similar(pk, other) for other in seen):
            seen.append(pk)
            out.append(pk)
    return out


def _norm_title(title: str) -> str:
    return "".join(ch for ch in (title or "") if ch.isalnum()).lower()


def store_related(aid: int, pairs: list[tuple[int, float]]) -> list[int]:
    """Replace the cached list; returns the ids that were scored (not fill) in the old list."""
    with transaction.atomic():
        old = list(
            RelatedLink.objects.filter(article_id=aid, score__gt=0).values_list("other_id", flat=True)
        )
        RelatedLink.objects.filter(article_id=aid).delete()
        RelatedLink.objects.bulk_create(
            [RelatedLink(article_id=aid, other_id=o, score=s, rank=i) for i, (o, s) in enumerate(pairs)]
        )
        SearchDocument.objects.filter(article_id=aid).update(related_at=timezone.now())
    return old


def refresh_related(article: Article | int, *, neighbours: bool = True) -> list[tuple[int, float]]:
    """Recompute an article's list and, with ``neighbours``, the lists of those it touches."""
    aid = article if isinstance(article, int) else article.pk
    pairs = compute_related(aid)
    old = store_related(aid, pairs)
    if neighbours:
        # Only scored neighbours: a fill entry (score 0) is not similar, and its own list
        # does not depend on this article's text.
        for other in {o for o, score in pairs if score > 0} | set(old):
            store_related(other, compute_related(other))
    return pairs


def related_articles(article: Article, limit: int = 8) -> list[Article]:
    """The cached related list (computed now if the article was never enriched)."""
    if not SearchDocument.objects.filter(article_id=article.pk, related_at__isnull=False).exists():
        from parkpulse.search.enrich import enrich_article

        # Only this article's own list: a page view must not pay for refreshing its
        # neighbours' lists (ingest and `parkpulse enrich --all` do that).
        enrich_article(article, related=False)
        refresh_related(article, neighbours=False)
    links = (
        RelatedLink.objects.filter(article_id=article.pk)
        .filter(other__status=Article.Status.PUBLISHED, other__duplicate_of__isnull=True)
        .select_related("other", "other__category")
        .order_by("rank")[:limit]
    )
    out = []
    for link in links:
        other = link.other
        other.related_score = link.score
        out.append(other)
    return out
