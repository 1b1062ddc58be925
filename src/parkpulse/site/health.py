"""Readiness checks: a small registry that ``/readyz`` and ``parkpulse check`` both run.

Each check is a function that raises (or returns a short note) and runs in its own thread
with a time limit, so a database that hangs answers "timed out" instead of hanging the probe.
Other parts add theirs with ``@register("queue", enabled=lambda: bool(settings.X))``; a check
with ``probe=False`` runs only from the shell (too slow or too chatty for a load balancer).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

DEFAULT_TIMEOUT = 3.0


@dataclass
class Check:
    name: str
    func: Callable[[], str | None]
    enabled: Callable[[], bool] = lambda: True
    probe: bool = True  # part of /readyz (else only `parkpulse check`)
    # A check still running from an earlier probe is not started again: a hung database
    # then holds one thread, not one per probe.
    running: threading.Event = field(default_factory=threading.Event)


CHECKS: dict[str, Check] = {}


def register(name: str, *, enabled: Callable[[], bool] = lambda: True, probe: bool = True):
    """Decorator: add (or replace) the check called ``name``."""

    def wrap(func):
        CHECKS[name] = Check(name, func, enabled, probe)
        return func

    return wrap


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text.splitlines()[0]}" if text else type(exc).__name__


def run_checks(*, probe_only: bool = True, timeout: float | None = None) -> dict[str, dict]:
    """``{name: {"ok": bool, "ms": float, "error"|"note": str}}`` for every enabled check,
    all started at once, each given ``timeout`` seconds."""
    if timeout is None:
        timeout = float(getattr(settings, "READY_TIMEOUT", DEFAULT_TIMEOUT))
    active = [c for c in CHECKS.values() if (c.probe or not probe_only) and c.enabled()]
    results: dict[str, dict] = {}
    threads = []
    for check in active:
        if check.running.is_set():
            results[check.name] = {"ok": False, "ms": 0.0, "error": "previous check still running (timed out)"}
            continue
        box: dict = {}
        t = threading.Thread(target=_run_one, args=(check, box), daemon=True, name=f"check-{check.name}")
        check.running.set()
        t.start()
        threads.append((check, t, box))
    deadline = time.monotonic() + timeout
    for check, t, box in threads:
        t.join(max(0.0, deadline - time.monotonic()))
        if t.is_alive():
            results[check.name] = {"ok": False, "ms": round(timeout * 1000, 1), "error": f"timed out after {timeout:g}s"}
        else:
            results[check.name] = box["result"]
    return {name: results[name] for name in sorted(results)}


def _run_one(check: Check, box: dict) -> None:
    start = time.perf_counter()
    try:
        note = check.func()
        result = {"ok": True}
        if note:
            result["note"] = str(note)
    except Exception as exc:  # a check reports every failure; it never raises
        result = {"ok": False, "error": _first_line(exc)}
    finally:
        check.running.clear()
    result["ms"] = round((time.perf_counter() - start) * 1000, 1)
    box["result"] = result


# --- the built-in checks ----------------------------------------------------------------------


@register("database")
def check_database() -> str:
    from django.db import connections

    conn = connections["default"]
    try:
        with conn.cursor() as cur:
            # A real table, not SELECT 1: SQLite answers SELECT 1 without opening the file.
            cur.execute("SELECT COUNT(*) FROM django_migrations")
            cur.fetchone()
        return conn.vendor
    finally:
        conn.close()  # this thread's own connection; the probe thread ends now


@register("cache")
def check_cache() -> None:
    import uuid

    from django.core.cache import cache

    key, value = f"parkpulse:readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, 30)
    got = cache.get(key)
    cache.delete(key)
    if got != value:
        raise RuntimeError("value written to the cache was not read back")


def _redis_configured() -> bool:
    return bool(getattr(settings, "REDIS_URL", ""))


@register("redis", enabled=_redis_configured)
def check_redis() -> None:
    import redis

    timeout = float(getattr(settings, "READY_TIMEOUT", DEFAULT_TIMEOUT))
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=timeout, socket_timeout=timeout)
    try:
        client.ping()
    finally:
        client.close()


@register("queue")
def check_queue() -> str:
    """The task queue's broker (Redis, or the embedded SQLite file) answers. The enrichment
    backlog is a database count, reported by /metrics, so a database outage is not also
    named as a queue failure here."""
    from huey.contrib.djhuey import HUEY

    return f"{HUEY.pending_count()} tasks waiting"


@register("migrations", probe=False)
def check_migrations() -> str:
    """Unapplied migrations (after an upgrade, before `parkpulse manage migrate`)."""
    from django.db import connections
    from django.db.migrations.executor import MigrationExecutor

    conn = connections["default"]
    try:
        executor = MigrationExecutor(conn)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    finally:
        conn.close()
    if plan:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _ in plan[:5])
        raise RuntimeError(f"{len(plan)} unapplied (run parkpulse manage migrate): {names}")
    return "all applied"


# --- the view -------------------------------------------------------------------------------


@never_cache
@require_safe
def readyz(request):
    """200 when every check passes; 503 with the names of those that failed."""
    results = run_checks()
    failed = [name for name, r in results.items() if not r["ok"]]
    body = {"status": "fail" if failed else "ok", "failed": failed, "checks": results}
    return JsonResponse(body, status=503 if failed else 200, json_dumps_params={"ensure_ascii": False})
