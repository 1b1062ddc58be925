"""Backups: one ``.tar.gz`` with the database, uploaded media, private claim proofs and a
manifest; and restoring one into an empty data folder or an empty database.

Archive layout::

    database/parkpulse.sqlite3 | database/parkpulse.pgdump   a consistent snapshot
    media/...                                                MEDIA_ROOT (covers, photos)
    private/...                                              claim proofs (parks' private storage)
    manifest.json                                            written last: format, version,
        migrations applied and rows per model (both read from the snapshot), sha256 of every file

The database is snapshotted first, files are copied after: Django never deletes an upload when
its row goes, so every file a snapshot row names is still there to copy. Restore checks the
whole archive (format, schema, every checksum) in a staging folder before it touches anything.
The secret key is not in the archive: keep it with the server's configuration.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import tarfile
import tempfile
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from parkpulse.site import dbsnapshot

FORMAT = 1
MANIFEST = "manifest.json"
NAME_RE = re.compile(r"^parkpulse-(\d{8}T\d{6}Z)(?:-(\d+))?\.tar\.gz$")
CHUNK = 1024 * 1024


class BackupError(RuntimeError):
    """The backup or restore cannot go on; the message says why and nothing was changed."""


def file_roots() -> dict[str, Path]:
    """Archive folder -> where those files live on this machine."""
    from parkpulse.parks.models import private_storage

    return {"media": Path(settings.MEDIA_ROOT), "private": Path(private_storage.location)}


def default_dir() -> Path:
    return Path(os.environ.get("PARKPULSE_BACKUP_DIR") or Path(settings.HOME) / "backups")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("parkpulse")
    except PackageNotFoundError:
        return "unknown"


class _HashingReader(io.RawIOBase):
    """Reads a file for tarfile while hashing exactly the bytes that go into the archive."""

    def __init__(self, fh):
        self.fh, self.sha, self.size = fh, hashlib.sha256(), 0

    def readable(self):
        return True

    def readinto(self, buf):
        n = self.fh.readinto(buf)
        if n:
            self.sha.update(memoryview(buf)[:n])
            self.size += n
        return n


def _walk(root: Path):
    """Regular files under ``root``, sorted; symlinks and special files are skipped."""
    if not root.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.is_file() and not path.is_symlink():
                yield path


def _add_file(tar: tarfile.TarFile, path: Path, arcname: str) -> dict | None:
    try:
        fh = open(path, "rb")
    except FileNotFoundError:  # removed between listing and copying
        return None
    with fh:
        st = os.fstat(fh.fileno())
        info = tarfile.TarInfo(arcname)
        info.size, info.mtime, info.mode = st.st_size, int(st.st_mtime), 0o600
        reader = _HashingReader(fh)
        # tarfile copies exactly info.size bytes, so a file growing meanwhile is cut there
        # and one shrinking fails loudly instead of storing a wrong checksum.
        tar.addfile(info, io.BufferedReader(reader, CHUNK))
        return {"sha256": reader.sha.hexdigest(), "size": reader.size}


@dataclass
class BackupResult:
    path: Path
    manifest: dict
    removed: list[Path] = field(default_factory=list)


def _archive_name(folder: Path, now: dt.datetime) -> Path:
    stem = f"parkpulse-{now:%Y%m%dT%H%M%SZ}"
    path, n = folder / f"{stem}.tar.gz", 1
    while path.exists():
        n += 1
        path = folder / f"{stem}-{n}.tar.gz"
    return path


def create_backup(to: Path | None = None, keep: int | None = None) -> BackupResult:
    folder = (Path(to) if to else default_dir()).resolve()
    for prefix, root in file_roots().items():
        if folder.is_relative_to(root.resolve()):
            raise BackupError(f"备份目录不能在 {prefix} 目录里 (the backup folder must not be inside {root}): {folder}")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"无法创建备份目录 (cannot create backup folder) {folder}: {exc.strerror}") from exc
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    kind = dbsnapshot.vendor()
    files: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix=".parkpulse-backup-", dir=folder) as tmp:
        dump = Path(tmp) / "db"
        migrations, counts = dbsnapshot.snapshot(dump)
        target = _archive_name(folder, now)
        partial = Path(tmp) / "archive.tar.gz"
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # leads and proofs inside
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar:
            db_name = dbsnapshot.SNAPSHOT_FILE[kind]
            files[db_name] = _add_file(tar, dump, db_name)
            for prefix, root in file_roots().items():
                for path in _walk(root):
                    arcname = f"{prefix}/{path.relative_to(root).as_posix()}"
                    entry = _add_file(tar, path, arcname)
                    if entry is not None:
                        files[arcname] = entry
            manifest = {
                "format": FORMAT,
                "parkpulse_version": _version(),
                "created_at": now.isoformat().replace("+00:00", "Z"),
                "database": {"vendor": kind, "file": db_name},
                "migrations": migrations,
                "counts": counts,
                "files": files,
            }
            data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(now.timestamp()), 0o600
            tar.addfile(info, io.BytesIO(data))
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, target)  # appears whole or not at all
    removed = rotate(folder, keep) if keep else []
    return BackupResult(target, manifest, removed)


def rotate(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` archives this command made in ``folder``."""
    if keep < 1:
        raise BackupError("--keep 至少为 1 (must be at least 1)")
    ours = []
    for p in folder.iterdir():
        m = NAME_RE.match(p.name)
        if m and p.is_file():
            ours.append(((m[1], int(m[2] or 1)), p))
    ours = [p for _, p in sorted(ours)]
    doomed = ours[:-keep]
    for p in doomed:
        p.unlink(missing_ok=True)
    return doomed


