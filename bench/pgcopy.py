"""Copy the enriched bench corpus from SQLite into PostgreSQL with COPY, ``copies`` times over.

    python bench/pgcopy.py postgres://postgres@127.0.0.1:5432/pp_bench [--copies 10]

The source is the SQLite database ``bench/portal.py`` built and enriched (var/bench-portal);
enrichment of 10,000 articles takes minutes, of a million days, so larger corpora are made
by copying: copy k gets ids shifted by k × (largest id + 1), dates shifted k × the span of one
copy into the past, its own canonical URLs, and its own index rows, keyword weights, tags and
related lists (pointing inside the copy). Tags and categories are shared, so each keyword's
postings grow with the corpus as they would on a real site. The target's portal and search
tables are emptied first; it must be a database of its own. Prints rows, seconds and size.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# (table, columns, id columns to shift by the article offset, own id column or None)
TABLES = [
    ("portal_article", None, ["id", "duplicate_of_id"], None),
    ("portal_article_tags", ["id", "article_id", "tag_id"], ["article_id"], "id"),
    ("portal_article_parks", ["id", "article_id", "park_id"], ["article_id"], "id"),
    # grams: the n-gram index's text (its tsvector is generated from it on the way in).
    ("search_searchdocument", ["article_id", "title_tokens", "body_tokens", "grams", "fingerprint", "related_at",
                               "published_at", "updated_at"],
     ["article_id"], None),
    ("search_keywordweight", ["id", "article_id", "tag_id", "weight"], ["article_id"], "id"),
    ("search_relatedlink", ["id", "article_id", "other_id", "score", "rank"], ["article_id", "other_id"], "id"),
]
SHARED = ["portal_category", "portal_tag", "portal_calltoaction", "parks_park"]


def quote(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def columns(src, table):
    return [r[1] for r in src.execute(f"PRAGMA table_info({table})")]


def pg_types(pg, table) -> dict[str, str]:
    with pg.cursor() as cur:
        cur.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s", [table])
        return dict(cur.fetchall())


def convert(value, pgtype):
    if value is None:
        return None
    if pgtype == "boolean":
        return bool(value)
    if pgtype.startswith("timestamp") and isinstance(value, str):
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    return value


def copy_corpus(sqlite_path: Path, pg, copies: int, log=print) -> dict:
    src = sqlite3.connect(sqlite_path)
    t0 = time.perf_counter()
    max_id = src.execute("SELECT MAX(id) FROM portal_article").fetchone()[0]
    first, last = src.execute("SELECT MIN(published_at), MAX(published_at) FROM portal_article").fetchone()
    span = datetime.fromisoformat(last) - datetime.fromisoformat(first) + timedelta(days=1)
    own_max = {t: (src.execute(f"SELECT MAX({own}) FROM {t}").fetchone()[0] or 0) + 1
               for t, _c, _s, own in TABLES if own}
    all_tables = SHARED + [t for t, *_ in TABLES]
    with pg.cursor() as cur:
        cur.execute("TRUNCATE " + ", ".join(reversed(all_tables)) + " CASCADE")
    counts = {}
    for table in SHARED:
        cols = [c for c in columns(src, table)]
        if not cols:
            continue
        types = pg_types(pg, table)
        cols = [c for c in cols if c in types]
        with pg.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(map(quote, cols))}) FROM STDIN") as cp:
            for row in src.execute(f"SELECT {', '.join(map(quote, cols))} FROM {table}"):
                cp.write_row([convert(v, types[c]) for v, c in zip(row, cols, strict=True)])
    for table, cols, shift, own in TABLES:
        types = pg_types(pg, table)
        cols = [c for c in (cols or columns(src, table)) if c in types and types[c] != "tsvector"]
        rows = src.execute(f"SELECT {', '.join(map(quote, cols))} FROM {table}").fetchall()
        idx = {c: i for i, c in enumerate(cols)}
        n = 0
        with pg.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(map(quote, cols))}) FROM STDIN") as cp:
            for k in range(copies):
                off = k * (max_id + 1)
                for row in rows:
                    row = [convert(v, types[c]) for v, c in zip(row, cols, strict=True)]
                    for c in shift:
                        if row[idx[c]] is not None:
                            row[idx[c]] += off
                    if own:
                        row[idx[own]] += k * own_max[table]
                    if table == "portal_article" and k:
                        for c in ("published_at", "collected_at"):
                            row[idx[c]] -= span * k
                        if row[idx["canonical_url"]]:
                            row[idx["canonical_url"]] += f"#copy{k}"
                    cp.write_row(row)
                    n += 1
        counts[table] = n
        log(f"#   {table}: {n} rows ({time.perf_counter() - t0:.0f} s)")
    pg.commit()
    with pg.cursor() as cur:
        for table in all_tables:  # sequences past the copied ids, as a live site's would be
            if "id" not in pg_types(pg, table):
                continue
            cur.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            seq = cur.fetchone()[0]
            if seq:
                cur.execute(f"SELECT setval(%s, (SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)", [seq])
    pg.commit()
    pg.autocommit = True
    with pg.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
        cur.execute("SELECT pg_database_size(current_database())")
        size = cur.fetchone()[0]
    return {"articles": counts["portal_article"], "seconds": round(time.perf_counter() - t0, 1),
            "database_mb": round(size / 2**20)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("url", help="postgres:// URL of a database of its own (migrated here first)")
    ap.add_argument("--copies", type=int, default=1)
    ap.add_argument("--source", default=str(ROOT / "var" / "bench-portal" / "parkpulse.sqlite3"))
    a = ap.parse_args()
    if not Path(a.source).exists():
        raise SystemExit(f"{a.source} missing: run `python bench/portal.py` first (it builds and enriches it)")
    os.environ["DATABASE_URL"] = a.url
    os.environ.setdefault("PARKPULSE_HOME", str(ROOT / "var" / "bench-growth"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parkpulse.site.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    import psycopg

    with psycopg.connect(a.url.replace("postgres://", "postgresql://", 1)) as pg:
        print(copy_corpus(Path(a.source), pg, a.copies))
    return 0


if __name__ == "__main__":
    sys.exit(main())
