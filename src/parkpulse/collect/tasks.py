"""Background tasks of the collector, run by ``parkpulse worker`` (Huey).

``reclean_source`` passes a source's stored bodies through the current sanitizer again (after
its allow-list changed) and queues the articles whose body changed for enrichment.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from huey.contrib.djhuey import db_task

from parkpulse.collect.sanitize import clean_html
from parkpulse.portal.models import Article
from parkpulse.search import queue


@db_task()
def reclean_source(source_id: int) -> int:
    """Returns how many articles changed."""
    changed = 0
    ids = list(Article.objects.filter(source_id=source_id).order_by("id").values_list("id", flat=True))
    for start in range(0, len(ids), 200):
        with transaction.atomic():
            for article in Article.objects.filter(pk__in=ids[start:start + 200]).only("id", "body_html"):
                cleaned = clean_html(article.body_html)
                if cleaned != article.body_html:
                    # updated_at: the stamp cached pages are keyed on
                    Article.objects.filter(pk=article.pk).update(body_html=cleaned, updated_at=timezone.now())
                    queue.mark([article.pk])
                    changed += 1
    if changed:
        queue.nudge()
    return changed
