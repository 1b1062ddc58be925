"""``parkpulse crawl``: crawl one source or all enabled ones, with progress and a summary."""

from __future__ import annotations

import sys

HELP = "采集来源 (crawl sources through the ingest pipeline)"


def add_arguments(parser):
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--source", action="append", metavar="NAME", help="来源名称，可重复")
    which.add_argument("--all", action="store_true", help="所有启用的来源")
    parser.add_argument("--distributed", action="store_true",
                        help="与其他进程通过 REDIS_URL 共享待抓队列和已见集合 (scrapy-redis)")
    parser.add_argument("--no-progress", action="store_true", help="不显示进度条")
    parser.add_argument("--no-wait", action="store_true",
                        help="不等待文章分析,留给 parkpulse worker (leave enrichment to the worker)")


def select_sources(names, all_enabled):
    from parkpulse.collect.models import Source
    from parkpulse.site.cli import CliError

    if all_enabled:
        sources = list(Source.objects.filter(enabled=True))
        if not sources:
            raise CliError("没有启用的来源 (no enabled sources): 先运行 parkpulse source add")
        return sources
    sources = []
    for name in names:
        s = Source.objects.filter(name=name).first()
        if s is None:
            raise CliError(f"来源不存在 (no such source): {name}  — 用 parkpulse source list 查看")
        sources.append(s)
    return sources


def print_summary(runs, out=sys.stdout) -> None:
    for run in runs:
        print(f"{run.source.name}: {run.get_status_display()} ({run.finish_reason}) — {run.summary()}", file=out)
        if run.rejected_reasons:
            print("  拒收 rejected: " + ", ".join(f"{k} {v}" for k, v in sorted(run.rejected_reasons.items())), file=out)
        if run.errors:
            print("  错误 errors: " + ", ".join(f"{k} {v}" for k, v in sorted(run.errors.items())), file=out)
        if run.retries:
            print("  重试 retries: " + ", ".join(f"{k} {v}" for k, v in sorted(run.retries.items())), file=out)


def run(args):
    from parkpulse.site.cli import CliError, check_database, setup_django

    setup_django()
    check_database()
    from django.conf import settings

    from parkpulse.collect.runner import run_crawls

    if args.distributed and not settings.REDIS_URL:
        raise CliError("--distributed 需要设置 REDIS_URL (e.g. REDIS_URL=redis://127.0.0.1:6379/0)")
    sources = select_sources(args.source, args.all)
    bar = None
    progress = None
    if not args.no_progress:
        from tqdm import tqdm

        bar = tqdm(desc="采集 crawl", unit="页", file=sys.stderr, dynamic_ncols=True)
        counts = {"new": 0, "dup": 0, "err": 0}

        def progress(source, event, detail):
            if event == "page":
                bar.update(1)
            elif event == "new":
                counts["new"] += 1
            elif event == "duplicate":
                counts["dup"] += 1
            elif event == "error":
                counts["err"] += 1
            bar.set_postfix(counts, refresh=False)
    try:
        runs = run_crawls(sources, distributed=args.distributed, progress=progress,
                          drain=False if args.no_wait else None)
    except ValueError as exc:
        raise CliError(str(exc)) from exc
    finally:
        if bar is not None:
            bar.close()
    print_summary(runs)
    return 0 if all(r.status == r.Status.FINISHED for r in runs) else 1
