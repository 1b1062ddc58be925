"""``parkpulse backup [--to DIR] [--keep N]``: one archive with the database, media, proofs and
a manifest, taken while the site runs (see docs/deploy.md for a nightly systemd timer)."""

from __future__ import annotations

HELP = "备份数据库、上传文件和认领证明 (back up database, media and claim proofs)"


def add_arguments(parser):
    parser.add_argument("--to", metavar="DIR", help="备份目录 (default: PARKPULSE_BACKUP_DIR or PARKPULSE_HOME/backups)")
    parser.add_argument("--keep", type=int, metavar="N", help="只保留最新的 N 个备份 (delete older archives)")


def run(args):
    from parkpulse.site.cli import CliError, check_database, setup_django

    if args.keep is not None and args.keep < 1:
        raise CliError("--keep 至少为 1 (must be at least 1)")
    setup_django()
    check_database()
    from parkpulse.site.backup import BackupError, create_backup
    from parkpulse.site.dbsnapshot import SnapshotError

    try:
        result = create_backup(args.to, args.keep)
    except (BackupError, SnapshotError) as exc:
        raise CliError(str(exc)) from exc
    m = result.manifest
    rows = sum(c["rows"] for c in m["counts"].values())
    files = {p: sum(1 for n in m["files"] if n.startswith(p + "/")) for p in ("media", "private")}
    size = result.path.stat().st_size
    print(f"已备份 (backed up) {result.path}  {size / 1024 / 1024:.1f} MiB: {m['database']['vendor']} "
          f"{rows} 行 rows in {len(m['counts'])} tables, media {files['media']} 个文件 files, "
          f"private {files['private']} 个文件 files")
    for p in result.removed:
        print(f"已删除旧备份 (rotated out) {p}")
    return 0
