"""The search backends' query plans return what the plain definition says.

Both backends pick among plans for speed: PostgreSQL reads the newest ids in slices that
grow with the density seen, a small tag filter drives the lookup from its article list, a
small date range from its articles in chunks (PostgreSQL),
SQLite scores sparse candidates in Python instead of FTS5's bm25. Whatever the plan, the
candidates must be exactly the WINDOW newest published originals that hold every piece
(literally or by all its words) and pass the filters. The reference here is computed in
Python from the texts, with a tiny WINDOW and slice so that every plan takes many steps.
"""

import random
from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from parkpulse.portal.models import Article, Tag
from parkpulse.search import backends, context
from parkpulse.search.backends import get_backend
from parkpulse.search.query import SearchQuery, prepare
from parkpulse.textkit.ngrams import index_grams

pytestmark = pytest.mark.django_db

POOL = "园区企业产业项目投资建设发展科技创新平台服务中心智能制造芯片电池汽车"
WINDOW = 6


def _text(rng: random.Random, n: int, pool: str) -> str:
    return "".join(rng.choice(pool) if rng.random() > 0.06 else "，" for _ in range(n))


@pytest.fixture
def corpus(db):
    rng = random.Random(5)
    region = Tag.objects.create(kind=Tag.Kind.REGION, slug="320500", name="苏州市")
    industry = Tag.objects.create(kind=Tag.Kind.INDUSTRY, slug="ic", name="集成电路")
    arts = []
    now = timezone.now()
    for i in range(90):
        # A few articles from a small pool make common pieces; the rest make rare ones.
        pool = POOL[:8] if i % 3 == 0 else POOL
        art = Article.objects.create(
            title=f"示例{_text(rng, 12, pool)}", body_text=f"示例数据。{_text(rng, 120, pool)}",
            status="published" if i % 11 else "draft", is_sample=True,
            # dates that do not follow the ids, as in a backfilled archive
            published_at=now - timedelta(days=rng.randint(0, 60)),
        )
        if i % 4 == 0:
            art.tags.add(region)
        if i % 2 == 0:
            art.tags.add(industry)
        arts.append(art)
    return arts


def _expected(texts, q, region=None, industry=None) -> list[int]:
    """Newest first: the published originals passing the filters that hold every piece."""
    out = []
    for pk, (tokens, slugs, day) in texts.items():
        if (region and region not in slugs) or (industry and industry not in slugs):
            continue
        if (q.date_from and day < q.date_from) or (q.date_to and day > q.date_to):
            continue
        if all(p.literal.found_in(tokens) or (p.words and all(w.found_in(tokens) for w in p.words))
               for p in q.pieces):
            out.append(pk)
    return sorted(out, reverse=True)


def _texts(corpus) -> dict[int, tuple[list[str], set[str], date]]:
    return {
        a.pk: (index_grams(a.title + "\n" + a.body_text).split(), set(a.tags.values_list("slug", flat=True)),
               timezone.localdate(a.published_at))
        for a in corpus if a.status == "published" and not a.duplicate_of_id
    }


def _queries(corpus, n=30, seed=3):
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        text = rng.choice(corpus).body_text[5:]
        size = rng.randint(2, 4)
        start = rng.randint(0, len(text) - size)
        window = text[start:start + size]
        if "，" not in window:
            out.append(window)
    return out


@pytest.fixture
def tiny_plans(monkeypatch):
    monkeypatch.setattr(backends, "WINDOW", WINDOW)
    monkeypatch.setattr(backends.PostgresBackend, "FIRST_SLICE", 1)
    monkeypatch.setattr(backends.PostgresBackend, "MIN_SLICE", 1)


def _days_ago(n: int) -> date:
    return timezone.localdate() - timedelta(days=n)


FILTERS = [{}, {"region": "320500"}, {"industry": "ic"}, {"region": "320500", "industry": "ic"},
           {"date_from": _days_ago(40)}, {"date_from": _days_ago(50), "date_to": _days_ago(5)},
           {"industry": "ic", "date_to": _days_ago(20)}]


def test_candidates_are_the_newest_matches_whatever_the_plan(corpus, tiny_plans, monkeypatch):
    tk = context.current().tokenizer
    backend = get_backend()
    texts = _texts(corpus)
    queries = _queries(corpus)
    # every filter walked / the smallest tag filter, or the date range, read first
    for small_filter in (0, 2000):
        monkeypatch.setattr(backends.BaseBackend, "SMALL_FILTER", small_filter)
        monkeypatch.setattr(backends.PostgresBackend, "DATE_DRIVE", small_filter)  # 0: slices
        for filters in FILTERS:
            seen_capped = seen_short = 0
            for text in queries:
                q = prepare(SearchQuery(text, **filters), tk)
                expected = _expected(texts, q, filters.get("region"), filters.get("industry"))
                res = backend.search(q)
                where = (text, filters, small_filter)
                assert set(res.ids) == set(expected[:WINDOW]), where
                assert res.total == min(len(expected), WINDOW), where
                assert res.capped == (len(expected) > WINDOW), where
                seen_capped += res.capped
                seen_short += 0 < len(expected) < WINDOW
            # Both a full window (the slices stop early) and a short one (they must reach
            # the oldest article) are exercised.
            assert seen_capped and seen_short, filters


def test_a_filter_with_no_article_finds_nothing(corpus):
    q = prepare(SearchQuery("园区", region="110000"), context.current().tokenizer)
    assert get_backend().search(q).ids == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5's bm25: the SQLite backend only")
def test_sparse_candidates_are_scored_as_fts5_bm25_would(corpus):
    backend = get_backend()
    q = prepare(SearchQuery("芯片电池"), context.current().tokenizer)
    assert q.terms
    ids = list(Article.objects.values_list("pk", flat=True))
    python = backend._bm25_rows(q.terms, ids)
    backend.SPARSE = 0  # force FTS5's own bm25 over the range
    fts5 = backend._word_scores(q, ids)
    assert python and python.keys() == fts5.keys()
    for pk, score in fts5.items():
        # The mean document length comes from the rows here, from the whole index in FTS5.
        assert python[pk] == pytest.approx(score, rel=0.05)
    assert sorted(python, key=python.get) == sorted(fts5, key=fts5.get)


def test_equal_scores_list_the_newest_published_first(db):
    """A query of stop words has no word score: its matches are listed newest first by
    publication, whatever order they were collected in."""
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    ages = [30, 2, 400, 9]  # days old, in collection order
    arts = [Article.objects.create(title=f"示例园区{'甲乙丙丁'[i]}", body_text="示例数据。", status="published",
                                   is_sample=True, published_at=now - timedelta(days=d))
            for i, d in enumerate(ages)]
    q = prepare(SearchQuery("园区"), context.current().tokenizer)
    assert not q.terms  # 园区 is a stop word: no word score to rank by
    got = [pk for pk, _ in get_backend().search(q).hits]
    expected = [a.pk for a in sorted(arts, key=lambda a: a.published_at, reverse=True)]
    assert got == expected