# --- restore ----------------------------------------------------------------------------------


def read_manifest(archive: Path) -> dict:
    if not archive.is_file():
        raise BackupError(f"备份文件不存在 (no such archive): {archive}")
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.getmember(MANIFEST)
            manifest = json.loads(tar.extractfile(member).read())
    except KeyError:
        raise BackupError(f"不是 ParkPulse 备份,缺少 manifest.json (not a ParkPulse backup): {archive}") from None
    except (tarfile.TarError, OSError, EOFError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BackupError(f"备份文件已损坏或不完整 (archive damaged or truncated): {archive}: {exc}") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        raise BackupError(f"manifest.json 格式不对 (manifest malformed): {archive}")
    return manifest


def known_migrations() -> set[tuple[str, str]]:
    from django.db.migrations.loader import MigrationLoader

    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def check_compatible(manifest: dict) -> list[str]:
    """Refuse archives this version cannot read; return the migrations it will still need."""
    fmt = manifest.get("format")
    if not isinstance(fmt, int) or fmt > FORMAT:
        raise BackupError(f"备份格式 {fmt} 比本程序新 (archive format {fmt} is newer than this ParkPulse "
                          f"understands, {FORMAT}): 请先升级 ParkPulse (upgrade first)")
    in_archive = {(app, name) for app, names in (manifest.get("migrations") or {}).items() for name in names}
    unknown = sorted(in_archive - known_migrations())
    if unknown:
        listed = ", ".join(f"{a}.{n}" for a, n in unknown[:5])
        raise BackupError(
            f"备份的数据库结构比本程序新 (archive schema is newer than this ParkPulse "
            f"{_version()}; made by {manifest.get('parkpulse_version', '?')}): unknown migrations {listed}. "
            "请先升级 ParkPulse 再恢复 (upgrade, then restore)"
        )
    return sorted(f"{a}.{n}" for a, n in known_migrations() - in_archive)


def _not_empty() -> list[str]:
    problems = []
    if not dbsnapshot.database_is_empty():
        problems.append("数据库已有数据表 (database has tables)")
    for prefix, root in file_roots().items():
        if next(_walk(root), None) is not None:
            problems.append(f"{prefix} 目录不为空 ({root} has files)")
    return problems


def _safe_member(name: str) -> bool:
    parts = name.split("/")
    return bool(name) and not name.startswith("/") and ".." not in parts and "" not in parts


def _extract_verified(archive: Path, manifest: dict, staging: Path | None) -> None:
    """Every file the manifest lists, and nothing else, with matching size and sha256;
    written under ``staging``, or only read when it is None (``restore --check``)."""
    expected = manifest["files"]
    seen = set()
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                if member.name == MANIFEST:
                    continue
                if not member.isfile() or member.name not in expected or not _safe_member(member.name):
                    raise BackupError(f"备份中有清单之外的条目 (unexpected entry in archive): {member.name}")
                sha, size = hashlib.sha256(), 0
                if staging is not None:
                    dest = staging / member.name
                    dest.parent.mkdir(parents=True, exist_ok=True)
                with tar.extractfile(member) as src, (open(dest, "wb") if staging else nullcontext()) as out:
                    while chunk := src.read(CHUNK):
                        sha.update(chunk)
                        size += len(chunk)
                        if out is not None:
                            out.write(chunk)
                want = expected[member.name]
                if sha.hexdigest() != want.get("sha256") or size != want.get("size"):
                    raise BackupError(f"校验和不符,备份已损坏 (checksum mismatch, archive corrupted): {member.name}")
                seen.add(member.name)
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"备份文件已损坏或不完整 (archive damaged or truncated): {exc}") from None
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"备份缺少文件 (files missing from archive): {', '.join(missing[:5])}")


