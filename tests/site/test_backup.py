"""``parkpulse backup`` / ``restore``: a round trip while a writer adds articles and leads, on
whichever database the suite runs on (CI: SQLite and PostgreSQL), and archives that must be
refused without a single file or row written."""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import threading
import uuid
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import connection, connections
from django.utils import timezone

from parkpulse.collect.childenv import child_env
from parkpulse.leads.models import Lead
from parkpulse.parks.models import Park, ParkClaim
from parkpulse.portal.models import Article

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def cli(env, *args, timeout=180):
    return subprocess.run([sys.executable, "-m", "parkpulse.site.cli", *args], env=env,
                          capture_output=True, text=True, timeout=timeout)


def tree(root: Path) -> dict[str, str]:
    """relative path -> sha256 of every file under root"""
    if not root.exists():
        return {}
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


# --- databases the restore goes into --------------------------------------------------------


class Target:
    """An empty database of the suite's kind plus an empty data folder for ``restore``."""

    def __init__(self, home: Path):
        self.home = home
        self.vendor = connection.vendor
        if self.vendor == "sqlite":
            self.url = f"sqlite:///{home / 'parkpulse.sqlite3'}"
        else:
            import psycopg

            d = connection.settings_dict
            self.dbname = f"pp_restore_{uuid.uuid4().hex[:10]}"
            self.server = dict(host=d.get("HOST") or "localhost", port=d.get("PORT") or 5432,
                               user=d.get("USER") or "", password=d.get("PASSWORD") or None)
            with psycopg.connect(dbname="postgres", autocommit=True, **self.server) as c:
                c.execute(f'CREATE DATABASE "{self.dbname}"')
            auth = d.get("USER") or ""
            if d.get("PASSWORD"):
                auth += ":" + d["PASSWORD"]
            self.url = f"postgres://{auth}@{self.server['host']}:{self.server['port']}/{self.dbname}"

    def env(self):
        return child_env(PARKPULSE_HOME=str(self.home), DATABASE_URL=self.url)

    def connect(self):
        if self.vendor == "sqlite":
            return sqlite3.connect(self.home / "parkpulse.sqlite3")
        import psycopg

        return psycopg.connect(dbname=self.dbname, **self.server)

    def tables(self) -> set[str]:
        with self.connect() as c:
            if self.vendor == "sqlite":
                return {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            return {r[0] for r in c.execute("SELECT tablename FROM pg_tables WHERE schemaname='public'")}

    def drop(self):
        if self.vendor != "sqlite":
            import psycopg

            with psycopg.connect(dbname="postgres", autocommit=True, **self.server) as c:
                c.execute(f'DROP DATABASE IF EXISTS "{self.dbname}" WITH (FORCE)')


@pytest.fixture
def target(tmp_path):
    t = Target(tmp_path / "restored")
    yield t
    t.drop()


def source_connect():
    if connection.vendor == "sqlite":
        return sqlite3.connect(connection.settings_dict["NAME"])
    import psycopg

    d = connection.settings_dict
    return psycopg.connect(dbname=d["NAME"], host=d.get("HOST") or "localhost", port=d.get("PORT") or 5432,
                           user=d.get("USER") or "", password=d.get("PASSWORD") or None)


def rows(conn, table: str) -> list[tuple]:
    cur = conn.cursor()
    cur.execute(f'SELECT * FROM "{table}"')
    return sorted(cur.fetchall(), key=repr)


# --- the data -------------------------------------------------------------------------------


@pytest.fixture
def source_home(tmp_path, settings):
    """The backed-up site's data folder: this process writes uploads where the child reads."""
    home = tmp_path / "source"
    settings.MEDIA_ROOT = home / "media"
    settings.PRIVATE_MEDIA_ROOT = home / "private"
    return home


def make_content():
    user = get_user_model().objects.create_user("claimant", "c@example.com", "S3cure-pass-xyz")
    park = Park.objects.create(name="示例备份园区", province="江苏省", city="苏州市", is_sample=True)
    for i in range(3):
        a = Article.objects.create(title=f"备份测试文章{i}(示例数据)", status=Article.Status.PUBLISHED,
                                   body_text="示例数据:备份与恢复的测试正文。" * 5)
        # random bytes: identical after the round trip only if copied byte for byte
        a.cover.save(f"cover{i}.png", ContentFile(b"\x89PNG\r\n\x1a\n" + os.urandom(2048)))
    claim = ParkClaim(park=park, user=user, position="招商主管", phone="13900001111", note="示例数据")
    claim.proof.save("授权书.pdf", ContentFile(b"%PDF-1.4\n" + os.urandom(4096) + b"\n%%EOF\n"))


def writer(stop: threading.Event, written: list[int]):
    """Adds an article and a lead (with a phone) in separate transactions until stopped, and
    three more after that, so some writes are certainly later than the snapshot."""
    try:
        after = 0
        while after < 3:
            after += stop.is_set()
            i = len(written)
            Article.objects.create(title=f"并发写入{i}(示例数据)", status=Article.Status.DRAFT)
            Lead.objects.create(description="示例数据:并发写入的需求", use="factory", company=f"示例公司{i}",
                                company_key=f"示例公司{i}", contact_name="王先生", phone=f"139{i:08d}",
                                consent=True, is_sample=True, last_submitted_at=timezone.now())
            written.append(i)
    finally:
        connections.close_all()


def test_round_trip_while_writing(source_home, target):
    make_content()
    stop, written = threading.Event(), []
    t = threading.Thread(target=writer, args=(stop, written), daemon=True)
    t.start()
    try:
        while len(written) < 3 and t.is_alive():  # the snapshot lands among the writes
            threading.Event().wait(0.01)
        backups = source_home.parent / "backups"
        made = cli(child_env(PARKPULSE_HOME=str(source_home)), "backup", "--to", str(backups))
    finally:
        stop.set()
        t.join(60)
    assert not t.is_alive() and len(written) >= 6
    assert made.returncode == 0, made.stderr
    (archive,) = backups.glob("parkpulse-*.tar.gz")
    assert "已备份" in made.stdout and str(archive) in made.stdout
    assert archive.stat().st_mode & 0o077 == 0  # leads and proofs inside: owner only

    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert manifest["database"]["vendor"] == connection.vendor
    assert "0001_initial" in manifest["migrations"]["portal"]
    snap_articles = manifest["counts"]["portal.article"]["rows"]
    assert 3 + 3 <= snap_articles < Article.objects.count()  # mid-stream: some writes in, some not
    assert snap_articles - 4 <= manifest["counts"]["leads.lead"]["rows"] <= snap_articles - 3
    assert len(manifest["counts"]) > 30  # every model, not a hand-kept list

    restored = cli(target.env(), "restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert "已恢复" in restored.stdout and f"portal.article: {snap_articles}" in restored.stdout

    # files: every upload and proof back, byte for byte
    assert tree(source_home / "media") == tree(target.home / "media") != {}
    assert tree(source_home / "private") == tree(target.home / "private") != {}
    # rows: each table holds exactly the snapshot's rows, each one a row of the source value
    # for value; the tables the writer appends to hold a prefix of its writes (one moment)
    with source_connect() as src, target.connect() as dst:
        for label, info in manifest["counts"].items():
            table = info["table"]
            got, now = rows(dst, table), rows(src, table)
            assert len(got) == info["rows"], label
            assert {repr(r) for r in got} <= {repr(r) for r in now}, label
            if len(now) == len(got):
                assert got == now, label
            if label in ("portal.article", "leads.lead"):
                top = max(r[0] for r in got)
                assert got == [r for r in now if r[0] <= top], label


def test_refused_archives_write_nothing(source_home, target, tmp_path):
    make_content()
    backups = tmp_path / "backups"
    made = cli(child_env(PARKPULSE_HOME=str(source_home)), "backup", "--to", str(backups))
    assert made.returncode == 0, made.stderr
    (archive,) = backups.glob("*.tar.gz")

    def rewrite(name, edit):
        out = tmp_path / name
        with tarfile.open(archive) as tin, tarfile.open(out, "w:gz") as tout:
            for m in tin:
                data = edit(m.name, tin.extractfile(m).read())
                m.size = len(data)
                tout.addfile(m, io.BytesIO(data))
        return out

    def flip_proof(name, data):
        return data[:20] + bytes([data[20] ^ 1]) + data[21:] if name.startswith("private/") else data

    def future(name, data):
        if name != "manifest.json":
            return data
        m = json.loads(data)
        m["migrations"]["portal"].append("9999_from_the_future")
        return json.dumps(m).encode()

    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    cases = {
        rewrite("corrupt.tar.gz", flip_proof): "checksum mismatch",
        rewrite("newer.tar.gz", future): "portal.9999_from_the_future",
        truncated: "damaged or truncated",
    }
    good = cli(target.env(), "restore", "--check", str(archive))
    assert good.returncode == 0 and "archive ok" in good.stdout, good.stderr
    for bad, message in cases.items():
        check = cli(target.env(), "restore", "--check", str(bad))
        assert check.returncode == 1 and message in check.stderr, check.stderr
        proc = cli(target.env(), "restore", str(bad))
        assert proc.returncode == 1 and message in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr
        assert tree(target.home / "media") == {} and tree(target.home / "private") == {}
        assert not ({"portal_article", "leads_lead"} & target.tables())

    # a data folder that already has data is never overwritten
    before = tree(source_home)
    proc = cli(child_env(PARKPULSE_HOME=str(source_home)), "restore", str(archive))
    assert proc.returncode == 1 and "empty" in proc.stderr
    assert tree(source_home) == before
    assert Article.objects.count() == 3


def test_keep_rotates_only_our_archives(source_home, tmp_path):
    backups = tmp_path / "b"
    backups.mkdir()
    (backups / "notes.txt").write_text("not a backup")
    (backups / "parkpulse-20200101T000000Z.tar.gz").write_bytes(b"old")
    env = child_env(PARKPULSE_HOME=str(source_home))
    for _ in range(2):
        proc = cli(env, "backup", "--to", str(backups), "--keep", "2")
        assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in backups.iterdir())
    assert "notes.txt" in names and "parkpulse-20200101T000000Z.tar.gz" not in names
    assert len([n for n in names if n.startswith("parkpulse-")]) == 2
    assert cli(env, "backup", "--keep", "0").returncode == 1
    inside = cli(env, "backup", "--to", str(source_home / "media" / "b"))
    assert inside.returncode == 1 and "must not be inside" in inside.stderr
