"""Backup and restore of a site with many articles, and what a backup costs a writer.

    python bench/backup.py                        # SQLite under var/bench-backup
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pp_bench python bench/backup.py   # its own database!

Builds ``--articles`` articles (bench text, ≈2 KB each) and as many leads, ``--files`` media
files and ``--files // 10`` claim proofs of ``--file-kb`` random KB, then measures through the
CLI (``parkpulse backup`` / ``parkpulse restore`` in child processes, as an operator runs them):

* backup time and archive size beside the database and file sizes;
* writer rate: single-row lead inserts per second (each its own transaction) for
  ``--writer-seconds`` on an idle site, then while a backup runs — the online backup should
  not stop the writer;
* restore time into an empty folder (SQLite) or a fresh database ``<name>_restore``
  (PostgreSQL, dropped afterwards), and that the restored row counts match.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def cli(env, *args):
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "parkpulse.site.cli", *args], env=env, capture_output=True,
                          text=True)
    if proc.returncode != 0:
        sys.exit(f"parkpulse {' '.join(args)} failed:\n{proc.stderr}")
    return time.perf_counter() - start, proc.stdout


def build(n: int, files: int, kb: int) -> None:
    from django.utils import timezone

    from parkpulse.leads.models import Lead
    from parkpulse.portal.models import Article

    body = "示例数据:园区基准测试正文,用于衡量备份与恢复的耗时。" * 40
    now = timezone.now()
    for start in range(0, n, 2000):
        stop = min(n, start + 2000)
        Article.objects.bulk_create([
            Article(title=f"基准文章{i}(示例数据)", body_text=body, status=Article.Status.PUBLISHED,
                    published_at=now, is_sample=True) for i in range(start, stop)])
        Lead.objects.bulk_create([
            Lead(description="示例数据:基准需求", use="factory", company=f"示例公司{i}", company_key=f"示例公司{i}",
                 contact_name="王先生", phone=f"139{i:08d}", consent=True, last_submitted_at=now, is_sample=True)
            for i in range(start, stop)])
    from django.conf import settings

    from parkpulse.parks.models import private_storage

    media = Path(settings.MEDIA_ROOT) / "covers" / "bench"
    private = Path(private_storage.location) / "claims" / "bench"
    for folder, count in ((media, files), (private, max(1, files // 10))):
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(count):
            (folder / f"{i:05d}.bin").write_bytes(os.urandom(kb * 1024))


def writer_rate(seconds: float, during=None) -> tuple[float, float]:
    """Lead inserts per second (one transaction each) for ``seconds``, or while ``during()`` runs."""
    from django.db import connections
    from django.utils import timezone

    from parkpulse.leads.models import Lead

    done = threading.Event()
    result = {}
    if during is not None:
        def run():
            result["t"] = during()
            done.set()
        threading.Thread(target=run, daemon=True).start()
    n, start = 0, time.perf_counter()
    while (not done.is_set()) if during else (time.perf_counter() - start < seconds):
        Lead.objects.create(description="示例数据:写入", use="factory", company=f"写入{n}", company_key=f"写入{n}",
                            contact_name="赵女士", phone=f"137{n:08d}", consent=True,
                            last_submitted_at=timezone.now(), is_sample=True)
        n += 1
    elapsed = time.perf_counter() - start
    connections.close_all()
    return n / elapsed, result.get("t", elapsed)


def size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=20000)
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--file-kb", type=int, default=64)
    ap.add_argument("--writer-seconds", type=float, default=3.0)
    ap.add_argument("--home", default=str(ROOT / "var" / "bench-backup"))
    ap.add_argument("--json", help="also write the results here")
    args = ap.parse_args()

    home = Path(args.home).resolve()
    shutil.rmtree(home, ignore_errors=True)
    os.environ["PARKPULSE_HOME"] = str(home / "site")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parkpulse.site.settings")
    env = dict(os.environ)
    cli(env, "manage", "migrate", "-v0")
    import django

    django.setup()
    from django.db import connection

    vendor = connection.vendor
    t0 = time.perf_counter()
    build(args.articles, args.files, args.file_kb)
    build_s = time.perf_counter() - t0

    backups = home / "backups"
    backup_s, _ = cli(env, "backup", "--to", str(backups))
    archive = max(backups.glob("parkpulse-*.tar.gz"))
    idle_rate, _ = writer_rate(args.writer_seconds)
    busy_rate, backup2_s = writer_rate(0, during=lambda: cli(env, "backup", "--to", str(backups))[0])

    if vendor == "sqlite":
        db_bytes = size(Path(connection.settings_dict["NAME"]))
        target = dict(env, PARKPULSE_HOME=str(home / "restored"),
                      DATABASE_URL=f"sqlite:///{home / 'restored' / 'parkpulse.sqlite3'}")
        drop = None
    else:
        import psycopg

        d = connection.settings_dict
        with connection.cursor() as cur:
            cur.execute("SELECT pg_database_size(current_database())")
            db_bytes = cur.fetchone()[0]
        server = dict(host=d.get("HOST") or "localhost", port=d.get("PORT") or 5432, user=d.get("USER") or "",
                      password=d.get("PASSWORD") or None)
        name = f"{d['NAME']}_restore"
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            c.execute(f'CREATE DATABASE "{name}"')
        auth = server["user"] + (":" + d["PASSWORD"] if d.get("PASSWORD") else "")
        target = dict(env, PARKPULSE_HOME=str(home / "restored"),
                      DATABASE_URL=f"postgres://{auth}@{server['host']}:{server['port']}/{name}")

        def drop():
            with psycopg.connect(dbname="postgres", autocommit=True, **server) as c:
                c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    try:
        restore_s, out = cli(target, "restore", str(archive))
    finally:
        if drop:
            drop()
    rows = {
        "database": vendor, "articles": args.articles, "leads": args.articles,
        "files": args.files + max(1, args.files // 10), "build_s": round(build_s, 1),
        "db_mb": round(db_bytes / 2**20, 1),
        "files_mb": round((size(home / "site" / "media") + size(home / "site" / "private")) / 2**20, 1),
        "archive_mb": round(archive.stat().st_size / 2**20, 1),
        "backup_s": round(backup_s, 2), "restore_s": round(restore_s, 2),
        "writer_idle_per_s": round(idle_rate), "writer_during_backup_per_s": round(busy_rate),
        "backup_with_writer_s": round(backup2_s, 2),
        "restored_articles_line": next((ln.strip() for ln in out.splitlines() if "portal.article:" in ln), ""),
    }
    print("| database | articles + leads | files | db MB | files MB | archive MB | backup s | restore s "
          "| writer/s idle | writer/s during backup |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    print(f"| {vendor} | {rows['articles']} + {rows['leads']} | {rows['files']} | {rows['db_mb']} | {rows['files_mb']} "
          f"| {rows['archive_mb']} | {rows['backup_s']} | {rows['restore_s']} | {rows['writer_idle_per_s']} "
          f"| {rows['writer_during_backup_per_s']} |")
    print(f"restore says: {rows['restored_articles_line']}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
