"""``parkpulse schedule``: crawl the sources that are due, in a loop (or once, for cron).

A source is due when it is enabled and its last run started ``recrawl_minutes`` ago or more.
Each crawl runs as a child ``parkpulse crawl`` process because Twisted's reactor can start
only once per process. See docs/collect.md for cron and systemd examples.
"""

from __future__ import annotations

import subprocess
import sys
import time

HELP = "按重新采集间隔循环采集到期来源 (crawl due sources in a loop)"


def add_arguments(parser):
    parser.add_argument("--once", action="store_true", help="只检查一次后退出 (for cron)")
    parser.add_argument("--interval", type=float, default=60.0, help="检查间隔秒数")
    parser.add_argument("--distributed", action="store_true")


def due_sources() -> list[str]:
    from parkpulse.collect.models import Source

    return [s.name for s in Source.objects.filter(enabled=True) if s.is_due()]


def crawl_due(distributed: bool) -> int:
    names = due_sources()
    if not names:
        return 0
    cmd = [sys.executable, "-m", "parkpulse.site.cli", "crawl", "--no-progress"]
    for name in names:
        cmd += ["--source", name]
    if distributed:
        cmd.append("--distributed")
    print(f"采集到期来源 (due): {', '.join(names)}", flush=True)
    return subprocess.call(cmd)


def run(args):
    from parkpulse.site.cli import check_database, setup_django

    setup_django()
    check_database()
    if args.once:
        return crawl_due(args.distributed)
    while True:
        crawl_due(args.distributed)
        time.sleep(args.interval)
