"""Property listings: the public search and listing page; park managers, consultants and
editors create listings, and each edits only the listings they own (editors: all)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from parkpulse.parks import limits, roles
from parkpulse.parks.forms import ListingFilterForm, ListingForm
from parkpulse.parks.models import Listing, ListingPhoto, Park
from parkpulse.parks.views.common import paginate, querystring_without_page
from parkpulse.site.params import Params

SORTS = {"new": "-updated_at", "area": "area_m2", "-area": "-area_m2", "price": "price", "-price": "-price"}


def filter_listings(filters: dict):
    qs = Listing.objects.filter(is_available=True)
    if q := filters.get("q"):
        qs = qs.filter(Q(title__icontains=q) | Q(description__icontains=q) | Q(park__name__icontains=q))
    if park := filters.get("park"):
        qs = qs.filter(park=park)
    for name in ("kind", "deal"):
        if value := filters.get(name):
            qs = qs.filter(**{name: value})
    if (v := filters.get("area_min")) is not None:
        qs = qs.filter(area_m2__gte=v)
    if (v := filters.get("area_max")) is not None:
        qs = qs.filter(area_m2__lte=v)
    if (v := filters.get("price_min")) is not None:
        qs = qs.filter(price__gte=v)
    if (v := filters.get("price_max")) is not None:
        qs = qs.filter(price__lte=v)
    if industry := filters.get("industry"):
        qs = qs.filter(industries=industry)
    if province := filters.get("province"):
        qs = qs.filter(park__province__startswith=province)
    if city := filters.get("city"):
        qs = qs.filter(park__city__startswith=city)
    # no .distinct(): the only to-many join (one industry code) yields one row per listing
    return qs


def without(request, *names) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def listing_list(request):
    form = ListingFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    if request.GET and form.dropped:
        messages.warning(request, _("已忽略无效的筛选条件：%(fields)s") % {"fields": "、".join(form.dropped)})
    sort = request.GET.get("sort", "new")
    order = SORTS.get(sort, SORTS["new"])
    # the tie-breaker runs the same direction as the sort, so one index serves both
    qs = filter_listings(filters).select_related("park").order_by(order, "-id" if order.startswith("-") else "id")
    return render(request, "parks/listing_list.html", {
        "form": form, "page": paginate(request, qs), "querystring": querystring_without_page(request),
        "sort": sort if sort in SORTS else "new",
        "park_filter": filters.get("park"), "without_park": without(request, "park", "page"),
        "can_add_listing": roles.can_add_listing(request.user),
    })


def listing_detail(request, pk):
    listing = get_object_or_404(
        Listing.objects.select_related("park", "owner").prefetch_related("industries", "photos"), pk=pk
    )
    can_edit = roles.can_edit_listing(request.user, listing)
    if not listing.is_available and not can_edit:
        # withdrawn listings stay visible to the people who maintain them
        return render(request, "parks/listing_gone.html", {"listing": listing}, status=404)
    return render(request, "parks/listing_detail.html", {"listing": listing, "can_edit": can_edit})


def save_listing(form, owner=None):
    with transaction.atomic():
        listing = form.save(commit=False)
        if owner is not None:
            listing.owner = owner
        listing.save()
        form.save_m2m()
        for photo in form.cleaned_data.get("photos") or []:
            ListingPhoto.objects.create(listing=listing, image=photo, size=photo.size)
    return listing


def _within_quota(form, owner) -> bool:
    """Photos count against the listing owner's storage quota (parks.limits)."""
    incoming = sum(photo.size for photo in form.cleaned_data.get("photos") or [])
    refused = limits.over_quota(owner, incoming) if incoming else None
    if refused:
        form.add_error("photos", refused)
    return not refused


@login_required
def listing_new(request):
    user = request.user
    if not roles.can_add_listing(user):
        raise PermissionDenied
    parks = roles.listing_parks(user)
    initial = {}
    if park_id := Params(request.GET).id("park"):
        if parks.filter(pk=park_id).exists():
            initial["park"] = park_id
    form = ListingForm(request.POST or None, request.FILES or None, parks=parks, initial=initial)
    if request.method == "POST" and form.is_valid() and _within_quota(form, user):
        listing = save_listing(form, owner=user)
        messages.success(request, _("载体已发布。"))
        return redirect("parks:listing", pk=listing.pk)
    return render(request, "parks/listing_form.html", {"form": form, "listing": None})


@login_required
def listing_edit(request, pk):
    listing = get_object_or_404(Listing, pk=pk)
    user = request.user
    if not roles.can_edit_listing(user, listing):
        raise PermissionDenied
    parks = roles.listing_parks(user) | Park.objects.filter(pk=listing.park_id)
    form = ListingForm(request.POST or None, request.FILES or None, instance=listing, parks=parks.distinct())
    if request.method == "POST" and form.is_valid() and _within_quota(form, listing.owner or user):
        save_listing(form)
        messages.success(request, _("载体已更新。"))
        return redirect("parks:listing", pk=listing.pk)
    return render(request, "parks/listing_form.html", {"form": form, "listing": listing})
