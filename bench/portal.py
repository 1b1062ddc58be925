"""Benchmark: article pages served by `parkpulse serve` (gunicorn) over 10,000 articles.

    python bench/portal.py [--articles 10000] [--clients 32] [--duration 15] [--workers 0]

Builds a database under PARKPULSE_HOME (default var/bench-portal; SQLite unless DATABASE_URL is
set — its portal tables are emptied, so use a database of its own), starts `parkpulse serve` on
a free loopback port and drives it with 32 concurrent clients (wrk when installed, else a
threaded Python client), in one run:

  healthz      GET /healthz: no database, no template (the server's own cost)
  article-hot  article pages drawn from 200 popular ids (cached related list warm)
  article-all  article pages drawn uniformly from all ids (mostly cold related list)
  all-viewed   (--every-page) article-all again after every page was viewed once: what a
               shared cache (Redis) holds for every worker; per-process memory holds each
               page only in the worker that rendered it
  paced@R      (--rate R, needs wrk2) a fresh server offered R requests a second at a fixed
               rate, each request a different article (every page cold), for --paced-duration
               seconds: the latency a visitor meets at that load. wrk (closed loop, as many
               requests as the server takes) gives the capacity; its p99 under saturation is
               the queue of 32 waiting clients (p99 ≈ clients / rate), not the page's cost.
               wrk2 (https://github.com/giltene/wrk2, Apache-2.0; `make`, then put its `wrk`
               on PATH as `wrk2` or pass --wrk2) sends on a schedule and counts a late request
               from when it should have been sent (no coordinated omission).

Every article request does the atomic view-count UPDATE; the view counts added in the
database are checked against the number of article requests completed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
HOT_IDS = 200


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=10_000)
    p.add_argument("--clients", type=int, default=32)
    p.add_argument("--duration", type=int, default=15, help="seconds per scenario")
    p.add_argument("--workers", type=int, default=0, help="gunicorn workers (default: serve's)")
    p.add_argument("--threads", type=int, default=0, help="threads per worker (default: serve's)")
    p.add_argument("--warmup", type=int, default=5, help="seconds of unmeasured load on the hot set")
    p.add_argument("--every-page", action="store_true",
                   help="then view every article once and run article-all again (row all-viewed)")
    p.add_argument("--rate", type=int, nargs="*", default=[],
                   help="also run paced rows: these many requests a second with wrk2 (e.g. 400 100)")
    p.add_argument("--paced-duration", type=int, default=20, help="seconds of the paced row")
    p.add_argument("--wrk2", default=shutil.which("wrk2") or "", help="path of the wrk2 binary")
    p.add_argument("--client", choices=["auto", "wrk", "python"], default="auto")
    p.add_argument("--keep", action="store_true", help="reuse an existing bench database")
    p.add_argument("--json", help="also write the results here")
    p.add_argument("--baseline", metavar="DIR",
                   help="also serve the same database from another checkout's src/ (e.g. a worktree of main), same run")
    p.add_argument("--cache", choices=["locmem", "redis", "both"], default="locmem",
                   help="page cache of the ParkPulse server: per-process memory, Redis (--redis), or both in turn")
    p.add_argument("--redis", default=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0",
                   help="Redis for --cache redis (a fresh key prefix per run)")
    p.add_argument("--wordpress", action="store_true",
                   help="also WordPress (Debian package, php-fpm, nginx, MariaDB) with the same articles; installs what is missing")
    p.add_argument("--wp-port", type=int, default=8440)
    p.add_argument("--wp-database", default="wp_perf")
    p.add_argument("--wp-children", type=int, default=8, help="php-fpm static pool size")
    return p.parse_args()


# -- database ---------------------------------------------------------------------------------

def build_database(n: int) -> tuple[list[int], dict]:
    """Migrate and fill the portal with ``n`` published articles (bench data, not demo data)."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from parkpulse.portal.demo import DATA
    from parkpulse.portal.models import Article, CallToAction, Category, Tag

    call_command("migrate", interactive=False, verbosity=0)
    import yaml

    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    paragraphs = [p for a in data["articles"] for p in a["paras"]]
    titles = [a["title"] for a in data["articles"]]
    rng = random.Random(7)
    if Article.objects.count() != n:
        with transaction.atomic():
            Article.tags.through.objects.all().delete()
            Article.objects.all().delete()
            Tag.objects.all().delete()
            cats = [Category.objects.update_or_create(slug=c["slug"], defaults={"name": c["name"], "order": i})[0]
                    for i, c in enumerate(data["categories"])]
            tags = Tag.objects.bulk_create(
                [Tag(name=f"基准标签{i}", slug=f"bench-{i}", kind=Tag.Kind.TOPIC) for i in range(300)]
            )
            now = timezone.now()
            batch = []
            for i in range(n):
                paras = rng.sample(paragraphs, 8)
                batch.append(Article(
                    title=f"{rng.choice(titles)} (基准 {i})",
                    author="基准数据",
                    published_at=now - timezone.timedelta(minutes=37 * i + rng.randint(0, 30)),
                    category=cats[i % len(cats)],
                    source_url=f"https://example.com/bench/{i}.html",
                    body_html="".join(f"<p>{p}</p>" for p in paras),
                    body_text="\n".join(paras),
                    summary=paras[0],
                    status=Article.Status.PUBLISHED,
                    is_sample=True,
                ))
            Article.objects.bulk_create(batch, batch_size=1000)
            ids = list(Article.objects.values_list("id", flat=True))
            links = [Article.tags.through(article_id=a, tag_id=t.pk)
                     for a in ids for t in rng.sample(tags, 3)]
            Article.tags.through.objects.bulk_create(links, batch_size=5000)
            if not CallToAction.objects.exists():
                CallToAction.objects.create()
        # Production enriches every article at ingest (tags, index, cached related list), so
        # the page only reads a stored list; bulk_create skips that, so do it here, once.
        from parkpulse.search.bulk import enrich_many

        t0 = time.perf_counter()
        enrich_many(Article.objects.values_list("id", flat=True))
        print(f"# enriched {n} articles (index + related lists) in {time.perf_counter() - t0:.0f} s",
              flush=True)
    # Planner statistics as a running site has them (autovacuum / a periodic ANALYZE): after a
    # bulk load PostgreSQL otherwise guesses 36 published articles and nests its loops wrongly.
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    ids = sorted(Article.objects.values_list("id", flat=True))
    # Stored page copies (parkpulse.portal.copies): enrichment renders them; a database
    # enriched before copies existed, or filled by bench/pgcopy.py, gets them here.
    from parkpulse.portal import copies
    from parkpulse.portal.models import PageCopy

    if copies.enabled():
        have = set(PageCopy.objects.values_list("article_id", flat=True))
        missing = [i for i in ids if i not in have]
        if missing:
            t0 = time.perf_counter()
            made = copies.refresh(missing)
            print(f"# stored {made} page copies of {len(missing)} articles in {time.perf_counter() - t0:.0f} s",
                  flush=True)

    # What one article view costs, measured in-process with Django's test client.
    from django.core.cache import cache
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    pk = ids[len(ids) // 2]
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        t0 = time.perf_counter()
        client.get(f"/article/{pk}/")
        cold_ms = (time.perf_counter() - t0) * 1000
    times = []
    with CaptureQueriesContext(connection) as warm:
        for _ in range(50):
            t0 = time.perf_counter()
            client.get(f"/article/{pk}/")
            times.append((time.perf_counter() - t0) * 1000)
    profile = {
        "queries_cold": len(cold.captured_queries),
        "queries_warm": len(warm.captured_queries) // 50,
        "in_process_ms_cold": round(cold_ms, 2),
        "in_process_ms_warm_median": round(statistics.median(times), 2),
    }
    connection.close()
    return ids, profile


def total_views() -> int:
    from django.db.models import Sum

    from parkpulse.portal.models import Article

    return Article.objects.aggregate(s=Sum("view_count"))["s"] or 0


# -- server -----------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, workers: int, threads: int, src: Path = SRC, extra_env: dict | None = None) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "parkpulse.site.cli", "serve", "--port", str(port)]
    if threads:
        cmd += ["--threads", str(threads)]
    if workers:
        cmd += ["--workers", str(workers)]
    env = {**os.environ, "PYTHONPATH": f"{src}{os.pathsep}{os.environ.get('PYTHONPATH', '')}", **(extra_env or {})}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit("server failed: " + proc.stderr.read().decode()[-800:])
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
            return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("server did not start in 60 s")


# -- load generators ----------------------------------------------------------------------------

WRK_SCRIPT = """
local ids = {%s}
local prefix, suffix = "%s", "%s"
local counter = 0
function setup(thread) counter = counter + 1; thread:set("seed", counter) end
function init(args) math.randomseed(tonumber(seed or 1) * 7919) end
function request()
  if #ids == 0 then return wrk.format("GET", "/healthz") end
  return wrk.format("GET", prefix .. ids[math.random(#ids)] .. suffix)
end
"""


# wrk2: thread k of n requests ids k, k + n, k + 2n, ... of the shuffled list, so that no
# article is asked twice while the list lasts (every page cold).
WRK2_SCRIPT = """
local ids = {%s}
local prefix, suffix = "%s", "%s"
local nthreads, counter = %d, 0
function setup(thread) counter = counter + 1; thread:set("part", counter) end
function init(args) pos = tonumber(part) end
function request()
  local id = ids[((pos - 1) %% #ids) + 1]
  pos = pos + nthreads
  return wrk.format("GET", prefix .. id .. suffix)
end
"""
WRK2_THREADS = 2


def _drive(argv: list[str], script_text: str, percent: str) -> dict:
    """Run wrk or wrk2 (``argv``, the Lua script appended) and read its summary; ``percent``
    is how the tool prints a percentile's digits after the number (wrk "%", wrk2 ".000%")."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(script_text)
        script = fh.name
    try:
        out = subprocess.run([*argv[:-1], "-s", script, argv[-1]], capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script)
    lat = dict(re.findall(rf"^\s+(50|99){re.escape(percent)}\s+(\S+)\s*$", out, re.M))
    if set(lat) != {"50", "99"}:
        raise SystemExit(f"unexpected {argv[0]} output:\n" + out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": _ms(lat["50"]),
        "p99_ms": _ms(lat["99"]),
        "errors": (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, errors.groups())) if errors else 0),
    }


def run_wrk2(binary: str, base: str, ids: list[int], clients: int, duration: int, rate: int,
             path=("/article/", "/")) -> dict:
    """A fixed rate of ``rate`` requests a second; latency counted from each request's
    scheduled time (wrk2's corrected histogram)."""
    return _drive([binary, f"-t{WRK2_THREADS}", f"-c{clients}", f"-d{duration}s", f"-R{rate}", "--latency",
                   "--timeout", "10s", base + "/"],
                  WRK2_SCRIPT % (",".join(map(str, ids)), *path, WRK2_THREADS), ".000%")


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def run_wrk(base: str, ids: list[int], clients: int, duration: int, path=("/article/", "/")) -> dict:
    return _drive(["wrk", "-t2", f"-c{clients}", f"-d{duration}s", "--latency", "--timeout", "10s", base + "/"],
                  WRK_SCRIPT % (",".join(map(str, ids)), *path), "%")


def run_python(base: str, ids: list[int], clients: int, duration: int, path=("/article/", "/")) -> dict:
    """Fallback client: one thread per connection; it competes with the server for CPU."""
    import http.client

    host, port = base.removeprefix("http://").split(":")
    stop = time.perf_counter() + duration
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def worker(seed: int):
        rng = random.Random(seed)
        mine = []
        while time.perf_counter() < stop:
            url = f"{path[0]}{rng.choice(ids)}{path[1]}" if ids else "/healthz"
            t0 = time.perf_counter()
            try:
                conn = http.client.HTTPConnection(host, int(port), timeout=10)
                conn.request("GET", url)
                resp = conn.getresponse()
                resp.read()
                conn.close()
                if resp.status != 200:
                    errors[0] += 1
            except OSError:
                errors[0] += 1
                continue
            mine.append((time.perf_counter() - t0) * 1000)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    latencies.sort()
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50_ms": latencies[len(latencies) // 2],
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1],
        "errors": errors[0],
    }


