"""The public park directory: the filtered list, the park page, its history and diffs."""

from __future__ import annotations

import importlib
import json
import logging

from django.apps import apps
from django.contrib import messages
from django.db import connection
from django.db.models import Count, Q, TextField
from django.db.models.functions import Cast
from django.db.models.lookups import IContains
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from parkpulse.parks import news_facts, roles, versioning
from parkpulse.parks.forms import ParkFilterForm
from parkpulse.parks.models import Listing, Park, ParkRevision, ReviewStatus
from parkpulse.parks.views.common import paginate, querystring_without_page
from parkpulse.textkit.pinyin import sort_by_pinyin

log = logging.getLogger(__name__)

# The rankings app may provide ``rankings_for_park(park) -> list[dict]`` in this module;
# each dict has "title" and optionally "rank", "total", "score", "url" (docs/parks.md).
RANKINGS_HOOK = "parkpulse.rankings.queries"


def json_list_contains(field: str, q: str):
    """Case-insensitive substring match on a JSON list of names, in SQL on both databases.

    The pattern is escaped the way the column's text is: SQLite keeps what json.dumps wrote
    (non-ASCII as \\uXXXX), PostgreSQL's jsonb prints the characters themselves; both escape
    quotes and backslashes.
    """
    pattern = json.dumps(q, ensure_ascii=connection.vendor == "sqlite")[1:-1]
    return IContains(Cast(field, TextField()), pattern)


def filter_parks(filters: dict):
    qs = Park.objects.all()
    if q := filters.get("q"):
        qs = qs.filter(
            Q(name__icontains=q) | json_list_contains("aliases", q) | json_list_contains("former_names", q)
            | Q(description__icontains=q) | Q(city__icontains=q) | Q(district__icontains=q)
        )
    if province := filters.get("province"):
        qs = qs.filter(province__startswith=province)
    if city := filters.get("city"):
        qs = qs.filter(city__startswith=city)
    if level := filters.get("level"):
        qs = qs.filter(level=level)
    if industry := filters.get("industry"):
        qs = qs.filter(industries=industry)
    return qs


def park_list(request):
    form = ParkFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    if request.GET and form.dropped:
        messages.warning(request, _("已忽略无效的筛选条件：%(fields)s") % {"fields": "、".join(form.dropped)})
    page = paginate(request, filter_parks(filters).prefetch_related("industries"))
    # listing counts for this page only: a GROUP BY over the whole filtered set would make
    # the paginator's COUNT join every listing
    counts = dict(
        Listing.objects.filter(park__in=[p.pk for p in page], is_available=True)
        .values_list("park").annotate(n=Count("id")).order_by()
    )
    for park in page:
        park.listing_count = counts.get(park.pk, 0)
    provinces = (
        Park.objects.exclude(province="").order_by("province").values_list("province", flat=True).distinct()
    )
    return render(request, "parks/park_list.html", {
        "form": form, "page": page, "provinces": sort_by_pinyin(provinces),
        "querystring": querystring_without_page(request), "filters": filters,
    })


NEWS_TEXT_WINDOW = 2000  # the newest articles whose text is scanned for the park's names
NEWS_LINK_WINDOW = 1000  # the most recently collected linked articles considered


def park_news(park: Park, limit: int = 10):
    """Published articles linked to the park (``Article.parks``) or naming it.

    Linking is the collector's job; the text match (name, alias or former name in the title
    or body) is a fallback for unlinked articles and scans only the newest
    ``NEWS_TEXT_WINDOW`` articles, so a park page costs the same with 20,000 articles or 2m.
    """
    from parkpulse.portal.models import Article

    published = Article.objects.published()
    # ids from the link table first: joined, SQLite walks every article in date order
    link_ids = list(
        Article.parks.through.objects.filter(park_id=park.pk).order_by("-article_id")
        .values_list("article_id", flat=True)[:NEWS_LINK_WINDOW]
    )
    linked = list(
        published.filter(id__in=link_ids).order_by("-published_at", "-id").values_list("id", flat=True)[:limit]
    )
    names = {n for n in park.all_names if n and len(n) >= 2}
    named = []
    if names:
        cond = Q()
        for name in names:
            cond |= Q(title__contains=name) | Q(body_text__contains=name)
        # a list, not a subquery: PostgreSQL would otherwise run the LIKEs over every article
        window = list(published.order_by("-published_at", "-id").values_list("id", flat=True)[:NEWS_TEXT_WINDOW])
        named = list(
            published.filter(cond, id__in=window).order_by("-published_at", "-id").values_list("id", flat=True)[:limit]
        )
    ids = set(linked) | set(named)
    return Article.objects.filter(id__in=ids).order_by("-published_at", "-id")[:limit]


