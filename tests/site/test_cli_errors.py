"""CLI failures a user can hit print one clear line (no traceback) and exit 1; the demo builds
offline from scratch on SQLite."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

SRC = str(Path(__file__).resolve().parents[2] / "src")


def run_cli(tmp_env: dict, *args: str, timeout: int = 180) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": SRC, **tmp_env}
    if "DATABASE_URL" not in tmp_env:
        env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "parkpulse.site.cli", *args], env=env, capture_output=True,
        text=True, timeout=timeout, stdin=subprocess.DEVNULL,
    )


def one_clear_line(result: subprocess.CompletedProcess, needle: str) -> None:
    assert result.returncode == 1, result.stderr
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("parkpulse: ") and needle in lines[0]
    assert "Traceback" not in result.stderr


def test_unwritable_data_folder(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run_cli({"PARKPULSE_HOME": str(blocker / "home")}, "demo", "--no-serve")
    one_clear_line(result, "数据目录不可写")


def test_unreachable_database(tmp_path):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {"PARKPULSE_HOME": str(tmp_path), "DATABASE_URL": f"postgres://postgres@127.0.0.1:{port}/nowhere"}
    one_clear_line(run_cli(env, "demo", "--no-serve"), "无法连接数据库")
    # serve checks the database before starting gunicorn
    one_clear_line(run_cli(env, "serve", "--port", str(port)), "无法连接数据库")


def test_demo_port_in_use(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        result = run_cli({"PARKPULSE_HOME": str(tmp_path)}, "demo", "--port", str(port))
    one_clear_line(result, f"端口 {port} 已被占用")
    assert not (tmp_path / "parkpulse.sqlite3").exists()  # failed before touching anything


def test_demo_no_serve_builds_from_scratch_offline(tmp_path):
    env = {"PARKPULSE_HOME": str(tmp_path / "fresh"), "PARKPULSE_DEMO_PASSWORD": "demo-pass-123"}
    result = run_cli(env, "demo", "--no-serve")
    assert result.returncode == 0, result.stderr
    assert "用户名 admin" in result.stdout and "demo-pass-123" in result.stdout
    db = sqlite3.connect(tmp_path / "fresh" / "parkpulse.sqlite3")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    published, samples = db.execute(
        "SELECT COUNT(*), SUM(is_sample) FROM portal_article WHERE status='published'"
    ).fetchone()
    assert published >= 40 and samples == published
