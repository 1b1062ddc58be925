"""Full-text search behind one interface: SQLite FTS5 or PostgreSQL tsvector.

``get_backend()`` picks the backend for the configured database. Both run the same plan:
match the query's jieba terms (all of them; if nothing matches, any of them), keep
published originals that pass the filters, and order by relevance times a recency boost
(an article from today counts up to twice one from long ago; the boost halves after
RECENCY_DAYS), ranking within the WINDOW newest matches when there are more. One- and
two-character queries that are no word of their own are matched as
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
# Relevance is ranked within the WINDOW most recently stored matches (the article id grows
# with collection), so a word found in half the corpus costs no more than a rare one.
WINDOW = 2000
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
        if q.substring:
            return self._run_window(q, any_term, None)
        floor = self._window_floor(q, any_term)
        res = self._run_window(q, any_term, floor)
        if floor is not None and len(res.hits) < q.per_page and res.total < COUNT_CAP:
            # The filters left too little inside the window: rank every match (slower).
            res = self._run_window(q, any_term, None)
        return res

    def _window_floor(self, q: SearchQuery, any_term: bool) -> int | None:
        """The id of the WINDOW-th newest matching article, or None when fewer match."""
        sql, params = self._floor_sql(q, any_term)
        with connection.cursor() as cur:
            cur.execute(sql, [*params, WINDOW - 1])
            row = cur.fetchone()
        return row[0] if row else None

    def _run_window(self, q: SearchQuery, any_term: bool, floor: int | None) -> SearchResults:
        source, score, score_params, src_params = (
            self._substring(q) if q.substring else self._match(q, any_term)
        )
        # Tag and park filters stay on a.id: bound to FTS5's rowid they turn into one index
        # probe per tagged article, slower for common tags (measured).
        where, params = self._filters(q)
        if floor is not None:
            where.append(f"{self.doc_id} >= %s")
            params.append(floor)
        where_sql = " AND ".join(where)
        offset = (max(q.page, 1) - 1) * q.per_page
        with connection.cursor() as cur:
            if q.substring:
                # Newest first: the scan stops once the page is full, then a capped count.
                cur.execute(
                    f"SELECT a.id, {score} AS score FROM {source} AND {where_sql}"
                    " ORDER BY a.published_at DESC, a.id DESC LIMIT %s OFFSET %s",
                    [*score_params, *src_params, *params, q.per_page, offset],
                )
                hits = [(row[0], float(row[1] or 0)) for row in cur.fetchall()]
                cur.execute(
                    f"SELECT COUNT(*) FROM (SELECT 1 FROM {source} AND {where_sql} LIMIT %s) x",
                    [*src_params, *params, COUNT_CAP + 1],
                )
                total = cur.fetchone()[0]
            else:
                # Ranking scores every match anyway, so one query returns the ranked ids up
                # to the count cap: the page is a slice and the length is the count.
                cur.execute(
                    f"SELECT a.id, {score} AS score FROM {source} AND {where_sql}"
                    " ORDER BY score DESC, a.id DESC LIMIT %s",
                    [*score_params, *src_params, *params, COUNT_CAP + 1],
                )
                ranked = [(row[0], float(row[1] or 0)) for row in cur.fetchall()]
                total = len(ranked)
                hits = ranked[offset:offset + q.per_page]
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
    doc_id = "a.id"  # the index's own id column, so the window bound reaches the index

    def _match(self, q: SearchQuery, any_term: bool) -> tuple[str, str, list, list]:
        """(FROM ... WHERE match, score expression, score params, match params)."""
        raise NotImplementedError

    def _floor_sql(self, q: SearchQuery, any_term: bool) -> tuple[str, list]:
        raise NotImplementedError


class SQLiteBackend(BaseBackend):
    vendor = "sqlite"
    doc_id = "f.rowid"
    recency_sql = (
        f"(1.0 + 1.0 / (1.0 + max(julianday('now') - julianday(a.published_at), 0) / {RECENCY_DAYS}))"
    )

    def _match(self, q, any_term):
        source = "search_fts f JOIN portal_article a ON a.id = f.rowid WHERE search_fts MATCH %s"
        score = f"(-bm25(search_fts, {TITLE_WEIGHT}, 1.0)) * {self.recency_sql}"
        return source, score, [], [fts5_match(q.terms, any_term=any_term)]

    def _floor_sql(self, q, any_term):
        return (
            "SELECT rowid FROM search_fts WHERE search_fts MATCH %s ORDER BY rowid DESC LIMIT 1 OFFSET %s",
            [fts5_match(q.terms, any_term=any_term)],
        )


class PostgresBackend(BaseBackend):
    vendor = "postgresql"
    doc_id = "d.article_id"
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

    def _floor_sql(self, q, any_term):
        return (
            "SELECT article_id FROM search_searchdocument WHERE tsv @@ to_tsquery('simple', %s)"
            " ORDER BY article_id DESC LIMIT 1 OFFSET %s",
            [pg_tsquery(q.terms, any_term=any_term)],
        )


BACKENDS = {"sqlite": SQLiteBackend, "postgresql": PostgresBackend}


def get_backend() -> BaseBackend:
    """The search backend for the default database."""
    try:
        return BACKENDS[connection.vendor]()
    except KeyError:
        raise ImproperlyConfigured(
            f"全文检索只支持 SQLite 和 PostgreSQL (no search backend for {connection.vendor})"
        ) from None
