"""Full-text search behind one interface: SQLite FTS5 or PostgreSQL tsvector.

``get_backend()`` picks the backend for the configured database. Both run the same plan:
match the query's jieba terms (all of them; if nothing matches, any of them), keep
published originals that pass the filters, and order by relevance times a recency boost
(an article from today counts up to twice one from long ago; the boost halves after
RECENCY_DAYS). One- and two-character queries that are no word of their own are matched as
substrings of title and body, newest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils import timezone

from parkpulse.search.query import SearchQuery, fts5_match, pg_tsquery

RECENCY_DAYS = 30.0
COUNT_CAP = 1000  # "1000+ results": counting every match of a common word costs more than it tells
TITLE_WEIGHT = 4.0


@dataclass
class SearchResults:
    hits: list[tuple[int, float]]  # (article id, score), best first
    total: int
    capped: bool
    page: int
    per_page: int
    any_term: bool = False  # True when no article had all terms and any term was used

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


class BaseBackend:
    vendor = ""

    def search(self, q: SearchQuery) -> SearchResults:
        if q.empty:
            return SearchResults([], 0, False, q.page, q.per_page)
        if q.substring:
            return self._run(q, any_term=False)
        res = self._run(q, any_term=False)
        if res.total == 0 and len(q.terms) > 1:
            res = self._run(q, any_term=True)
            res.any_term = True
        return res

    # -- shared SQL pieces ----------------------------------------------------------------

    def _filters(self, q: SearchQuery) -> tuple[list[str], list]:
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
                where.append(
                    "EXISTS (SELECT 1 FROM portal_article_tags at JOIN portal_tag t"
                    " ON t.id = at.tag_id WHERE at.article_id = a.id AND t.kind = %s AND t.slug = %s)"
                )
                params += [kind, slug]
        if q.park:
            where.append(
                "EXISTS (SELECT 1 FROM portal_article_parks ap"
                " WHERE ap.article_id = a.id AND ap.park_id = %s)"
            )
            params.append(q.park)
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

    def _run(self, q: SearchQuery, *, any_term: bool) -> SearchResults:
        source, score, score_params, src_params = (
            self._substring(q) if q.substring else self._match(q, any_term)
        )
        where, params = self._filters(q)
        where_sql = " AND ".join(where)
        order = "a.published_at DESC, a.id DESC" if q.substring else "score DESC, a.id DESC"
        sql = (
            f"SELECT a.id, {score} AS score FROM {source} AND {where_sql}"
            f" ORDER BY {order} LIMIT %s OFFSET %s"
        )
        offset = (max(q.page, 1) - 1) * q.per_page
        count_sql = f"SELECT COUNT(*) FROM (SELECT 1 FROM {source} AND {where_sql} LIMIT %s) x"
        with connection.cursor() as cur:
            cur.execute(sql, [*score_params, *src_params, *params, q.per_page, offset])
            hits = [(row[0], float(row[1] or 0)) for row in cur.fetchall()]
            cur.execute(count_sql, [*src_params, *params, COUNT_CAP + 1])
            total = cur.fetchone()[0]
        capped = total > COUNT_CAP
        return SearchResults(hits, min(total, COUNT_CAP), capped, q.page, q.per_page, any_term)

    def _substring(self, q: SearchQuery) -> tuple[str, str, list, list]:
        pattern = "%" + q.substring.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        like = self.like_operator
        source = (
            "portal_article a WHERE (a.title "
            f"{like} %s ESCAPE '\\' OR a.body_text {like} %s ESCAPE '\\')"
        )
        return source, self.recency_sql, [], [pattern, pattern]

    # -- per vendor -------------------------------------------------------------------------
    like_operator = "LIKE"
    recency_sql = "1.0"

    def _match(self, q: SearchQuery, any_term: bool) -> tuple[str, str, list, list]:
        """(FROM ... WHERE match, score expression, score params, match params)."""
        raise NotImplementedError


class SQLiteBackend(BaseBackend):
    vendor = "sqlite"
    recency_sql = (
        f"(1.0 + 1.0 / (1.0 + max(julianday('now') - julianday(a.published_at), 0) / {RECENCY_DAYS}))"
    )

    def _match(self, q, any_term):
        source = "search_fts f JOIN portal_article a ON a.id = f.rowid WHERE search_fts MATCH %s"
        score = f"(-bm25(search_fts, {TITLE_WEIGHT}, 1.0)) * {self.recency_sql}"
        return source, score, [], [fts5_match(q.terms, any_term=any_term)]


class PostgresBackend(BaseBackend):
    vendor = "postgresql"
    like_operator = "ILIKE"
    recency_sql = (
        "(1.0 + 1.0 / (1.0 + GREATEST(EXTRACT(EPOCH FROM (now() - a.published_at)), 0)"
        f" / {RECENCY_DAYS * 86400}))"
    )

    def _match(self, q, any_term):
        tsq = pg_tsquery(q.terms, any_term=any_term)
        source = (
            "search_searchdocument d JOIN portal_article a ON a.id = d.article_id"
            " WHERE d.tsv @@ to_tsquery('simple', %s)"
        )
        # ts_rank's weights array is {D, C, B, A}: titles (A) count TITLE_WEIGHT times body (B).
        score = (
            f"ts_rank('{{0.1, 0.2, 0.25, {0.25 * TITLE_WEIGHT}}}', d.tsv, to_tsquery('simple', %s), 1)"
            f" * {self.recency_sql}"
        )
        return source, score, [tsq], [tsq]


BACKENDS = {"sqlite": SQLiteBackend, "postgresql": PostgresBackend}


def get_backend() -> BaseBackend:
    """The search backend for the default database."""
    try:
        return BACKENDS[connection.vendor]()
    except KeyError:
        raise ImproperlyConfigured(
            f"全文检索只支持 SQLite 和 PostgreSQL (no search backend for {connection.vendor})"
        ) from None
