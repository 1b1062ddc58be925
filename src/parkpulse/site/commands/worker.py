"""``parkpulse worker``: run background tasks (enrichment of crawled articles, re-enrichment).

The queue is Huey (settings: ``HUEY``): Redis when ``REDIS_URL`` is set, so workers on any
machine share it, else a SQLite file under ``PARKPULSE_HOME``. At start the worker queues a
sweep, so a batch a killed worker left is finished. ``--drain`` enriches what is pending and
exits (for cron, or to catch up by hand).
"""

from __future__ import annotations

import logging

HELP = "运行后台任务:文章分析等 (run the background task worker)"


def add_arguments(parser):
    parser.add_argument("--threads", type=int, default=1,
                        help="worker threads (default 1; enrichment is CPU-bound, run one worker per core)")
    parser.add_argument("--drain", action="store_true", help="处理完待分析文章后退出 (enrich what is pending, then exit)")


def run(args):
    from parkpulse.site.cli import check_database, setup_django

    setup_django()
    check_database()
    from parkpulse.search import queue

    if args.drain:
        queued = queue.sweep()
        n, secs = queue.drain()
        print(f"已分析 {n} 篇 (enriched {n} articles, {queued} never indexed before) in {secs:.1f} s")
        return 0

    from django.utils.module_loading import autodiscover_modules
    from huey.consumer_options import ConsumerConfig
    from huey.contrib.djhuey import HUEY

    autodiscover_modules("tasks")
    from parkpulse.search.tasks import sweep_pending

    config = ConsumerConfig(workers=max(1, args.threads), worker_type="thread", periodic=True)
    config.validate()
    logger = logging.getLogger("huey")
    if not logger.handlers:
        config.setup_logger(logger)
    consumer = HUEY.create_consumer(**config.values)
    sweep_pending()  # finish what a killed worker left, queue what was never indexed
    print(f"ParkPulse worker: queue {type(HUEY).__name__} ({HUEY.name}), {config.workers} thread(s)", flush=True)
    consumer.run()
    return 0