def wordpress_articles() -> tuple[list[dict], list[str], list[str]]:
    """The bench articles as WordPress posts: same id, title, body, category, tags, date."""
    from parkpulse.portal.models import Article, Category, Tag

    tags: dict[int, list[str]] = {}
    for aid, name in Article.tags.through.objects.values_list("article_id", "tag__name"):
        tags.setdefault(aid, []).append(name)
    cats = {c.pk: c.name for c in Category.objects.all()}
    arts = [
        {"id": pk, "title": title, "body": body, "category": cats[cat], "tags": sorted(set(tags.get(pk, []))),
         "date": date.replace(tzinfo=None)}
        for pk, title, body, cat, date in Article.objects.published().order_by("id").values_list(
            "id", "title", "body_html", "category_id", "published_at")
    ]
    return arts, list(cats.values()), sorted({t for ts in tags.values() for t in ts} | set(Tag.objects.values_list("name", flat=True)))


def view_every_page(base: str, ids: list[int], path=("/article/", "/"), threads: int = 8) -> float:
    """Request every article once (8 at a time); seconds taken."""
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    def get(pk):
        with urllib.request.urlopen(f"{base}{path[0]}{pk}{path[1]}", timeout=30) as resp:
            resp.read()

    t = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(get, ids))
    return time.perf_counter() - t


