"""Full-text search behind one interface: SQLite FTS5 or PostgreSQL tsvector.

``get_backend()`` picks the backend for the configured database. Both run the same plan:

1. **Recall** from the n-gram index (``search_grams`` FTS5 table / ``grams`` tsvector
   column): the WINDOW newest published originals in which every query piece occurs
   (``query.py``), filters applied inside the same indexed query.
2. **Ranking** within those: articles whose title holds the query first, then the jieba
   word index's relevance (bm25 / ts_rank over the query's content words, title ×4) times
   a recency boost (an article from today counts up to twice one from long ago; the boost
   halves after RECENCY_DAYS), then the newest.

The title test and the recency boost are computed in Python on the same rows for both
backends; only the word relevance differs (bm25 vs ts_rank). Counts are exact up to
WINDOW, then shown as "WINDOW+".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils import timezone

from parkpulse.search import query as Q
from parkpulse.search.query import SearchQuery

RECENCY_DAYS = 30.0
# Matches are ranked within the WINDOW most recently stored ones (the article id grows with
# collection), so a word found in half the corpus costs no more than a rare one.
WINDOW = 1000
TITLE_WEIGHT = 4.0


@dataclass
class SearchResults:
    hits: list[tuple[int, float]]  # (article id, score) of the page, best first
    total: int
    capped: bool  # more than WINDOW matched; total is WINDOW
    page: int
    per_page: int
    ids: list[int] = field(default_factory=list)  # every ranked match (for facet counts)
    # id -> (published_at, category id, source id) of every ranked match, for the facets
    meta: dict[int, tuple] = field(default_factory=dict)

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def recency(published_at: datetime | None, now: datetime) -> float:
    if published_at is None:
        return 1.0
    age_days = max((now - published_at).total_seconds() / 86400.0, 0.0)
    return 1.0 + 1.0 / (1.0 + age_days / RECENCY_DAYS)


class BaseBackend:
    vendor = ""

    def search(self, q: SearchQuery) -> SearchResults:
        if q.empty:
            return SearchResults([], 0, False, q.page, q.per_page)
        rows = self._candidates(self.match(q.pieces), q, WINDOW + 1)
        capped = len(rows) > WINDOW
        rows = rows[:WINDOW]
        ranked = self._rank(q, rows)
        offset = (max(q.page, 1) - 1) * q.per_page
        return SearchResults(
            ranked[offset:offset + q.per_page], len(rows), capped, q.page, q.per_page,
            [pk for pk, _ in ranked], {r[0]: r[2:] for r in rows},
        )

    def any_word(self, q: SearchQuery, limit: int = 5) -> list[int]:
        """Newest articles holding any one of the query's pieces or content words."""
        phrases = Q.relaxed(q)
        if not phrases:
            return []
        return [row[0] for row in self._candidates(self.match_any(phrases), q, limit)]

    def _rank(self, q: SearchQuery, rows: list[tuple]) -> list[tuple[int, float]]:
        if not rows:
            return []
        words = self._word_scores(q, [row[0] for row in rows]) if q.terms else {}
        now = timezone.now()
        keyed = []
        for pk, title, pub, *_rest in rows:
            score = words.get(pk, 0.0)
            keyed.append(((Q.in_text(q.pieces, title), pk in words, score * recency(pub, now), pk), score))
        keyed.sort(reverse=True)
        return [(k[3], score) for k, score in keyed]

    # -- shared SQL pieces ----------------------------------------------------------------

    def _filters(self, q: SearchQuery, id_col: str = "a.id") -> tuple[list[str], list]:
        where = ["a.status = %s", "a.duplicate_of_id IS NULL"]
        params: list = ["published"]
        if q.category:
            where.append(
                "a.category_id IN (SELECT c.id FROM portal_category c WHERE c.slug = %s"
                " OR c.parent_id IN (SELECT p.id FROM portal_category p WHERE p.slug = %s))"
            )
            params += [q.category, q.category]
        for kind, slug in (("region", q.region), ("industry", q.industry)):
            if slug:
                # IN (uncorrelated) is evaluated once; EXISTS would run per matching row.
                where.append(
                    f"{id_col} IN (SELECT at.article_id FROM portal_article_tags at JOIN portal_tag t"
                    " ON t.id = at.tag_id WHERE t.kind = %s AND t.slug = %s)"
                )
                params += [kind, slug]
        if q.park:
            where.append(f"{id_col} IN (SELECT ap.article_id FROM portal_article_parks ap WHERE ap.park_id = %s)")
            params.append(q.park)
        if q.source:
            where.append("a.source_id = %s")
            params.append(q.source)
        tz = timezone.get_current_timezone()
        if q.date_from:
            start = timezone.make_aware(datetime.combine(q.date_from, time.min), tz)
            where.append("a.published_at >= %s")
            params.append(connection.ops.adapt_datetimefield_value(start))
        if q.date_to:
            end = timezone.make_aware(datetime.combine(q.date_to + timedelta(days=1), time.min), tz)
            where.append("a.published_at < %s")
            params.append(connection.ops.adapt_datetimefield_value(end))
        return where, params

    def _candidates(self, match: str, q: SearchQuery, limit: int) -> list[tuple]:
        """(id, title, published_at, category id, source id) of the newest ``limit``
        published originals that the n-gram index matches, filters applied."""
        where, params = self._filters(q)
        sql = (
            "SELECT a.id, a.title, a.published_at, a.category_id, a.source_id"
            f" FROM {self.grams_source} AND {' AND '.join(where)}"
            f" ORDER BY {self.grams_id} DESC LIMIT %s"
        )
        with connection.cursor() as cur:
            cur.execute(sql, [match, *params, limit])
            return [(pk, title, self._datetime(pub), cat, src) for pk, title, pub, cat, src in cur.fetchall()]

    @staticmethod
    def _datetime(value) -> datetime | None:
        return value

    # -- per vendor -------------------------------------------------------------------------
    grams_source = ""  # FROM ... WHERE <n-gram match %s>, joined to portal_article a
    grams_id = ""  # the index's own id column, so ORDER BY ... DESC walks the index

    def match(self, pieces: list[Q.Piece]) -> str:
        raise NotImplementedError

    def match_any(self, phrases: list) -> str:
        raise NotImplementedError

    def _word_scores(self, q: SearchQuery, ids: list[int]) -> dict[int, float]:
        """Word-index relevance of the articles ``ids`` that hold any of the query's words."""
        raise NotImplementedError


