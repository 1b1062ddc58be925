"""Where a cold article view spends its time: cProfile over many distinct cold pages.

    python bench/profile_article.py                    # the database bench/portal.py built
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pp_bench python bench/profile_article.py

Uses the database under PARKPULSE_HOME (default var/bench-portal, built by bench/portal.py;
run that first). Renders ``--views`` different article pages through Django's test client
with an empty cache (every view is cold), prints the mean time and queries per view, the
time per query, and the functions that take the most cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--views", type=int, default=300)
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--sort", default="cumulative")
    ap.add_argument("--src", default=str(ROOT / "src"),
                    help="the code to measure (e.g. a worktree of main's src/, to compare in the same run)")
    ap.add_argument("--no-profile", action="store_true", help="only time: CPU ms per cold view, no cProfile")
    args = ap.parse_args()
    os.environ.setdefault("PARKPULSE_HOME", str(ROOT / "var" / "bench-portal"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parkpulse.site.settings")
    os.environ["PARKPULSE_CACHE_URL"] = "locmem:"
    sys.path.insert(0, args.src)
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from parkpulse.portal.models import Article

    ids = list(Article.objects.published().order_by("id").values_list("id", flat=True))
    if not ids:
        raise SystemExit("no articles: run bench/portal.py first (it builds the database)")
    step = max(1, len(ids) // (args.views + 1))
    sample = ids[step::step][: args.views]
    client = Client(HTTP_HOST="127.0.0.1")
    client.get(f"/article/{ids[0]}/")  # imports, template loading, connection: not measured
    cache.clear()
    prof = cProfile.Profile()
    with CaptureQueriesContext(connection) as ctx:
        t0, c0 = time.perf_counter(), time.process_time()
        if not args.no_profile:
            prof.enable()
        for pk in sample:
            assert client.get(f"/article/{pk}/").status_code == 200
        prof.disable()
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    sql_ms = sum(float(q["time"]) for q in ctx.captured_queries) * 1000
    n = len(sample)
    import parkpulse

    print(f"# {n} cold article views on {connection.vendor}, code {Path(parkpulse.__file__).parents[1]}: "
          f"{wall / n * 1000:.2f} ms wall, {cpu / n * 1000:.2f} ms CPU of this process each"
          f"{'' if args.no_profile else ' (under cProfile, which roughly doubles Python time)'}; "
          f"{len(ctx.captured_queries) / n:.1f} queries each, {sql_ms / n:.2f} ms of them waiting on the database")
    if args.no_profile:
        return 0
    out = io.StringIO()
    pstats.Stats(prof, stream=out).strip_dirs().sort_stats(args.sort).print_stats(args.top)
    print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
