"""The growth curve on PostgreSQL: what each kind of request costs at 10k, 100k, 1M articles.

    python bench/growth.py postgres://postgres@127.0.0.1:5432/pp_growth [--sizes 10000,100000,1000000]

Needs the enriched 10,000-article SQLite corpus of ``bench/portal.py`` (var/bench-portal).
For each size the database (a database of its own: its portal and search tables are
emptied) is rebuilt by ``bench/pgcopy.py`` with COPY (size / 10,000 copies of the enriched
corpus), VACUUM ANALYZEd, and measured in-process through Django (median of ``--repeat``
runs, milliseconds):

  article cold      /article/<id>/ with an empty cache and no stored copy (pgcopy.py copies
                    none): rendered, then stored; a different article each time
  article copy      the same articles again with an empty cache: read from the stored copy
  article warm      the same article again (cache hit: one UPDATE … RETURNING)
  category first    /category/<slug>/
  category page 50  the last numbered page (OFFSET 980, count capped at 1,000)
  category deep     a keyset page near the category's oldest articles (?before=cursor)
  OFFSET deep       the old way to the same place: OFFSET (category size − 20) — what breaks
  search word       /search/?q=园区 ; substring /search/?q=州工 ; filtered ?q=园区&category=
  related compute   compute_related() of an article (what ingest does per article)
  ingest + enrich   one new article through the collector's ingest, then its enrichment batch

Prints one row per size with build time and database size, and a last row with the ratio
largest/smallest. A million articles takes tens of minutes to copy and about 15 GB of disk.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASE = 10_000


def median_ms(fn, repeat: int) -> float:
    times = []
    for i in range(repeat):
        t0 = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(times), 2)


def measure(repeat: int, pages: list[tuple[str, bytes]]) -> dict:
    from django.conf import settings
    from django.core.cache import caches
    from django.test import Client

    from parkpulse.collect.ingest import FetchedPage, Ingestor
    from parkpulse.collect.models import Source
    from parkpulse.portal import views
    from parkpulse.portal.models import Article, Category
    from parkpulse.search import enrich, queue
    from parkpulse.search.related import compute_related

    def clear():
        for alias in settings.CACHES:
            caches[alias].clear()

    client = Client(HTTP_HOST="127.0.0.1")
    rng = random.Random(3)
    max_id = Article.objects.order_by("-id").values_list("id", flat=True).first()
    ids = []
    while len(ids) < repeat:
        pk = rng.randint(1, max_id)
        if Article.objects.published().filter(pk=pk).exists():
            ids.append(pk)
    cat = Category.objects.order_by("id").first()
    published = Article.objects.published().filter(category=cat).order_by("-published_at", "-id")
    size = published.count()
    oldest = list(published.reverse()[:25])[-1]
    cursor = views._make_cursor(oldest)

    def get(url):
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code)

    out = {}
    client.get(f"/article/{ids[0]}/")  # imports and first connection, not measured
    out["article_cold"] = median_ms(lambda i: (clear(), get(f"/article/{ids[i]}/")), repeat)
    out["article_copy"] = median_ms(lambda i: (clear(), get(f"/article/{ids[i]}/")), repeat)
    out["article_warm"] = median_ms(lambda i: get(f"/article/{ids[0]}/"), repeat)
    out["category_first"] = median_ms(lambda i: get(f"/category/{cat.slug}/"), repeat)
    out["category_page50"] = median_ms(lambda i: get(f"/category/{cat.slug}/?page=50"), repeat)
    out["category_deep_keyset"] = median_ms(lambda i: get(f"/category/{cat.slug}/?before={cursor}"), repeat)
    out["offset_deep_old"] = median_ms(lambda i: list(published.defer("body_html")[size - 20: size]), max(3, repeat // 3))
    out["search_word"] = median_ms(lambda i: get("/search/?q=园区"), repeat)
    out["search_substring"] = median_ms(lambda i: get("/search/?q=州工"), max(3, repeat // 3))
    out["search_filtered"] = median_ms(lambda i: get(f"/search/?q=园区&category={cat.slug}"), repeat)
    out["related_compute"] = median_ms(lambda i: compute_related(ids[i]), repeat)

    src, _ = Source.objects.get_or_create(name="growth-bench", defaults={"home_url": "http://growth.invalid/", "publish": True})
    ing = Ingestor(src)
    stamp = time.time_ns()

    def ingest(i):
        path, body = pages[i % len(pages)]
        url = f"http://growth.invalid/{stamp}/{i}{path}"
        with enrich.paused():
            o = ing.ingest(FetchedPage(url=url, fetched_url=url, body=body,
                                       headers={"content-type": "text/html; charset=utf-8"}))
        assert o.article_id, o
        queue.drain()

    out["ingest_enrich"] = median_ms(ingest, max(3, repeat // 2))
    out["category_size"] = size
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("url", help="postgres:// URL of a database of its own")
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--json")
    ap.add_argument("--reuse", action="store_true",
                    help="measure a database that already holds the size (built by bench/pgcopy.py) without copying")
    a = ap.parse_args()
    os.environ["DATABASE_URL"] = a.url
    os.environ.setdefault("PARKPULSE_HOME", str(ROOT / "var" / "bench-growth"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parkpulse.site.settings")
    os.environ["PARKPULSE_CACHE_URL"] = "locmem:"
    os.environ["PARKPULSE_QUEUE_URL"] = "sqlite:///" + str(Path(os.environ["PARKPULSE_HOME"]) / "queue.sqlite3")
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "bench"))
    import django

    django.setup()
    import crawl as crawl_bench
    import pgcopy
    import psycopg
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    pages = list(crawl_bench.make_pages(40).items())
    source = ROOT / "var" / "bench-portal" / "parkpulse.sqlite3"
    if not source.exists():
        raise SystemExit(f"{source} missing: run `python bench/portal.py` first (it builds and enriches it)")
    rows = []
    for size in [int(s) for s in a.sizes.split(",")]:
        connection.close()
        with psycopg.connect(a.url.replace("postgres://", "postgresql://", 1)) as pg:
            have = pg.execute("SELECT count(*) FROM portal_article").fetchone()[0]
            # (a measured run adds a few ingested articles)
            if a.reuse and size <= have < size + 1000:
                mb = pg.execute("SELECT pg_database_size(current_database()) / 1048576").fetchone()[0]
                built = {"articles": have, "seconds": None, "database_mb": int(mb)}
            else:
                built = pgcopy.copy_corpus(source, pg, max(1, size // BASE), log=lambda *_: None)
        print(f"# built {built['articles']} articles in {built['seconds']} s, database {built['database_mb']} MB", flush=True)
        row = {"size": built["articles"], "build_s": built["seconds"], "db_mb": built["database_mb"],
               **measure(a.repeat, pages)}
        rows.append(row)
        print(json.dumps(row, ensure_ascii=False), flush=True)
    keys = [k for k in rows[0] if k not in ("size", "build_s", "db_mb", "category_size")]
    print(f"# growth, PostgreSQL, in-process ms (median of {a.repeat}); load avg {os.getloadavg()[0]:.1f}")
    print(f"{'measure':<22}" + "".join(f"{r['size']:>12}" for r in rows) + f"{'ratio':>8}")
    for k in ["build_s", "db_mb", "category_size", *keys]:
        vals = [r[k] for r in rows]
        ratio = f"{vals[-1] / vals[0]:.2f}" if vals[0] and vals[-1] is not None else "-"
        print(f"{k:<22}" + "".join(f"{v:>12}" for v in vals) + f"{ratio:>8}")
    if a.json:
        Path(a.json).write_text(json.dumps(rows, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
