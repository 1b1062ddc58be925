"""Fixtures for the tests that run the real server on a database of their own."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory) -> Path:
    """A SQLite database with every migration applied, made once per session by the CLI, as a
    fresh install makes it (``parkpulse manage migrate``). Applying the migrations costs
    10-20 s; the tests that serve from a fresh database copy this one instead
    (``fresh_sqlite``), so each still starts from exactly a freshly migrated database."""
    home = tmp_path_factory.mktemp("migrated")
    db = home / "parkpulse.sqlite3"
    env = dict(os.environ, PARKPULSE_HOME=str(home), DATABASE_URL=f"sqlite:///{db}",
               PARKPULSE_LOG_LEVEL="WARNING")
    migrate = subprocess.run([sys.executable, "-m", "parkpulse.site.cli", "manage", "migrate", "-v0"],
                             env=env, capture_output=True, text=True, timeout=300)
    assert migrate.returncode == 0, migrate.stderr
    return db


@pytest.fixture
def fresh_sqlite(migrated_sqlite):
    """fresh_sqlite(path) -> DATABASE_URL of a copy of the migrated database at ``path``
    (SQLite's backup API: a consistent copy whatever the WAL holds)."""

    def make(path: Path) -> str:
        with sqlite3.connect(migrated_sqlite) as src, sqlite3.connect(path) as dst:
            src.backup(dst)
        return f"sqlite:///{path}"

    return make
