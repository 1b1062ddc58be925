"""Benchmark: the full collector pipeline against a bare fetch-only Scrapy spider.

One run, same machine, same Scrapy settings: 2,000 generated sample article pages (demo/
build_site.py's generator) are served from memory on loopback and listed in a sitemap.

1. bare  — a Scrapy spider that reads the sitemap and only fetches (no pipeline);
2. full  — ``parkpulse crawl`` of the same sitemap through extract → gate → sanitize →
           dedup → store into a fresh SQLite database;
3. core  — the ingest pipeline in-process on one core over pre-fetched bodies (extract +
           gate + sanitize + dedup + store), once as the site runs — with the search app's
           post_save enrichment (jieba, tags, related lists) — and once with that receiver
           disconnected, i.e. the collector's own steps.

The full crawl stores and queues (enrichment is off its path, docs/performance.md); the
enrichment queue is then drained by ``parkpulse worker --drain`` and timed: the catch-up.
``--baseline DIR`` also runs the full crawl with another checkout's code (e.g. a worktree
of main, whose crawl enriches in-line) into its own database, in the same run.

Prints pages/s for 1 and 2 and their ratio, the catch-up, and articles/s for 3. Usage:
    python bench/crawl.py [--pages 2000] [--baseline ../wt-main]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "CONCURRENT_REQUESTS": 16,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 16, "LOG_LEVEL": "ERROR", "DOWNLOAD_TIMEOUT": 30}


def make_pages(n: int) -> dict[str, bytes]:
    sys.path.insert(0, str(ROOT / "demo"))
    import build_site as demo

    rng = random.Random(42)
    base = __import__("datetime").datetime(2025, 1, 1)
    pages = {}
    for i in range(n):
        s = demo.make_story(rng, i, base)
        s["url"] = s["path"] = f"/n/{i}.html"
        pages[s["path"]] = demo.a_article(s, []).encode("utf-8")
    return pages


def serve(pages: dict[str, bytes]):
    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def do_GET(self):
            if self.path == "/robots.txt":
                body, ctype = b"User-agent: *\nDisallow:\n", "text/plain"
            elif self.path == "/sitemap.xml":
                host = f"http://127.0.0.1:{self.server.server_address[1]}"
                locs = "".join(f"<url><loc>{host}{p}</loc></url>" for p in pages)
                body = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'.encode()
                ctype = "application/xml"
            else:
                body, ctype = pages.get(self.path, b""), "text/html; charset=utf-8"
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), H)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def bare_main(sitemap: str) -> None:
    """Child process: fetch every sitemap URL, do nothing with the bodies."""
    import scrapy
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.sitemap import Sitemap

    from parkpulse.collect.scrapy_settings import crawl_settings

    s = crawl_settings("https://example.invalid/bench", SETTINGS)
    s["ITEM_PIPELINES"] = {}
    count = {"n": 0}

    class FetchOnly(scrapy.Spider):
        name = "fetch_only"

        async def start(self):
            yield scrapy.Request(sitemap, callback=self.parse_sitemap)

        def parse_sitemap(self, response):
            for entry in Sitemap(response.body):
                yield scrapy.Request(entry["loc"], callback=self.parse_page)

        def parse_page(self, response):
            count["n"] += 1

    t0 = time.perf_counter()
    s["LOG_INSTALL_ROOT_HANDLER"] = False
    proc = CrawlerProcess(s)
    proc.crawl(FetchOnly)
    proc.start()
    print(json.dumps({"pages": count["n"], "seconds": time.perf_counter() - t0}))


def peak_child_rss_mb() -> float:
    """Largest peak RSS of any child process that has ended so far (Linux: ru_maxrss in kB)."""
    import resource

    return round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)


def run_child(args: list[str], env: dict) -> str:
    out = subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True, timeout=1800)
    if out.returncode != 0:
        raise SystemExit(out.stderr[-2000:])
    return out.stdout


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--core-pages", type=int, default=200, help="pages per in-process measurement")
    ap.add_argument("--bare", help=argparse.SUPPRESS)
    ap.add_argument("--baseline", metavar="DIR", help="also crawl with this checkout's src/ (same run)")
    a = ap.parse_args()
    if a.bare:
        return bare_main(a.bare)

    pages = make_pages(a.pages)
    httpd, url = serve(pages)
    home = tempfile.mkdtemp(prefix="pp-bench-")
    env = dict(os.environ, PARKPULSE_HOME=home, PARKPULSE_CRAWL_SETTINGS=json.dumps(SETTINGS),
               PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
    env.pop("DATABASE_URL", None)
    cli = ["-m", "parkpulse.site.cli"]
    run_child([*cli, "manage", "migrate", "-v0"], env)
    run_child([*cli, "source", "add", "bench", f"{url}/sitemap.xml", "--kind", "sitemap",
               "--max-pages", str(a.pages + 10), "--publish"], env)

    bare = json.loads(run_child([__file__, "--bare", f"{url}/sitemap.xml"], env).strip().splitlines()[-1])
    rss = {"bare": peak_child_rss_mb()}
    t0 = time.perf_counter()
    run_child([*cli, "crawl", "--source", "bench", "--no-progress", "--no-wait"], env)
    full_wall = time.perf_counter() - t0
    rss["crawl"] = peak_child_rss_mb()
    t0 = time.perf_counter()
    drained = run_child([*cli, "worker", "--drain"], env).strip().splitlines()[-1]
    catch_up = time.perf_counter() - t0
    rss["worker"] = peak_child_rss_mb()

    base_line = ""
    if a.baseline:
        bhome = tempfile.mkdtemp(prefix="pp-bench-base-")
        benv = dict(env, PARKPULSE_HOME=bhome,
                    PYTHONPATH=os.pathsep.join([str(Path(a.baseline).resolve() / "src"), os.environ.get("PYTHONPATH", "")]))
        run_child([*cli, "manage", "migrate", "-v0"], benv)
        run_child([*cli, "source", "add", "bench", f"{url}/sitemap.xml", "--kind", "sitemap",
                   "--max-pages", str(a.pages + 10), "--publish"], benv)
        t0 = time.perf_counter()
        run_child([*cli, "crawl", "--source", "bench", "--no-progress"], benv)
        bwall = time.perf_counter() - t0
        import sqlite3

        with sqlite3.connect(Path(bhome) / "parkpulse.sqlite3") as db:
            started, finished, fetched = db.execute(
                "SELECT started_at, finished_at, pages_fetched FROM collect_crawlrun ORDER BY id DESC LIMIT 1").fetchone()
        from datetime import datetime

        secs = (datetime.fromisoformat(finished) - datetime.fromisoformat(started)).total_seconds()
        base_line = (f"baseline crawl ({a.baseline}, enrichment in the crawl): {fetched} pages in {secs:.1f}s = "
                     f"{fetched / secs:.1f} pages/s (process wall {bwall:.1f}s)")

    os.environ.update(PARKPULSE_HOME=home)
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parkpulse.site.settings")
    import django

    django.setup()
    from parkpulse.collect.models import CrawlRun, Source

    run = CrawlRun.objects.latest("id")
    full_secs = (run.finished_at - run.started_at).total_seconds()
    full_pps = run.pages_fetched / full_secs
    bare_pps = bare["pages"] / bare["seconds"]

    # In-process pipeline on one core, fresh URLs so every page is new: first as the site
    # runs (search's post_save enrichment included), then the collector's own steps alone.
    from django.db.models.signals import post_save

    from parkpulse.collect.ingest import FetchedPage, Ingestor
    from parkpulse.portal.models import Article
    from parkpulse.search import enrich
    from parkpulse.search.bulk import enrich_batch

    def measure(tag: str, sample: list[tuple[str, bytes]], batch: int = 0) -> tuple[float, float, dict]:
        """``batch`` > 0: saves unenriched, enriched every ``batch`` articles, as the pipeline does."""
        src = Source.objects.create(name=f"bench-{tag}", home_url="http://core.invalid/", publish=True)
        ing = Ingestor(src)
        outcomes: dict[str, int] = {}
        pending: list[int] = []
        c0, w0 = time.process_time(), time.perf_counter()
        with enrich.paused() if batch else contextlib.nullcontext():
            for path, body in sample:
                url = f"http://{tag}.invalid{path}"
                o = ing.ingest(FetchedPage(url=url, fetched_url=url, body=body,
                                           headers={"content-type": "text/html; charset=utf-8"}))
                outcomes[o.kind] = outcomes.get(o.kind, 0) + 1
                if batch and o.article_id:
                    pending.append(o.article_id)
                    if len(pending) >= batch:
                        enrich_batch(pending)
                        pending = []
            if pending:
                enrich_batch(pending)
        return len(sample) / (time.process_time() - c0), len(sample) / (time.perf_counter() - w0), outcomes

    Article.objects.all().delete()
    items = list(pages.items())
    with_enrich = measure("enrich", items[:a.core_pages])
    Article.objects.all().delete()
    batched = measure("batched", items[:a.core_pages], batch=50)
    Article.objects.all().delete()
    disconnected = post_save.disconnect(sender=Article, dispatch_uid="search.enrich_article")
    alone = measure("alone", items[a.core_pages: 2 * a.core_pages])
    httpd.shutdown()

    print(f"pages: {a.pages} (sample articles, loopback, SQLite)")
    print(f"bare fetch-only spider : {bare['pages']} pages in {bare['seconds']:.1f}s = {bare_pps:.1f} pages/s")
    print(f"full pipeline crawl    : {run.pages_fetched} pages in {full_secs:.1f}s = {full_pps:.1f} pages/s "
          f"(new {run.articles_new}, dup {run.articles_duplicate}, rejected {run.articles_rejected}; "
          f"process wall {full_wall:.1f}s)")
    print(f"ratio full/bare        : {full_pps / bare_pps:.2f}")
    print(f"enrichment catch-up    : {catch_up:.1f}s wall for `parkpulse worker --drain` ({drained})")
    print(f"peak RSS of the largest child so far, MB: after the bare spider {rss['bare']}, "
          f"after the crawl {rss['crawl']}, after the worker {rss['worker']} (a larger later value is that process's peak)")
    if base_line:
        print(base_line)
    for label, (cpu, wall, outcomes) in (("with per-save enrichment", with_enrich),
                                         ("with batched enrichment (as the crawl runs)", batched),
                                         ("collector steps alone ", alone)):
        print(f"in-process, {label}: {cpu:.1f} articles/s per core (CPU), {wall:.1f}/s wall; {outcomes}")
    if not disconnected:
        print("(search enrichment receiver was not connected)")


if __name__ == "__main__":
    main()
