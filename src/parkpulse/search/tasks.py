"""Background tasks of the search app, run by ``parkpulse worker`` (Huey).

``enrich_pending`` drains the enrichment queue (``search/queue.py``); a crawl sends it after
every batch of stored articles. ``sweep_pending`` runs every ten minutes and at worker start:
it finishes what a killed worker left and queues articles that were never indexed.
``reenrich`` re-analyses given articles (or all) in the background, e.g. after a dictionary
or park-list change.
"""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from parkpulse.search import queue


@db_task()
def enrich_pending() -> int:
    return queue.drain()[0]


@db_periodic_task(crontab(minute="*/10"))
def sweep_pending() -> int:
    queued = queue.sweep()
    if queued or queue.pending_count():
        enrich_pending()
    return queued


@db_task()
def reenrich(ids: list[int] | None = None, force: bool = True) -> int:
    from parkpulse.portal.models import Article
    from parkpulse.search.bulk import enrich_many

    qs = Article.objects.order_by("id")
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return enrich_many(qs.values_list("id", flat=True), force=force)[0]