def park_rankings(park: Park) -> list[dict]:
    """Rankings that include the park; never fails the page.

    The rankings app's own ``rankings_for_park`` wins when it exists; otherwise the stored
    results linked to the park (``rankings.UnitResult.park``) are read directly.
    """
    try:
        try:
            module = importlib.import_module(RANKINGS_HOOK)
        except ImportError:
            module = None
        func = getattr(module, "rankings_for_park", None)
        return list(func(park)) if func else rankings_from_results(park)
    except Exception:  # a rankings bug must not take the park page down
        log.exception("rankings for park %s failed", park.pk)
        return []


def rankings_from_results(park: Park, limit: int = 5) -> list[dict]:
    """The park's rank in the newest run of each ranking dataset, newest year first."""
    try:
        UnitResult = apps.get_model("rankings", "UnitResult")
    except LookupError:
        return []
    rows = (
        UnitResult.objects.filter(park=park).select_related("run__dataset")
        .order_by("-run__created_at", "-run_id", "-year")[:100]
    )
    out, seen = [], set()
    for row in rows:
        dataset = row.run.dataset
        if dataset.pk in seen:
            continue
        seen.add(dataset.pk)
        labelled = "示例数据" in dataset.name
        sample = _("（示例数据）") if getattr(dataset, "is_sample", False) and not labelled else ""
        out.append({
            "title": f"{dataset.name} {row.year}{sample}",
            "rank": row.rank,
            "total": UnitResult.objects.filter(run_id=row.run_id, year=row.year).count(),
            "score": None if row.score is None else round(row.score, 2),
            "url": row.get_absolute_url(),
        })
        if len(out) >= limit:
            break
    return out


def park_detail(request, pk):
    park = get_object_or_404(Park.objects.prefetch_related("industries", "photos"), pk=pk)
    listings = park.listings.filter(is_available=True).prefetch_related("industries")[:20]
    user = request.user
    context = {
        "park": park,
        "listings": listings,
        "news": park_news(park),
        "rankings": park_rankings(park),
        "revision_count": park.revisions.count(),
        "is_manager": roles.manages(user, park),
        "is_editor": roles.is_editor(user),
        "can_add_listing": roles.can_add_listing(user, park),
        "facts_timeline": news_facts.timeline(park),
        "can_review_facts": user.has_perm("parks.review_parkfact"),
    }
    if context["is_manager"]:
        context["pending_changes"] = park.change_requests.filter(author=user, status=ReviewStatus.PENDING)
    return render(request, "parks/park_detail.html", context)


def park_history(request, pk):
    park = get_object_or_404(Park, pk=pk)
    revisions = park.revisions.select_related("author", "approved_by")
    return render(request, "parks/park_history.html", {"park": park, "page": paginate(request, revisions, 50)})


def park_revision(request, pk, number):
    park = get_object_or_404(Park, pk=pk)
    revision = get_object_or_404(ParkRevision.objects.select_related("author", "approved_by"), park=park, number=number)
    previous = park.revisions.filter(number__lt=number).order_by("-number").first()
    base = previous.snapshot if previous else {}
    rows = versioning.diff(base, revision.snapshot)
    return render(request, "parks/park_revision.html", {
        "park": park, "revision": revision, "previous": previous, "rows": rows,
        "next": park.revisions.filter(number__gt=number).order_by("number").first(),
    })
