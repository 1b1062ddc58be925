"""Background tasks of the collector, run by ``parkpulse worker`` (Huey).

``reclean_source`` re-learns a source's repeated template lines and re-cleans its stored
articles (``collect.templates``, what ``parkpulse source retemplate`` does in the foreground),
then queues the articles whose body changed for enrichment.
"""

from __future__ import annotations

from django.db import transaction
from huey.contrib.djhuey import db_task

from parkpulse.search import enrich, queue


@db_task()
def reclean_source(source_id: int) -> int:
    """Returns how many articles changed."""
    from parkpulse.collect import templates
    from parkpulse.collect.models import Source

    source = Source.objects.get(pk=source_id)
    with enrich.paused():  # enrichment goes through the queue, in batches
        templates.learn(source)
        changed = templates.reclean(source, reason="task")
    if changed:
        with transaction.atomic():
            queue.mark(changed)
        queue.nudge()
    return len(changed)
