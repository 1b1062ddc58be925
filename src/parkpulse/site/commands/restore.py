"""``parkpulse restore ARCHIVE``: bring a backup back into an empty data folder or database.

Checks the archive's format, schema and every checksum before it writes anything; refuses a
target that already holds data.
"""

from __future__ import annotations

HELP = "从备份恢复到空的数据目录或数据库 (restore a backup into an empty data folder/database)"


def add_arguments(parser):
    parser.add_argument("archive", metavar="ARCHIVE", help="parkpulse-*.tar.gz made by parkpulse backup")
    parser.add_argument("--check", action="store_true",
                        help="只校验备份,不恢复 (verify format, schema and checksums; restore nothing)")


def run(args):
    from pathlib import Path

    from parkpulse.site.cli import CliError, check_database, setup_django

    setup_django()
    from parkpulse.site.backup import BackupError, restore_backup, verify_archive
    from parkpulse.site.dbsnapshot import SnapshotError

    if args.check:
        try:
            manifest, pending = verify_archive(Path(args.archive))
        except BackupError as exc:
            raise CliError(str(exc)) from exc
        rows = sum(c["rows"] for c in manifest["counts"].values())
        print(f"备份完好 (archive ok) {args.archive}: {manifest['database']['vendor']} {rows} 行 rows, "
              f"{len(manifest['files']) - 1} 个文件 files, 校验和一致 (checksums match)")
        return 0
    check_database()

    try:
        result = restore_backup(Path(args.archive))
    except (BackupError, SnapshotError) as exc:
        raise CliError(str(exc)) from exc
    m = result.manifest
    print(f"已恢复 (restored) {args.archive}  (备份于 made {m['created_at']}, ParkPulse {m['parkpulse_version']})")
    print(f"  数据库 database: {m['database']['vendor']}, {sum(result.counts.values())} 行 rows")
    for label, n in sorted(result.counts.items()):
        if n:
            print(f"    {label}: {n}")
    print(f"  文件 files: media {result.files.get('media', 0)}, private {result.files.get('private', 0)}")
    if result.pending_migrations:
        print(f"  本版本有 {len(result.pending_migrations)} 个更新的迁移 (newer migrations pending): "
              "运行 parkpulse manage migrate")
    return 0
