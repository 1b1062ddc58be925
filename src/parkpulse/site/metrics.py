"""Prometheus metrics at ``/metrics``, readable by staff or with ``PARKPULSE_METRICS_TOKEN``.

Two sources, chosen by where the truth lives:

* **Per-request events** (requests and latency by view, database queries, leads received)
  are prometheus-client counters in the web process. ``parkpulse serve`` runs several gunicorn
  workers, so it sets ``PROMETHEUS_MULTIPROC_DIR`` before any worker starts; each worker writes
  its counters to files there and a scrape, whichever worker answers it, adds them all up
  (prometheus-client's multiprocess mode). Without the variable (tests, ``runserver``) the
  process's own registry is used.
* **Crawl and queue figures** are read from the database and Redis at scrape time: crawls run
  in other processes, on other machines too, and every ``CrawlRun`` row already holds its
  counts. Totals of finished runs are kept per process and only newer runs are read again.

``register_queue(name, fn)`` adds a queue whose depth ``fn()`` returns (a task queue, say).
"""

from __future__ import annotations

import hmac
import os
import threading
import time

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

REQUESTS = Counter("parkpulse_http_requests", "HTTP requests answered, by view, method and status",
                   ["view", "method", "status"])
LATENCY = Histogram("parkpulse_http_request_duration_seconds", "Time to answer a request, by view", ["view"],
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
DB_QUERIES = Counter("parkpulse_db_queries", "Database queries run while answering requests, by view", ["view"])
LEADS = Counter("parkpulse_leads_received", "招商 enquiries stored, new or merged into an open lead", ["outcome"])


def view_label(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<unmatched>"  # 404s for unknown paths: one label, not one per path
    return match.view_name or match._func_path


class _QueryCounter:
    def __init__(self):
        self.n = 0

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        return execute(sql, params, many, context)


class MetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        _connect_signals()

    def __call__(self, request):
        counter = _QueryCounter()
        start = time.perf_counter()
        with connection.execute_wrapper(counter):  # the site has one database: "default"
            response = self.get_response(request)
        view = view_label(request)
        LATENCY.labels(view).observe(time.perf_counter() - start)
        REQUESTS.labels(view, request.method, str(response.status_code)).inc()
        if counter.n:
            DB_QUERIES.labels(view).inc(counter.n)
        return response


_signals_connected = False


def _connect_signals() -> None:
    global _signals_connected
    if _signals_connected:
        return
    from django.db.models.signals import post_save

    from parkpulse.leads.models import Submission

    def on_submission(sender, instance, created, **kwargs):
        if created:
            LEADS.labels("merged" if instance.lead.submission_count > 1 else "new").inc()

    post_save.connect(on_submission, sender=Submission, weak=False, dispatch_uid="parkpulse.metrics.leads")
    _signals_connected = True


# --- figures read at scrape time --------------------------------------------------------------

QUEUES: dict[str, callable] = {}


def register_queue(name: str, depth) -> None:
    """``depth()`` returns how many items wait in queue ``name`` (None: not configured)."""
    QUEUES[name] = depth


def _due_sources() -> int:
    from parkpulse.collect.models import Source

    return sum(1 for s in Source.objects.filter(enabled=True) if s.is_due())


def _crawl_frontier() -> int | None:
    """Requests waiting in the distributed crawlers' shared frontiers in Redis."""
    if not settings.REDIS_URL:
        return None
    import redis

    from parkpulse.collect.scrapy_settings import crawl_settings

    prefix = crawl_settings(settings.CRAWLER_CONTACT_URL, {})["PARKPULSE_REDIS_PREFIX"]
    r = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        return sum(r.zcard(k) for k in r.scan_iter(match=f"{prefix}:*:requests", count=500))
    finally:
        r.close()


def _enrichment_backlog() -> int:
    from parkpulse.search.queue import pending_count

    return pending_count()


def _queued_tasks() -> int:
    from huey.contrib.djhuey import HUEY

    return HUEY.pending_count()


register_queue("enrichment_backlog", _enrichment_backlog)
register_queue("tasks", _queued_tasks)
register_queue("crawl_due_sources", _due_sources)
register_queue("crawl_frontier", _crawl_frontier)

RUN_COUNTS = {  # CrawlRun field -> (metric, label value)
    "pages_fetched": ("pages", "fetched"),
    "not_modified": ("pages", "not_modified"),
    "articles_new": ("articles", "new"),
    "articles_updated": ("articles", "updated"),
    "articles_unchanged": ("articles", "unchanged"),
    "articles_duplicate": ("articles", "duplicate"),
    "articles_rejected": ("articles", "rejected"),
}


class CrawlTotals:
    """Sums over CrawlRun rows. Runs below the watermark are finished and never change, so
    their sums are kept; each scrape reads only the runs from the oldest unfinished one on."""

    def __init__(self):
        self.lock = threading.Lock()
        self.watermark = 0  # every run with id <= watermark is folded into self.base
        self.base = self._empty()

    @staticmethod
    def _empty() -> dict:
        return {"runs": 0, "status": {}, "fields": dict.fromkeys(RUN_COUNTS, 0), "rejected": {}, "errors": {}}

    @staticmethod
    def _add(acc: dict, run: dict) -> None:
        acc["runs"] += 1
        acc["status"][run["status"]] = acc["status"].get(run["status"], 0) + 1
        for f in RUN_COUNTS:
            acc["fields"][f] += run[f] or 0
        for key in ("rejected_reasons", "errors"):
            target = acc["rejected" if key == "rejected_reasons" else "errors"]
            for reason, n in (run[key] or {}).items():
                target[reason] = target.get(reason, 0) + int(n)

    def read(self) -> dict:
        import copy

        from parkpulse.collect.models import CrawlRun

        cols = ["id", "status", "rejected_reasons", "errors", *RUN_COUNTS]
        with self.lock:
            total = copy.deepcopy(self.base)
            folding = True  # until the first run that is still going
            for run in CrawlRun.objects.filter(id__gt=self.watermark).order_by("id").values(*cols).iterator(2000):
                self._add(total, run)
                folding = folding and run["status"] != CrawlRun.Status.RUNNING
                if folding:
                    self._add(self.base, run)
                    self.watermark = run["id"]
            return total


_totals = CrawlTotals()


def _counter(name, doc, labels=(), values=None):
    fam = CounterMetricFamily(name, doc, labels=list(labels))
    for key, value in (values or {}).items():
        fam.add_metric([key] if labels else [], value)
    return fam


class DatabaseCollector:
    """Crawl totals, stored counts and queue depths, read when Prometheus scrapes."""

    def collect(self):
        up = GaugeMetricFamily("parkpulse_metrics_database_up", "1 when the database answered this scrape")
        try:
            from parkpulse.portal.models import Article

            t = _totals.read()
            articles_stored = Article.objects.count()
        except Exception:  # the endpoint stays up to say the database is not
            up.add_metric([], 0)
            yield up
        else:
            up.add_metric([], 1)
            yield up
            yield _scalar_counter("parkpulse_crawl_runs", "Crawl runs started", t["runs"])
            g = GaugeMetricFamily("parkpulse_crawl_runs_by_status", "Crawl runs by current status", labels=["status"])
            for status, n in sorted(t["status"].items()):
                g.add_metric([status], n)
            yield g
            pages = {v[1]: t["fields"][f] for f, v in RUN_COUNTS.items() if v[0] == "pages"}
            yield _counter("parkpulse_crawl_pages", "Pages fetched by crawls (304: not modified)", ["outcome"], pages)
            yield _counter("parkpulse_crawl_pages_rejected", "Fetched pages the ingest refused, by reason",
                           ["reason"], t["rejected"])
            yield _counter("parkpulse_crawl_errors", "Crawl failures by kind (robots, HTTP, timeouts, ...)",
                           ["kind"], t["errors"])
            arts = {v[1]: t["fields"][f] for f, v in RUN_COUNTS.items() if v[0] == "articles"}
            yield _counter("parkpulse_crawl_articles", "Article pages handled by the ingest, by outcome",
                           ["outcome"], arts)
            g = GaugeMetricFamily("parkpulse_articles_stored", "Articles in the database")
            g.add_metric([], articles_stored)
            yield g
        from parkpulse.site.backup import last_backup

        newest = last_backup()
        if newest is not None:  # alert when this is more than a day old
            g = GaugeMetricFamily("parkpulse_backup_last_success_timestamp_seconds",
                                  "When the newest complete archive in the backup folder was written")
            g.add_metric([], newest.stat().st_mtime)
            yield g
        depth = GaugeMetricFamily("parkpulse_queue_depth", "Items waiting, by queue", labels=["queue"])
        for name, fn in sorted(QUEUES.items()):
            try:
                n = fn()
            except Exception:
                continue  # an unreachable queue shows in /readyz; here it is left out
            if n is not None:
                depth.add_metric([name], n)
        yield depth


def _scalar_counter(name, doc, value):
    fam = CounterMetricFamily(name, doc)
    fam.add_metric([], value)
    return fam


class _Scrape:
    def __init__(self, *collectors):
        self.collectors = collectors

    def collect(self):
        for c in self.collectors:
            yield from c.collect()


def scrape() -> bytes:
    if os.environ.get(MULTIPROC_ENV):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(_Scrape(registry, DatabaseCollector()))
    return generate_latest(_Scrape(REGISTRY, DatabaseCollector()))


def _allowed(request) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_staff:
        return True
    token = getattr(settings, "METRICS_TOKEN", "")
    if not token:
        return False
    auth = request.META.get("HTTP_AUTHORIZATION", "")
    given = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
    return bool(given) and hmac.compare_digest(given.encode(), token.encode())


@never_cache
def metrics_view(request):
    if not _allowed(request):
        raise PermissionDenied("staff or the metrics token only")
    return HttpResponse(scrape(), content_type=CONTENT_TYPE_LATEST)