class SQLiteBackend(BaseBackend):
    vendor = "sqlite"
    grams_source = "search_grams g JOIN portal_article a ON a.id = g.rowid WHERE search_grams MATCH %s"
    grams_id = "g.rowid"

    def match(self, pieces):
        return Q.fts5_match(pieces)

    def match_any(self, phrases):
        return Q.fts5_any(phrases)

    def _word_scores(self, q, ids):
        # FTS5 seeks its doclists to the rowid range. With filters the range may span far
        # more articles than the candidates, so the filters join in too: bm25 is then
        # computed for the rows that pass them only. (A rowid IN (...) list would run the
        # MATCH once per value.)
        sql = (
            f"SELECT f.rowid, -bm25(search_fts, {TITLE_WEIGHT}, 1.0) FROM search_fts f"
            " WHERE search_fts MATCH %s AND f.rowid BETWEEN %s AND %s"
        )
        params = [Q.fts5_terms(q.terms), min(ids), max(ids)]
        if q.filtered:
            where, fparams = self._filters(q)
            sql = sql.replace(" WHERE", " JOIN portal_article a ON a.id = f.rowid WHERE", 1)
            sql += " AND " + " AND ".join(where)
            params += fparams
        wanted = set(ids)
        with connection.cursor() as cur:
            cur.execute(sql, params)
            return {pk: float(s or 0) for pk, s in cur.fetchall() if pk in wanted}

    @staticmethod
    def _datetime(value):
        # Raw SQLite rows hold the text Django wrote: UTC, ISO format.
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        if value is not None and timezone.is_naive(value):
            value = value.replace(tzinfo=UTC)
        return value


class PostgresBackend(BaseBackend):
    vendor = "postgresql"
    grams_source = (
        "search_searchdocument d JOIN portal_article a ON a.id = d.article_id"
        " WHERE d.grams_tsv @@ to_tsquery('simple', %s)"
    )
    grams_id = "d.article_id"

    def match(self, pieces):
        return Q.pg_match(pieces)

    def match_any(self, phrases):
        return Q.pg_any(phrases)

    def _word_scores(self, q, ids):
        # ts_rank's weights array is {D, C, B, A}: titles (A) count TITLE_WEIGHT times body (B).
        sql = (
            f"SELECT article_id, ts_rank('{{0.1, 0.2, 0.25, {0.25 * TITLE_WEIGHT}}}', tsv, tq, 1)"
            " FROM search_searchdocument, to_tsquery('simple', %s) tq"
            " WHERE article_id = ANY(%s) AND tsv @@ tq"
        )
        with connection.cursor() as cur:
            cur.execute(sql, [Q.pg_terms(q.terms), ids])
            return {pk: float(s or 0) for pk, s in cur.fetchall()}


BACKENDS = {"sqlite": SQLiteBackend, "postgresql": PostgresBackend}


def get_backend() -> BaseBackend:
    """The search backend for the default database."""
    try:
        return BACKENDS[connection.vendor]()
    except KeyError:
        raise ImproperlyConfigured(
            f"全文检索只支持 SQLite 和 PostgreSQL (no search backend for {connection.vendor})"
        ) from None
