"""``/collect/``: each source's health for staff — last run, success rate, last error."""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import render

from parkpulse.collect import wording
from parkpulse.collect.models import CrawlRun, Source

RECENT_RUNS = 10


def source_health(source: Source) -> dict:
    runs = list(source.runs.order_by("-started_at")[:RECENT_RUNS])
    done = [r for r in runs if r.status != CrawlRun.Status.RUNNING]
    ok = [r for r in done if r.status == CrawlRun.Status.FINISHED and not r.errors]
    last_error = None
    for r in runs:
        if r.failures:
            f = r.failures[-1]
            last_error = {"when": r.started_at, "kind": f.get("kind"), "label": wording.kind_label(f.get("kind")),
                          "url": f.get("url"), "detail": f.get("detail")}
            break
    last = runs[0] if runs else None
    success_rate = (100 * len(ok) // len(done)) if done else None
    tone, state = wording.state(source, last, success_rate)
    return {
        "source": source,
        "last": last,
        "last_counts": wording.run_counts(last) if last else [],
        "tone": tone,
        "state": state,
        "success_rate": success_rate,
        "runs": len(done),
        "last_error": last_error,
        "articles": source.articles.count(),
        "due": source.is_due(),
    }


@staff_member_required
def health(request):
    rows = [source_health(s) for s in Source.objects.all()]
    return render(request, "collect/health.html", {"rows": rows})