def verify_archive(archive: Path) -> tuple[dict, list[str]]:
    """Check an archive as restore would (format, schema, every checksum), writing nothing."""
    manifest = read_manifest(Path(archive))
    pending = check_compatible(manifest)
    _extract_verified(Path(archive), manifest, None)
    return manifest, pending


def last_backup(folder: Path | None = None) -> Path | None:
    """The newest complete archive in the backup folder (archives appear only when whole)."""
    folder = Path(folder) if folder else default_dir()
    try:
        ours = [p for p in folder.iterdir() if NAME_RE.match(p.name)]
    except OSError:
        return None
    return max(ours, key=lambda p: p.stat().st_mtime, default=None)


@dataclass
class RestoreResult:
    manifest: dict
    counts: dict[str, int]
    files: dict[str, int]
    pending_migrations: list[str]


def restore_backup(archive: Path) -> RestoreResult:
    archive = Path(archive)
    manifest = read_manifest(archive)
    pending = check_compatible(manifest)
    kind = dbsnapshot.vendor()
    db = manifest.get("database") or {}
    if db.get("vendor") != kind:
        raise BackupError(f"备份来自 {db.get('vendor')} 数据库,当前配置的是 {kind} "
                          f"(archive holds a {db.get('vendor')} database; DATABASE_URL points at {kind})")
    problems = _not_empty()
    if problems:
        raise BackupError("只能恢复到空的数据目录和空数据库 (restore needs an empty data folder and database): "
                          + "; ".join(problems))
    home = Path(settings.HOME)
    with tempfile.TemporaryDirectory(prefix=".parkpulse-restore-", dir=home) as tmp:
        staging = Path(tmp)
        _extract_verified(archive, manifest, staging)
        # Everything checked: from here on the target is written.
        dbsnapshot.load(staging / db["file"])
        files = {}
        for prefix, root in file_roots().items():
            files[prefix] = 0
            src_root = staging / prefix
            for path in _walk(src_root):
                dest = root / path.relative_to(src_root)
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(path, dest)
                files[prefix] += 1
    tables = {label: c["table"] for label, c in manifest.get("counts", {}).items()}
    counts = dbsnapshot.live_counts(tables)
    wrong = [f"{label} {counts[label]} ≠ {c['rows']}" for label, c in manifest.get("counts", {}).items()
             if counts[label] != c["rows"]]
    if wrong:
        raise BackupError("恢复后行数与清单不符 (row counts differ from the manifest): " + ", ".join(wrong[:5]))
    return RestoreResult(manifest, counts, files, pending)
