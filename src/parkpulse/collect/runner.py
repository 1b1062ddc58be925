"""Run crawls: one Scrapy ``CrawlerProcess`` per CLI call, one crawler per source.

``run_crawls`` records a ``CrawlRun`` per source, runs them concurrently in the one Twisted
reactor the process may start, shows progress, and returns the finished runs. Settings come
from ``scrapy_settings.crawl_settings`` plus ``PARKPULSE_CRAWL_SETTINGS`` (a JSON object in
the environment: how tests and the benchmark make timeouts tiny) plus ``overrides``.

Distributed mode (``REDIS_URL`` + ``distributed=True``): workers crawling the same source
join one *generation* in Redis — ``<prefix>:<source>:current`` names it — and share its
scrapy-redis frontier and seen-set, so each page is fetched once across them. A worker with
nothing queued stays while another worker is still busy (it may enqueue more); the last
worker to leave deletes the generation, so the next crawl starts afresh.
"""

from __future__ import annotations

import json
import os
import socket
import time
import uuid

from django.conf import settings as dj_settings
from django.utils import timezone

from parkpulse.collect.models import CrawlRun, Source
from parkpulse.collect.scrapy_settings import crawl_settings, distributed_settings

WORKER_STALE_SECONDS = 15.0


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def mark_interrupted_runs() -> int:
    """Runs left 'running' by a process on this host that no longer exists (kill -9)."""
    host = socket.gethostname()
    n = 0
    for run in CrawlRun.objects.filter(status=CrawlRun.Status.RUNNING):
        h, _, pid = run.worker.rpartition(":")
        if h == host and pid.isdigit() and not _pid_alive(int(pid)):
            run.status = CrawlRun.Status.INTERRUPTED
            run.finish_reason = "process gone (killed?)"
            run.save(update_fields=["status", "finish_reason"])
            n += 1
    return n


def build_settings(overrides: dict | None = None) -> dict:
    env = os.environ.get("PARKPULSE_CRAWL_SETTINGS", "").strip()
    extra = json.loads(env) if env else {}
    extra.update(overrides or {})
    return crawl_settings(dj_settings.CRAWLER_CONTACT_URL, extra)


class DistributedState:
    """This worker's membership in a source's shared crawl generation in Redis."""

    def __init__(self, redis_url: str, prefix: str, source_id: int):
        import redis

        self.r = redis.Redis.from_url(redis_url)
        self.base = f"{prefix}:{source_id}"
        self.me = worker_id()
        key = f"{self.base}:current"
        self.r.set(key, uuid.uuid4().hex[:12], nx=True, ex=120)
        self.token = self.r.get(key).decode()
        self.gen = f"{self.base}:{self.token}"
        self.beat(busy=True)

    def keys(self) -> list[str]:
        return [f"{self.base}:current", f"{self.gen}:requests", f"{self.gen}:dupefilter",
                f"{self.gen}:workers", f"{self.gen}:lock"]

    def beat(self, busy: bool) -> None:
        pipe = self.r.pipeline()
        pipe.hset(f"{self.gen}:workers", self.me, json.dumps([busy, time.time()]))
        for k in self.keys()[:4]:
            pipe.expire(k, 3600 if k != f"{self.base}:current" else 120)
        pipe.execute()

    def others_active(self, spider) -> bool:
        """Keep an idle worker alive while the frontier has work or another worker is busy."""
        self.beat(busy=False)
        if self.r.zcard(f"{self.gen}:requests"):
            return True
        now = time.time()
        for who, raw in self.r.hgetall(f"{self.gen}:workers").items():
            busy, seen = json.loads(raw)
            if who.decode() != self.me and busy and now - seen < WORKER_STALE_SECONDS:
                return True
        return False

    def lock(self):
        return self.r.lock(f"{self.gen}:lock", timeout=60, blocking_timeout=120)

    def leave(self) -> None:
        self.r.hdel(f"{self.gen}:workers", self.me)
        now = time.time()
        alive = [raw for raw in self.r.hgetall(f"{self.gen}:workers").values()
                 if now - json.loads(raw)[1] < WORKER_STALE_SECONDS]
        if not alive:
            self.r.delete(*self.keys())


def run_crawls(sources: list[Source], *, distributed: bool = False, overrides: dict | None = None,
               progress=None, drain: bool | None = None) -> list[CrawlRun]:
    """Crawl ``sources`` to the end; ``progress(source_name, event, detail)`` sees each event.

    Stored articles are queued for enrichment (search/queue.py). With ``drain`` (default:
    the CRAWL_ENRICH setting is "drain") this process then enriches whatever no worker has
    taken yet, so the call ends with enriched articles; ``progress(None, "enriched", n)``
    reports each batch."""
    from scrapy.crawler import Crawler, CrawlerProcess
    from scrapy.settings import Settings

    from parkpulse.collect.spiders.source import SourceSpider

    base = build_settings(overrides)
    redis_url = dj_settings.REDIS_URL
    if distributed and not redis_url:
        raise ValueError("distributed mode needs REDIS_URL (e.g. redis://127.0.0.1:6379/0)")
    mark_interrupted_runs()
    process = CrawlerProcess(settings=base)
    runs: list[CrawlRun] = []
    states: list[DistributedState] = []
    for source in sources:
        per: dict = {}
        state = None
        if distributed:
            state = DistributedState(redis_url, base["PARKPULSE_REDIS_PREFIX"], source.id)
            states.append(state)
            per.update(distributed_settings(redis_url, base["PARKPULSE_REDIS_PREFIX"], source.id, state.token))
            # A worker pulls from the shared frontier until its downloader is full; capping it
            # at the per-domain limit keeps it from hoarding requests other workers could take.
            per["CONCURRENT_REQUESTS"] = base["CONCURRENT_REQUESTS_PER_DOMAIN"]
        run = CrawlRun.objects.create(source=source, worker=worker_id(), distributed=distributed,
                                      started_at=timezone.now())
        runs.append(run)
        cb = (lambda event, detail, _n=source.name: progress(_n, event, detail)) if progress else None
        # The first crawler installs the reactor named in the settings (once per process).
        # Per-crawler values at a higher priority than the process's: CrawlerProcess.crawl
        # merges its own (project-priority) settings into the crawler's.
        crawler_settings = Settings(base)
        crawler_settings.setdict(per, priority="cmdline")
        crawler = Crawler(SourceSpider, crawler_settings, init_reactor=not runs[:-1])
        process._initialized_reactor = True
        process.crawl(crawler, source_id=source.id, run_id=run.id, progress=cb, distributed=state)

    process.start()
    if drain is None:
        drain = dj_settings.CRAWL_ENRICH == "drain"
    if drain:
        from parkpulse.search import queue

        queue.drain(progress=(lambda n: progress(None, "enriched", n)) if progress else None)
    return [CrawlRun.objects.get(pk=r.pk) for r in runs]