def measure_server(label, base, pids, drive, hot, ids, args, path=("/article/", "/"), count_views=True):
    """healthz (ParkPulse only), article-hot after a warm-up, article-all; with --every-page,
    article-all again after every page was viewed once (ParkPulse only: the state a shared
    cache reaches); memory sampled throughout."""
    sys.path.insert(0, str(ROOT / "bench"))
    from procmem import Sampler

    rows = []
    with Sampler(pids) as mem:
        if args.warmup:
            drive(base, hot, args.clients, args.warmup, path)
        scenarios = [("article-hot", hot), ("article-all", ids)]
        if count_views:
            scenarios.insert(0, ("healthz", []))
        for name, pool in scenarios:
            before = total_views() if pool and count_views else 0
            result = drive(base, pool, args.clients, args.duration, path)
            if pool and count_views:
                time.sleep(0.5)  # let in-flight requests finish
                result["views_added"] = total_views() - before
            rows.append({"server": label, "scenario": name, **result})
        if args.every_page and count_views:
            secs = view_every_page(base, ids, path)
            print(f"# {label}: viewed all {len(ids)} pages once in {secs:.0f} s", flush=True)
            result = drive(base, ids, args.clients, args.duration, path)
            rows.append({"server": label, "scenario": "all-viewed", **result})
    for r in rows:
        r["memory"] = mem.result()
    return rows


