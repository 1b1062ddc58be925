"""The enrichment queue: stored articles wait in a table, workers enrich them in batches.

A crawl stores an article and, in the same transaction, a ``PendingEnrichment`` row
(``mark``); the article is on the site at once. A Huey task (``search/tasks.py``, run by
``parkpulse worker``) drains the table in batches with ``enrich_batch``: each article is
analysed once and each touched related list is computed once per batch. A row is deleted only
after its batch committed, and only if it was not queued again meanwhile, so a worker killed
mid-batch (kill -9) or a lost queue message loses nothing: the next drain takes the rows up
again. Queue messages (``nudge``) only wake workers.

Several workers may drain at once: on PostgreSQL each claims its batch with
``SELECT … FOR UPDATE SKIP LOCKED``; on SQLite (one writer at a time anyway) a batch is not
held in a transaction, so two drains may enrich the same article twice — harmless, as
enrichment is idempotent.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from parkpulse.search.models import PendingEnrichment

log = logging.getLogger(__name__)

BATCH = settings.ENRICH_BATCH  # PARKPULSE_ENRICH_BATCH, default 50
MAX_ATTEMPTS = 3  # an article whose enrichment failed this often waits for `enrich --all`


def mark(ids: Iterable[int]) -> None:
    """Queue articles for enrichment (call inside the transaction that stores them)."""
    now = timezone.now()
    rows = [PendingEnrichment(article_id=pk, queued_at=now) for pk in dict.fromkeys(ids)]
    if rows:
        # Queued again while a worker holds it: the newer queued_at keeps the row alive.
        PendingEnrichment.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["article"],
            update_fields=["queued_at", "attempts"],
        )


def pending_count() -> int:
    return PendingEnrichment.objects.filter(attempts__lt=MAX_ATTEMPTS).count()


def nudge() -> bool:
    """Wake a worker; False if the queue could not be reached (the rows still wait)."""
    try:
        from huey.contrib.djhuey import HUEY

        from parkpulse.search.tasks import enrich_pending

        if HUEY.pending_count() < 2:  # one waiting message is enough to drain everything
            enrich_pending()
        return True
    except Exception:  # a broker outage must not fail a crawl; rows are in the database
        log.warning("could not reach the task queue; pending articles wait for a worker",
                    exc_info=True)
        return False


def _claimable():
    return PendingEnrichment.objects.filter(attempts__lt=MAX_ATTEMPTS).order_by("queued_at")


def run_batch(limit: int | None = None) -> int:
    """Enrich up to ``limit`` pending articles; returns how many rows were taken."""
    from parkpulse.search.bulk import enrich_batch

    limit = limit or BATCH
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            rows = list(_claimable().select_for_update(skip_locked=True)
                        .values_list("article_id", "queued_at")[:limit])
            if not rows:
                return 0
            try:
                with transaction.atomic():
                    enrich_batch([pk for pk, _ in rows])
            except Exception:
                log.exception("batch enrichment failed; retrying its %d articles one by one", len(rows))
                _one_by_one(rows)
                return len(rows)
            _done(rows)
        return len(rows)
    rows = list(_claimable().values_list("article_id", "queued_at")[:limit])
    if not rows:
        return 0
    try:
        # Not one transaction: SQLite has one writer, and the crawl must keep storing while
        # a batch runs. Each article commits on its own; a kill re-does the batch (idempotent).
        enrich_batch([pk for pk, _ in rows])
        _done(rows)
    except Exception:
        log.exception("batch enrichment failed; retrying its %d articles one by one", len(rows))
        close_old_connections()
        _one_by_one(rows)
    return len(rows)


def _done(rows) -> None:
    """Delete the rows of a finished batch unless they were queued again meanwhile."""
    cond = Q()
    for pk, queued_at in rows:
        cond |= Q(article_id=pk, queued_at=queued_at)
    PendingEnrichment.objects.filter(cond).delete()


def _one_by_one(rows) -> None:
    from parkpulse.search.bulk import enrich_batch

    for pk, queued_at in rows:
        try:
            with transaction.atomic():
                enrich_batch([pk])
                _done([(pk, queued_at)])
        except Exception:
            log.exception("enrichment failed for article %s", pk)
            PendingEnrichment.objects.filter(article_id=pk).update(attempts=F("attempts") + 1)


def drain(batch: int | None = None, *, progress=None) -> tuple[int, float]:
    """Enrich batches until nothing is pending; returns (articles, seconds)."""
    t0 = time.perf_counter()
    total = 0
    while True:
        n = run_batch(batch)
        if not n:
            break
        total += n
        if progress:
            progress(n)
    return total, time.perf_counter() - t0


def sweep() -> int:
    """Queue published-or-not articles that were never indexed (stored before this queue
    existed, or by code that skipped ``mark``); returns how many were queued."""
    from parkpulse.portal.models import Article
    from parkpulse.search.bulk import unenriched

    ids = unenriched(Article.objects.filter(pending_enrichment__isnull=True))
    for start in range(0, len(ids), 1000):
        with transaction.atomic():
            mark(ids[start:start + 1000])
    return len(ids)
