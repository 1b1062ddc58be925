"""The view counter under real concurrency: no lost increments.

Threads hit Django's live server (one database connection per thread) on whichever database
the suite runs on (CI runs it on SQLite and on PostgreSQL); a second test drives a real
multi-process ``parkpulse serve`` (gunicorn) on the embedded SQLite default.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from parkpulse.portal.models import Article

SRC = str(Path(__file__).resolve().parents[2] / "src")


def fetch(url: str, ua: str = "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0") -> int:
    req = urllib.request.Request(url, headers={"User-Agent": ua})
    with urllib.request.urlopen(req, timeout=30) as r:
        r.read()
        return r.status


def test_concurrent_views_lose_no_increment(site_server):
    a = Article.objects.create(title="并发计数", status=Article.Status.PUBLISHED)
    url = f"{site_server}/article/{a.pk}/"
    n = 64
    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(lambda _: fetch(url), range(n)))
    # a crawler in the middle of it all does not count
    assert fetch(url, ua="Mozilla/5.0 (compatible; Googlebot/2.1)") == 200
    assert statuses == [200] * n
    a.refresh_from_db()
    assert a.view_count == n


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_cli(env, *args, timeout=120):
    return subprocess.run(
        [sys.executable, "-m", "parkpulse.site.cli", *args], env=env, capture_output=True,
        text=True, timeout=timeout,
    )


def test_gunicorn_workers_on_sqlite_lose_no_increment(tmp_path):
    env = {**os.environ, "PARKPULSE_HOME": str(tmp_path), "PYTHONPATH": SRC}
    env.pop("DATABASE_URL", None)
    made = run_cli(env, "manage", "shell", "-c", (
        "from django.core.management import call_command; call_command('migrate', verbosity=0);"
        "from parkpulse.portal.models import Article as A;"
        "print(A.objects.create(title='x', status='published').pk)"
    ))
    pk = int(made.stdout.split()[-1])
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "parkpulse.site.cli", "serve", "--port", str(port), "--workers", "3"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.time() + 60
        while True:
            try:
                fetch(base + "/healthz")
                break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    pytest.fail("parkpulse serve did not start: " + server.stderr.read().decode()[-500:])
                time.sleep(0.2)
        n = 90
        with ThreadPoolExecutor(max_workers=12) as pool:
            statuses = list(pool.map(lambda _: fetch(f"{base}/article/{pk}/"), range(n)))
        assert statuses == [200] * n
    finally:
        server.terminate()
        server.wait(timeout=20)
    with sqlite3.connect(tmp_path / "parkpulse.sqlite3") as db:
        count = db.execute("SELECT view_count FROM portal_article WHERE id = ?", (pk,)).fetchone()[0]
    assert count == n
