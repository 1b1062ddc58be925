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

import math
import time as _time
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils import timezone

from parkpulse.search import query as Q
from parkpulse.search.query import SearchQuery

RECENCY_DAYS = 30.0
_OLDEST = datetime.min.replace(tzinfo=UTC)
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


def _articles_of(kind: str, value) -> tuple[str, list]:
    """SELECT of the article ids of a filter: a region or industry tag (by slug) or a park
    (by id); the link table is aliased ``x`` so that callers can add conditions on it."""
    if kind == "park":
        return "SELECT x.article_id FROM portal_article_parks x WHERE x.park_id = %s", [value]
    return ("SELECT x.article_id FROM portal_article_tags x JOIN portal_tag t ON t.id = x.tag_id"
            " WHERE t.kind = %s AND t.slug = %s", [kind, value])


def _date_range(q: SearchQuery, column: str = "a.published_at") -> tuple[list[str], list]:
    """WHERE clauses on ``column`` for q's date range (whole days, local time)."""
    where, params = [], []
    tz = timezone.get_current_timezone()
    if q.date_from:
        start = timezone.make_aware(datetime.combine(q.date_from, time.min), tz)
        where.append(f"{column} >= %s")
        params.append(connection.ops.adapt_datetimefield_value(start))
    if q.date_to:
        end = timezone.make_aware(datetime.combine(q.date_to + timedelta(days=1), time.min), tz)
        where.append(f"{column} < %s")
        params.append(connection.ops.adapt_datetimefield_value(end))
    return where, params


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
            # Equal scores (a query of stop words has no word score) go newest first.
            keyed.append(((Q.in_text(q.pieces, title), pk in words, score * recency(pub, now),
                           pub or _OLDEST, pk), score))
        keyed.sort(reverse=True)
        return [(k[-1], score) for k, score in keyed]

    # -- shared SQL pieces ----------------------------------------------------------------

    def _filters(self, q: SearchQuery, driving: tuple[str, list[int]] | None = None,
                 ids: tuple[int | None, int | None] = (None, None)) -> tuple[list[str], list]:
        """WHERE clauses and parameters for the published originals passing q's filters.
        ``driving`` (a filter's name and its articles, see _small_filter) is tested as a
        list of ids on the index's own id column, so the database starts from that list.
        ``ids`` = (low, high) limits the articles to low <= id < high (None: no bound),
        inside the tag and park lists too, so that those read only the range."""
        low, high = ids

        def bounded(col: str) -> tuple[str, list]:
            sql, args = "", []
            if low is not None:
                sql, args = sql + f" AND {col} >= %s", [*args, low]
            if high is not None:
                sql, args = sql + f" AND {col} < %s", [*args, high]
            return sql, args

        where = ["a.status = %s", "a.duplicate_of_id IS NULL"]
        params: list = ["published"]
        if low is not None or high is not None:
            sql, args = bounded(self.grams_id)
            where.append(sql.removeprefix(" AND "))
            params += args
        if q.category:
            where.append(
                "a.category_id IN (SELECT c.id FROM portal_category c WHERE c.slug = %s"
                " OR c.parent_id IN (SELECT p.id FROM portal_category p WHERE p.slug = %s))"
            )
            params += [q.category, q.category]
        if driving:
            sql, ids = self._id_list(self.grams_id, driving[1])
            where.append(sql)
            params += ids
        for kind, slug in (("region", q.region), ("industry", q.industry)):
            if slug and not (driving and driving[0] == kind):
                # IN (uncorrelated) is evaluated once; EXISTS would run per matching row.
                sql, args = _articles_of(kind, slug)
                bound, bound_args = bounded("x.article_id")
                where.append(f"a.id IN ({sql}{bound})")
                params += [*args, *bound_args]
        if q.park and not (driving and driving[0] == "park"):
            sql, args = _articles_of("park", q.park)
            bound, bound_args = bounded("x.article_id")
            where.append(f"a.id IN ({sql}{bound})")
            params += [*args, *bound_args]
        if q.source:
            where.append("a.source_id = %s")
            params.append(q.source)
        sql, args = _date_range(q)
        where += sql
        params += args
        return where, params

    def _candidates(self, match: str, q: SearchQuery, limit: int) -> list[tuple]:
        """(id, title, published_at, category id, source id) of the newest ``limit``
        published originals that the n-gram index matches, filters applied."""
        where, params = self._filters(q, self._small_filter(q))
        return self._fetch(match, where, params, limit)

    def _fetch(self, match: str, where: list[str], params: list, limit: int, order: str = "") -> list[tuple]:
        sql = (
            "SELECT a.id, a.title, a.published_at, a.category_id, a.source_id"
            f" FROM {self.grams_source} AND {' AND '.join(where)}"
            f" ORDER BY {order or self.grams_id} DESC LIMIT %s"
        )
        with connection.cursor() as cur:
            cur.execute(sql, [match, *params, limit])
            return [(pk, title, self._datetime(pub), cat, src) for pk, title, pub, cat, src in cur.fetchall()]

    @staticmethod
    def _datetime(value) -> datetime | None:
        return value

    # -- per vendor -------------------------------------------------------------------------
    grams_source = ""  # FROM ... WHERE <n-gram match %s>, joined to portal_article a
    grams_id = ""  # the index's own id column: ORDER BY it DESC is newest first

    # A tag or park filter holding at most this many articles drives the lookup: its
    # articles are read first and each is checked in the n-gram index (cost ∝ the list).
    # Larger filters are tested while the index is walked newest first (cost ∝ the rows
    # walked, small when the filter is common).
    SMALL_FILTER = 2000

    def _small_filter(self, q: SearchQuery) -> tuple[str, list[int]] | None:
        """The smallest of the tag and park filters of ``q`` ("region", "industry" or
        "park") with its article ids, when it holds at most SMALL_FILTER articles."""
        best = None
        with connection.cursor() as cur:
            for kind, slug in (("region", q.region), ("industry", q.industry), ("park", q.park)):
                if not slug:
                    continue
                sql, args = _articles_of(kind, slug)
                cur.execute(f"{sql} LIMIT %s", [*args, self.SMALL_FILTER + 1])
                ids = [row[0] for row in cur.fetchall()]
                if len(ids) <= self.SMALL_FILTER and (best is None or len(ids) < len(best[1])):
                    best = (kind, ids)
        return best

    def _id_list(self, column: str, ids: list[int]) -> tuple[str, list]:
        """SQL testing that ``column`` is one of ``ids``, and its parameters."""
        if not ids:
            return "1 = 0", []
        return f"{column} IN ({', '.join(['%s'] * len(ids))})", list(ids)

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
    grams_id = "g.rowid"  # FTS5 walks its doclists newest first and stops at the LIMIT

    def match(self, pieces):
        return Q.fts5_match(pieces)

    def match_any(self, phrases):
        return Q.fts5_any(phrases)

    # Candidates this few and this spread out (a rare piece, or a selective filter) are
    # scored in Python from their stored tokens: FTS5's bm25 over their rowid range would
    # score every row of the range that holds a query word, one docsize lookup each.
    SPARSE = 300
    SPREAD = 20

    def _word_scores(self, q, ids):
        if len(ids) <= self.SPARSE and max(ids) - min(ids) > self.SPREAD * len(ids):
            return self._bm25_rows(q.terms, ids)
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

    def _bm25_rows(self, terms: list[str], ids: list[int]) -> dict[int, float]:
        """FTS5's bm25 (k1 1.2, b 0.75, the same column weights) computed from the rows'
        stored tokens; document frequencies from the index, the mean length from the rows."""
        in_ids, args = self._id_list("article_id", ids)
        with connection.cursor() as cur:
            cur.execute(f"SELECT article_id, title_tokens, body_tokens FROM search_searchdocument WHERE {in_ids}", args)
            rows = [(pk, (title or "").split(), (body or "").split()) for pk, title, body in cur.fetchall()]
        if not rows:
            return {}
        n_docs, df = _corpus_stats(terms)
        mean_len = sum(len(t) + len(b) for _, t, b in rows) / len(rows) or 1.0
        idf = {t: max(math.log((n_docs - df[t] + 0.5) / (df[t] + 0.5)), 1e-6) for t in terms}
        out = {}
        for pk, title, body in rows:
            norm = 1.2 * (0.25 + 0.75 * (len(title) + len(body)) / mean_len)
            score = 0.0
            for t in terms:
                tf = TITLE_WEIGHT * title.count(t) + body.count(t)
                if tf:
                    score += idf[t] * tf * 2.2 / (tf + norm)
            if score:
                out[pk] = score
        return out

    @staticmethod
    def _datetime(value):
        # Raw SQLite rows hold the text Django wrote: UTC, ISO format.
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        if value is not None and timezone.is_naive(value):
            value = value.replace(tzinfo=UTC)
        return value