def measure_paced(label, base, pids, ids, args, rng, rate: int) -> list[dict]:
    """A paced row: each article once, in random order, at ``rate`` requests a second."""
    sys.path.insert(0, str(ROOT / "bench"))
    from procmem import Sampler

    order = rng.sample(ids, len(ids))
    with Sampler(pids) as mem:
        before = total_views()
        result = run_wrk2(args.wrk2, base, order, args.clients, args.paced_duration, rate)
        time.sleep(0.5)
        result["views_added"] = total_views() - before
    return [{"server": label, "scenario": f"paced@{rate}", **result, "memory": mem.result()}]


def main() -> int:
    args = parse_args()
    home = Path(os.environ.setdefault("PARKPULSE_HOME", str(ROOT / "var" / "bench-portal")))
    if not args.keep and not os.environ.get("DATABASE_URL") and home.exists():
        shutil.rmtree(home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parkpulse.site.settings")
    # The bench process and the servers it starts use the cache named here, not REDIS_URL's.
    os.environ["PARKPULSE_CACHE_URL"] = "locmem:"
    sys.path.insert(0, str(SRC))

    t0 = time.perf_counter()
    ids, profile = build_database(args.articles)
    build_s = time.perf_counter() - t0
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    use_wrk = args.client == "wrk" or (args.client == "auto" and shutil.which("wrk"))
    drive = run_wrk if use_wrk else run_python
    rng = random.Random(1)
    hot = rng.sample(ids, min(HOT_IDS, len(ids)))
    load_before = os.getloadavg()[0]

    variants = []  # (label, src, extra env)
    if args.baseline:
        variants.append(("baseline", Path(args.baseline).resolve() / "src", {"PARKPULSE_CACHE_URL": "locmem:"}))
    if args.cache in ("locmem", "both"):
        variants.append(("parkpulse-locmem", SRC, {"PARKPULSE_CACHE_URL": "locmem:"}))
    if args.cache in ("redis", "both"):
        variants.append(("parkpulse-redis", SRC, {"PARKPULSE_CACHE_URL": args.redis,
                                                  "PARKPULSE_CACHE_PREFIX": f"bench-{os.getpid()}-{time.time_ns()}"}))
    rows = []
    if args.rate and not args.wrk2:
        raise SystemExit("--rate needs wrk2: build https://github.com/giltene/wrk2 and pass --wrk2")
    for label, src, env in variants:
        for rate in args.rate:
            # A server of its own, so that no page of the other rows is cached yet.
            port = free_port()
            server = start_server(port, args.workers, args.threads, src, env)
            try:
                rows += measure_paced(label, f"http://127.0.0.1:{port}", [server.pid], ids, args, rng, rate)
            finally:
                server.terminate()
                server.wait(timeout=30)
        port = free_port()
        server = start_server(port, args.workers, args.threads, src, env)
        try:
            rows += measure_server(label, f"http://127.0.0.1:{port}", [server.pid], drive, hot, ids, args)
        finally:
            server.terminate()
            server.wait(timeout=30)
        if "PARKPULSE_CACHE_PREFIX" in env:
            import redis

            r = redis.Redis.from_url(args.redis)
            keys = list(r.scan_iter(f"{env['PARKPULSE_CACHE_PREFIX']}:*", count=1000))
            for start in range(0, len(keys), 1000):
                r.delete(*keys[start:start + 1000])

    wp_info = ""
    if args.wordpress:
        sys.path.insert(0, str(ROOT / "bench"))
        import wordpress

        wordpress.ensure_installed()
        wp = wordpress.WordPress(home / "wordpress", port=args.wp_port, database=args.wp_database,
                                 children=args.wp_children)
        arts, cats, tags = wordpress_articles()
        secs = wp.install(arts, cats, tags)
        wp_info = f"; WordPress 6.1 (Debian) loaded in {secs:.0f} s, php-fpm static pool of {args.wp_children}, nginx 1 worker"
        wp.start()
        try:
            rows += measure_server("wordpress", f"http://127.0.0.1:{args.wp_port}", wp.pids(), drive, hot, ids,
                                   args, path=("/?p=", ""), count_views=False)
        finally:
            wp.stop()

    print(f"# portal bench: {args.articles} articles on {engine}, built in {build_s:.1f} s; "
          f"{args.clients} clients × {args.duration} s per row via {'wrk' if use_wrk else 'python threads'}; "
          f"gunicorn workers={args.workers or 'default'} threads={args.threads or 'default'}; cores={os.cpu_count()}; "
          f"load avg before={load_before:.2f}{wp_info}")
    print(f"# one article view in-process: {profile['queries_cold']} queries cold cache, "
          f"{profile['queries_warm']} warm; {profile['in_process_ms_cold']} ms cold, "
          f"{profile['in_process_ms_warm_median']} ms warm (median)")
    print(f"{'server':<17} {'scenario':<12} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'requests':>9} {'errors':>7} "
          f"{'views added':>12} {'server RSS MB (procs, max/proc)':>32}")
    for r in rows:
        m = r["memory"]
        print(f"{r['server']:<17} {r['scenario']:<12} {r['rps']:>8.0f} {r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f} "
              f"{r['requests']:>9} {r['errors']:>7} {r.get('views_added', '-'):>12} "
              f"{m['peak_total_rss_mb']:>14.0f} ({m['processes']}, {m['max_process_peak_rss_mb']:.0f})")
    if args.json:
        Path(args.json).write_text(json.dumps({"engine": engine, "profile": profile, "rows": rows}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
