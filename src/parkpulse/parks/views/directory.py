"""The public park directory: the filtered list, the park page, its history and diffs."""

from __future__ import annotations

import importlib
import logging

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from parkpulse.parks import roles, versioning
from parkpulse.parks.forms import ParkFilterForm
from parkpulse.parks.models import Park, ParkRevision, ReviewStatus
from parkpulse.parks.views.common import paginate, querystring_without_page

log = logging.getLogger(__name__)

# The rankings app may provide ``rankings_for_park(park) -> list[dict]`` in this module;
# each dict has "title" and optionally "rank", "total", "score", "url" (docs/parks.md).
RANKINGS_HOOK = "parkpulse.rankings.queries"


def parks_with_alias(q: str) -> list[int]:
    # JSON text may hold \u escapes (SQLite), so aliases are matched in Python, not in SQL;
    # the park table is small (thousands of rows).
    q = q.casefold()
    rows = Park.objects.values_list("pk", "aliases", "former_names")
    return [pk for pk, a, f in rows if any(q in str(n).casefold() for n in [*(a or []), *(f or [])])]


def filter_parks(filters: dict):
    qs = Park.objects.all()
    if q := filters.get("q"):
        qs = qs.filter(
            Q(name__icontains=q) | Q(pk__in=parks_with_alias(q))
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
        messages.warning(request, _("已忽略无效的筛选条件:%(fields)s") % {"fields": "、".join(form.dropped)})
    qs = filter_parks(filters).prefetch_related("industries").annotate(
        listing_count=Count("listings", filter=Q(listings__is_available=True))
    ).order_by("name")  # Meta.ordering is not applied to GROUP BY queries
    provinces = (
        Park.objects.exclude(province="").order_by("province").values_list("province", flat=True).distinct()
    )
    return render(request, "parks/park_list.html", {
        "form": form, "page": paginate(request, qs), "provinces": list(provinces),
        "querystring": querystring_without_page(request), "filters": filters,
    })


def park_news(park: Park, limit: int = 10):
    """Published articles linked to the park, or naming it (name, alias or former name)."""
    from parkpulse.portal.models import Article

    cond = Q(parks=park)
    for name in {n for n in park.all_names if n and len(n) >= 2}:
        cond |= Q(title__contains=name) | Q(body_text__contains=name)
    ids = Article.objects.published().filter(cond).values("id")
    return Article.objects.filter(id__in=ids).order_by("-published_at", "-id")[:limit]


def park_rankings(park: Park) -> list[dict]:
    """Rankings that include the park, if the rankings app provides them; never fails the page."""
    try:
        module = importlib.import_module(RANKINGS_HOOK)
    except ImportError:
        return []
    func = getattr(module, "rankings_for_park", None)
    if func is None:
        return []
    try:
        return list(func(park))
    except Exception:  # a rankings bug must not take the park page down
        log.exception("rankings_for_park failed for park %s", park.pk)
        return []


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
