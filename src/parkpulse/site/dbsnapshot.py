"""Database snapshots for backups, and loading them back: SQLite and PostgreSQL.

A snapshot is one consistent moment of the whole database, taken while the site runs:
SQLite's online backup API in a single step (a stepwise copy restarts whenever another
connection writes, so under a steady writer it would never end), PostgreSQL's ``pg_dump -Fc``
pinned to a snapshot that the migrations and row counts in the manifest are read from too.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.apps import apps
from django.db import connections, transaction


class SnapshotError(RuntimeError):
    """A database cannot be dumped or loaded; the message says why."""


def vendor(alias: str = "default") -> str:
    return connections[alias].vendor


def model_tables() -> dict[str, str]:
    """``{"app.model": table}`` for every concrete table Django manages, M2M tables too."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy and not meta.swapped:
            tables[meta.label_lower] = meta.db_table
    return dict(sorted(tables.items()))


def _qn(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _read_state(cursor, existing: set[str]) -> tuple[dict, dict]:
    """(migrations applied {app: [names]}, counts {label: {"table", "rows"}}) via a DB-API cursor."""
    migrations: dict[str, list[str]] = {}
    if "django_migrations" in existing:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            migrations.setdefault(app, []).append(name)
    counts = {}
    for label, table in model_tables().items():
        if table in existing:
            cursor.execute(f"SELECT COUNT(*) FROM {_qn(table)}")
            counts[label] = {"table": table, "rows": cursor.fetchone()[0]}
    return migrations, counts


# --- SQLite -----------------------------------------------------------------------------------


def sqlite_path(alias: str = "default") -> Path:
    return Path(connections[alias].settings_dict["NAME"])


def sqlite_tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def snapshot_sqlite(out: Path, alias: str = "default") -> tuple[dict, dict]:
    src_path = sqlite_path(alias)
    if not src_path.exists():
        raise SnapshotError(f"数据库文件不存在 (no database file): {src_path}")
    src = sqlite3.connect(src_path, timeout=30)  # read-write open: read-only cannot join a WAL
    dst = sqlite3.connect(out)
    try:
        src.backup(dst, pages=-1)  # one step: one read transaction, a consistent copy
    finally:
        src.close()
    try:
        ok = dst.execute("PRAGMA quick_check").fetchone()[0]
        if ok != "ok":
            raise SnapshotError(f"数据库副本校验失败 (copy failed its integrity check): {ok}")
        return _read_state(dst.cursor(), sqlite_tables(dst))
    finally:
        dst.close()


def sqlite_is_empty(path: Path) -> bool:
    if not path.exists() or path.stat().st_size == 0:
        return True
    conn = sqlite3.connect(path)
    try:
        return not sqlite_tables(conn)
    finally:
        conn.close()


def load_sqlite(dump: Path, alias: str = "default") -> None:
    target = sqlite_path(alias)
    connections.close_all()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".restoring")
    shutil.copyfile(dump, tmp)
    for suffix in ("-wal", "-shm"):  # left by an empty database: they belong to the old file
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(tmp, target)


# --- PostgreSQL -------------------------------------------------------------------------------


def pg_env(alias: str = "default") -> dict[str, str]:
    """libpq variables for pg_dump/pg_restore: the password never appears on a command line."""
    d = connections[alias].settings_dict
    env = dict(os.environ)
    for var, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"),
                     ("PGPASSWORD", "PASSWORD"), ("PGDATABASE", "NAME")):
        if d.get(key):
            env[var] = str(d[key])
    options = d.get("OPTIONS") or {}
    for var, key in (("PGSSLMODE", "sslmode"), ("PGSSLROOTCERT", "sslrootcert"), ("PGAPPNAME", "application_name")):
        if options.get(key):
            env[var] = str(options[key])
    return env


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise SnapshotError(f"找不到 {name} (not installed): apt-get install postgresql-client")
    return path


def _pg_tables(cursor) -> set[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return {r[0] for r in cursor.fetchall()}


def snapshot_postgresql(out: Path, alias: str = "default") -> tuple[dict, dict]:
    pg_dump = _pg_tool("pg_dump")
    conn = connections[alias]
    with transaction.atomic(using=alias), conn.cursor() as cur:
        # The dump, the migrations and the counts all see this one snapshot.
        cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cur.execute("SELECT pg_export_snapshot()")
        snap = cur.fetchone()[0]
        proc = subprocess.run([pg_dump, "-Fc", f"--snapshot={snap}", "-f", str(out)], env=pg_env(alias),
                              capture_output=True, text=True)
        if proc.returncode != 0:
            raise SnapshotError(f"pg_dump 失败 (pg_dump failed): {proc.stderr.strip()[:500]}")
        return _read_state(cur, _pg_tables(cur))


def pg_is_empty(alias: str = "default") -> bool:
    with connections[alias].cursor() as cur:
        cur.execute(
            "SELECT COUNT(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%%' "
            "AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')"
        )
        return cur.fetchone()[0] == 0


def load_postgresql(dump: Path, alias: str = "default") -> None:
    pg_restore = _pg_tool("pg_restore")
    connections.close_all()
    # One transaction: a restore that fails half way leaves the database empty, not half full.
    proc = subprocess.run(
        [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
         "-d", connections[alias].settings_dict["NAME"], str(dump)],
        env=pg_env(alias), capture_output=True, text=True,
    )
    if proc.returncode != 0:
        raise SnapshotError(f"pg_restore 失败 (pg_restore failed): {proc.stderr.strip()[:500]}")


# --- both -------------------------------------------------------------------------------------

SNAPSHOT_FILE = {"sqlite": "database/parkpulse.sqlite3", "postgresql": "database/parkpulse.pgdump"}


def snapshot(out: Path, alias: str = "default") -> tuple[dict, dict]:
    kind = vendor(alias)
    if kind == "sqlite":
        return snapshot_sqlite(out, alias)
    if kind == "postgresql":
        return snapshot_postgresql(out, alias)
    raise SnapshotError(f"不支持的数据库 (unsupported database): {kind}")


def database_is_empty(alias: str = "default") -> bool:
    return sqlite_is_empty(sqlite_path(alias)) if vendor(alias) == "sqlite" else pg_is_empty(alias)


def load(dump: Path, alias: str = "default") -> None:
    (load_sqlite if vendor(alias) == "sqlite" else load_postgresql)(dump, alias)


def live_counts(tables: dict[str, str], alias: str = "default") -> dict[str, int]:
    """Rows now in each ``{label: table}`` of the configured database."""
    out = {}
    with connections[alias].cursor() as cur:
        for label, table in tables.items():
            cur.execute(f"SELECT COUNT(*) FROM {_qn(table)}")
            out[label] = cur.fetchone()[0]
    return out
