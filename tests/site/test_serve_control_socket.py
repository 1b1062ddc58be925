"""Two ``parkpulse serve`` on one machine: each gunicorn has its own control socket under
PARKPULSE_HOME, where gunicorn's default (``~/.gunicorn/gunicorn.ctl``) would be shared."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

SRC = str(Path(__file__).resolve().parents[2] / "src")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ok(port: int, proc, deadline: float) -> None:
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(proc.stdout.read())
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                if r.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError("server did not answer")


@pytest.mark.slow
def test_each_serve_has_its_own_control_socket_under_home(tmp_path):
    home, user_home = tmp_path / "h", tmp_path / "user"
    user_home.mkdir()
    env = {**os.environ, "PYTHONPATH": SRC, "PARKPULSE_HOME": str(home), "HOME": str(user_home),
           "PARKPULSE_WORKERS": "1", "PARKPULSE_THREADS": "2"}
    env.pop("DATABASE_URL", None)
    procs, ports = [], [free_port(), free_port()]
    try:
        for port in ports:
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "parkpulse.site.cli", "serve", "--port", str(port)], env=env,
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True,
            ))
        deadline = time.monotonic() + 90
        for port, proc in zip(ports, procs, strict=True):
            wait_ok(port, proc, deadline)
        for port in ports:
            ctl = home / "run" / f"gunicorn-{port}.ctl"
            # the arbiter opens its control socket after the workers answer: allow it a moment
            while not ctl.exists() and time.monotonic() < deadline:
                time.sleep(0.1)
            assert ctl.exists() and ctl.is_socket()
        assert not (user_home / ".gunicorn").exists()
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(30)