_STATS_SECONDS = 600
_stats: dict = {"at": 0.0, "df": {}}


def _corpus_stats(terms: list[str]) -> tuple[int, dict[str, int]]:
    """(documents in the word index, document frequency of each term); the frequencies are
    cached per process for _STATS_SECONDS: bm25's weights move little while a few articles
    arrive. The document count is the related lists' own (``related.corpus_size``)."""
    from parkpulse.search.related import corpus_size

    now = _time.monotonic()
    if now - _stats["at"] > _STATS_SECONDS:
        _stats.update(at=now, df={})
    df = _stats["df"]
    with connection.cursor() as cur:
        for t in terms:
            if t not in df:
                cur.execute("SELECT count(*) FROM search_fts WHERE search_fts MATCH %s",
                            [Q.fts5_terms([t])])
                df[t] = cur.fetchone()[0]
    return corpus_size(), {t: df[t] for t in terms}


class PostgresBackend(BaseBackend):
    vendor = "postgresql"
    grams_source = (
        "search_searchdocument d JOIN portal_article a ON a.id = d.article_id"
        " WHERE d.grams_tsv @@ to_tsquery('simple', %s)"
    )
    grams_id = "d.article_id"

    # A GIN index returns its matches in no order, and every match of a phrase is checked
    # against its stored positions before the newest can be kept: a piece found in 15,000
    # articles would cost 15,000 reads of stored vectors. So the newest FIRST_SLICE × limit
    # article ids are asked first (a bitmap AND with the primary key's range: only rows
    # inside it are read), then the next older range, sized by the density seen so far,
    # until `limit` rows are found or the index is exhausted. Each range is read once.
    FIRST_SLICE = 3
    DENSE = 0.05  # share of a slice's ids that match, above which walking it is cheap
    MIN_SLICE = 2048  # ids: a slice smaller than this costs a round trip for nothing
    MARGIN = 1.3

    # A date range holding at most this many documents is read in one statement: the b-tree
    # bitmap of the documents' dates ANDed with the GIN bitmap of the match leaves only the
    # articles that pass both. Walking id slices instead tests each slice's matches against
    # the range; where dates do not follow ids (an archive crawled late) the range thins every
    # slice out and 园区 in the last 90 days read some 30,000 rows.
    DATE_DRIVE = 20_000

    def _filters(self, q, driving=None, ids=(None, None)):
        where, params = super()._filters(q, driving, ids)
        # The index's copy of the date (SearchDocument.published_at), beside the article's own.
        sql, args = _date_range(q, "d.published_at")
        return where + sql, params + args

    def _candidates(self, match, q, limit):
        driving = self._small_filter(q)
        if driving:
            # The small filter's articles are checked one by one: no slices needed.
            return self._fetch(match, *self._filters(q, driving), limit)
        if self._small_range(q):
            return self._fetch(match, *self._filters(q), limit)
        with connection.cursor() as cur:
            cur.execute("SELECT min(article_id), max(article_id) FROM search_searchdocument")
            low, top = cur.fetchone()
        if top is None:
            return []
        rows: list[tuple] = []
        ceiling, span = top + 1, max(self.FIRST_SLICE * limit, self.MIN_SLICE)
        while len(rows) < limit and ceiling > low:
            floor = ceiling - span
            # A slice may be walked newest first (the planner's choice: right when matches are
            # dense, done after a few rows). Where the slices so far held few matches,
            # ordering by an expression, not the key, keeps the planner from walking a slice
            # row by row against the tsquery (40,000 rows for a rare word, when a small LIMIT
            # makes the walk look cheap): the GIN bitmap reads only the matches.
            searched = top + 1 - ceiling
            dense = searched == 0 or len(rows) >= self.DENSE * searched
            order = self.grams_id if dense else f"{self.grams_id} + 0"
            where, params = self._filters(q, ids=(floor if floor > low else None, ceiling))
            if searched == 0:
                found = self._walk(match, where, params, limit)
            else:
                found = self._fetch(match, where, params, limit - len(rows), order)
            rows += found
            searched = top + 1 - floor
            ceiling = floor
            # The range that should hold the rest at the density seen so far, with a margin;
            # nothing seen yet: four times what was searched.
            density = len(rows) / searched
            span = int(self.MARGIN * (limit - len(rows)) / density) if rows else 4 * searched
            span = max(span, limit, self.MIN_SLICE)
        return rows

    def _small_range(self, q: SearchQuery) -> bool:
        """Whether q's date range holds at most DATE_DRIVE search documents."""
        if not (q.date_from or q.date_to):
            return False
        where, params = _date_range(q, "d.published_at")
        with connection.cursor() as cur:
            cur.execute(f"SELECT count(*) FROM (SELECT 1 FROM search_searchdocument d WHERE {' AND '.join(where)}"
                        " LIMIT %s) s", [*params, self.DATE_DRIVE + 1])
            return cur.fetchone()[0] <= self.DATE_DRIVE

    def _walk(self, match, where, params, limit):
        """The first slice, walked newest first. Its cost is bounded by its size (a few
        thousand vector checks, ~6 ms); the planner's other choice, a GIN bitmap, reads the
        whole posting list of a common piece first (30 ms for 园区 at a million articles)
        before the range cuts it. PostgreSQL has no hints: the bitmap is switched off for
        this one statement."""
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute("SET LOCAL enable_bitmapscan = off")
            try:
                return self._fetch(match, where, params, limit)
            finally:
                cur.execute("SET LOCAL enable_bitmapscan = on")

    def _id_list(self, column, ids):
        # A subquery, not = ANY(array): see _word_scores.
        return f"{column} IN (SELECT unnest(%s::int[]))", [list(ids)]

    def match(self, pieces):
        return Q.pg_match(pieces)

    def match_any(self, phrases):
        return Q.pg_any(phrases)

    def _word_scores(self, q, ids):
        # ts_rank's weights array is {D, C, B, A}: titles (A) count TITLE_WEIGHT times body (B).
        # The ids are joined as rows, not tested with = ANY(array): the BRIN index would
        # otherwise offer itself for the array and test every block range against every id.
        sql = (
            f"SELECT d.article_id, ts_rank('{{0.1, 0.2, 0.25, {0.25 * TITLE_WEIGHT}}}', d.tsv, tq, 1)"
            " FROM unnest(%s::int[]) AS ids(id)"
            " JOIN search_searchdocument d ON d.article_id = ids.id, to_tsquery('simple', %s) tq"
            " WHERE d.tsv @@ tq"
        )
        with connection.cursor() as cur:
            cur.execute(sql, [ids, Q.pg_terms(q.terms)])
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
