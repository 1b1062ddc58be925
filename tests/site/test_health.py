"""``/healthz``, ``/readyz`` and ``parkpulse check``: what a load balancer and an operator see
when the database, Redis or another registered dependency is down (closed ports, never the
shared servers)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from parkpulse.collect.childenv import child_env
from parkpulse.site import health
from tests.conftest import port_open

PORTS = range(8150, 8200)  # this work's port range on the shared machine


def closed_port() -> int:
    """A port in our range that nothing listens on: connections are refused at once."""
    for port in reversed(PORTS):
        if not port_open("127.0.0.1", port):
            return port
    raise RuntimeError("no closed port in range")


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in range")


def cli(env, *args):
    return subprocess.run([sys.executable, "-m", "parkpulse.site.cli", *args], env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.django_db
def test_ready_when_everything_answers(client, settings, redis_url):
    settings.REDIS_URL = redis_url
    r = client.get("/readyz")
    assert r.status_code == 200 and r["Content-Type"] == "application/json"
    assert "no-cache" in r["Cache-Control"] or "max-age=0" in r["Cache-Control"]
    body = r.json()
    assert body["status"] == "ok" and body["failed"] == []
    assert set(body["checks"]) == {"cache", "database", "queue", "redis"}  # shell-only checks stay out
    assert all(c["ok"] for c in body["checks"].values())


@pytest.mark.django_db
def test_redis_unreachable_is_named(client, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{closed_port()}/2"
    r = client.get("/readyz")
    assert r.status_code == 503
    body = r.json()
    assert body["status"] == "fail" and body["failed"] == ["redis"]
    assert "connect" in body["checks"]["redis"]["error"].lower()
    assert body["checks"]["database"]["ok"] and body["checks"]["cache"]["ok"]
    assert client.get("/healthz").status_code == 200  # liveness does not depend on Redis


@pytest.mark.django_db
def test_registered_check_that_hangs_times_out(client, settings):
    settings.READY_TIMEOUT = 0.3
    release = __import__("threading").Event()

    @health.register("queue")
    def queue():
        release.wait(30)  # a broker that never answers

    try:
        r = client.get("/readyz")
        assert r.status_code == 503 and r.json()["failed"] == ["queue"]
        assert "timed out after 0.3s" in r.json()["checks"]["queue"]["error"]
        # while it still hangs, a second probe does not start another thread for it
        again = client.get("/readyz").json()["checks"]["queue"]
        assert "still running" in again["error"]
        release.set()
    finally:
        release.set()
        health.CHECKS.pop("queue", None)
    for _ in range(100):  # the check thread ends once released
        if not any(c.running.is_set() for c in health.CHECKS.values()):
            break
        time.sleep(0.01)
    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
def test_probes_are_not_redirected_to_https(client, settings):
    from parkpulse.site import settings_production

    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = settings_production.SECURE_REDIRECT_EXEMPT
    assert client.get("/readyz").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


@pytest.mark.slow
def test_database_unreachable_real_server(tmp_path):
    """gunicorn serving with its database down: /healthz lives, /readyz names the database."""
    port = free_port()
    env = dict(os.environ, PARKPULSE_HOME=str(tmp_path),
               DATABASE_URL=f"postgres://postgres@127.0.0.1:{closed_port()}/parkpulse")
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "parkpulse.site.wsgi:application",
                             "--bind", f"127.0.0.1:{port}", "--workers", "1"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        for _ in range(300):
            if port_open("127.0.0.1", port):
                break
            time.sleep(0.1)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=30) as r:
            assert r.status == 200
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=30)
        assert err.value.code == 503
        body = json.loads(err.value.read())
        assert body["failed"] == ["database"]
        assert "OperationalError" in body["checks"]["database"]["error"]
    finally:
        proc.terminate()
        proc.wait(30)


@pytest.mark.django_db(transaction=True)
def test_check_command(settings, tmp_path):
    ok = cli(child_env(), "check")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    lines = ok.stdout.splitlines()
    assert any(line.startswith("ok   database") for line in lines)
    assert any(line.startswith("ok   migrations") and "all applied" in line for line in lines)

    queue_file = f"sqlite:///{tmp_path / 'queue.sqlite3'}"
    bad = cli(child_env(REDIS_URL=f"redis://127.0.0.1:{closed_port()}/2", PARKPULSE_QUEUE_URL=queue_file), "check")
    assert bad.returncode == 1
    assert any(line.startswith("FAIL redis") for line in bad.stdout.splitlines())
    # the page cache lives on that Redis too (PARKPULSE_CACHE_URL defaults to REDIS_URL)
    failed = bad.stderr.split("(not ready): ", 1)[1].strip().split(", ")
    assert "redis" in failed and "database" not in failed and "queue" not in failed

    # the task queue's broker down: named as the queue, whatever else answers
    no_queue = cli(child_env(PARKPULSE_QUEUE_URL=f"redis://127.0.0.1:{closed_port()}/2"), "check")
    assert no_queue.returncode == 1
    assert any(line.startswith("FAIL queue") for line in no_queue.stdout.splitlines()), no_queue.stdout
    assert any(line.startswith("ok   database") for line in no_queue.stdout.splitlines())


@pytest.mark.django_db(transaction=True)
def test_check_deploy_uses_production_settings():
    env = child_env(PARKPULSE_SECRET_KEY="k" * 60)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # set by the browser fixture for this test process; a deployment never has it (async.E001)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    weak = cli(env, "check", "--deploy")
    # production settings are in force: Django's deploy checks see the weak key
    assert weak.returncode == 1 and "security.W009" in weak.stdout
    strong = cli(dict(env, PARKPULSE_SECRET_KEY="Zq8" + os.urandom(40).hex()), "check", "--deploy")
    assert strong.returncode == 0, strong.stdout + strong.stderr
    assert "System check identified no issues" in strong.stdout

