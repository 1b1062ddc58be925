"""Facts from the news: the editors' review queue and each fact's page with its versions."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from parkpulse.parks import news_facts
from parkpulse.parks.fact_forms import FactReviewForm
from parkpulse.parks.fact_models import ParkFact
from parkpulse.parks.views.common import paginate, querystring_without_page


def can_review(user) -> bool:
    return user.is_authenticated and user.has_perm("parks.review_parkfact")


@login_required
def fact_queue(request):
    if not can_review(request.user):
        raise PermissionDenied
    qs = ParkFact.objects.filter(status=ParkFact.Status.PENDING).select_related("park", "article")
    park = request.GET.get("park", "")
    if park.isdigit():
        qs = qs.filter(park_id=int(park))
    metric = request.GET.get("metric", "").replace("\x00", "").strip()[:40]
    if metric:
        qs = qs.filter(metric=metric)
    metrics = (ParkFact.objects.filter(status=ParkFact.Status.PENDING)
               .values_list("metric", flat=True).distinct().order_by("metric"))
    return render(request, "parks/fact_queue.html", {
        "page": paginate(request, qs.order_by("-created_at", "-id"), 50),
        "metrics": list(metrics[:100]), "metric": metric, "park": park,
        "querystring": querystring_without_page(request),
        "recent": ParkFact.objects.exclude(status=ParkFact.Status.PENDING)
        .select_related("park", "reviewer").order_by("-reviewed_at")[:20],
    })


def fact_detail(request, pk):
    fact = get_object_or_404(ParkFact.objects.select_related("park", "article", "reviewer"), pk=pk)
    reviewer = can_review(request.user)
    if fact.status != ParkFact.Status.CONFIRMED and not reviewer:
        raise PermissionDenied  # unreviewed or rejected figures are not published
    form = FactReviewForm(request.POST or None, fact=fact) if reviewer else None
    if request.method == "POST":
        if not reviewer:
            raise PermissionDenied
        if form.is_valid():
            action = form.cleaned_data["action"]
            try:
                news_facts.review(fact, request.user, action, form.values(), form.cleaned_data["reason"])
            except ValidationError as exc:
                form.add_error(None, "；".join(exc.messages))
            else:
                messages.success(request, _("已保存审核结果。"))
                nxt = request.POST.get("next", "")
                if nxt == "queue":
                    return redirect("parks:fact_queue")
                return redirect(fact.get_absolute_url())
    return render(request, "parks/fact_detail.html", {
        "fact": fact, "form": form, "revisions": fact.revisions.select_related("author").order_by("-number"),
    })


def confirmed_csv(request):
    """Confirmed figures as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese)."""
    if not (request.user.is_authenticated and (request.user.is_staff or can_review(request.user))):
        raise PermissionDenied
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="park-facts.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(["park_id", "park", "metric", "year", "period", "value", "unit", "qualifier",
                     "source_title", "source_url", "fact_url"])
    for f in news_facts.latest_confirmed(10_000):
        writer.writerow([f.park_id, _cell(f.park.name), _cell(f.metric), f.year or "", _cell(f.period),
                         format(f.value.normalize(), "f"), f.unit, _cell(f.qualifier),
                         _cell(f.source_title), _cell(f.source_url), request.build_absolute_uri(f.get_absolute_url())])
    return response


def _cell(text: str) -> str:
    # a cell starting with = + - @ would run as a formula in a spreadsheet (CSV injection)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
