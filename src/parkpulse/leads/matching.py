"""The ORM side of matching: load parks and listings into a ``ParkTable`` and reuse it.

The table is rebuilt only when parks or listings change (a cheap fingerprint query), so a
busy desk does not reload 50,000 listings per page view. The scoring itself is
``parkpulse.leads.match_core``.
"""

from __future__ import annotations

import threading
from collections import defaultdict

from django.db.models import Count, Max

from parkpulse.leads.match_core import (
    Match,
    ParkTable,
    rank_leads_for_park,
    rank_listings,
    rank_parks,
)
from parkpulse.leads.models import Lead, Stage
from parkpulse.parks.models import Listing, Park

_lock = threading.Lock()
_cache: dict = {"key": None, "table": None}


def _fingerprint():
    p = Park.objects.aggregate(n=Count("id"), t=Max("updated_at"))
    li = Listing.objects.aggregate(n=Count("id"), t=Max("updated_at"))
    # M2M edits do not touch updated_at; their row counts catch additions and removals.
    links = (Park.industries.through.objects.count(), Listing.industries.through.objects.count())
    return (p["n"], p["t"], li["n"], li["t"], links)


def load_table() -> ParkTable:
    """All parks and available listings as plain dicts, then as arrays."""
    park_ind = defaultdict(list)
    for park_id, code in Park.industries.through.objects.values_list("park_id", "industry_id"):
        park_ind[park_id].append(code)
    listing_ind = defaultdict(list)
    for listing_id, code in Listing.industries.through.objects.values_list("listing_id", "industry_id"):
        listing_ind[listing_id].append(code)
    parks = list(Park.objects.values(
        "id", "name", "province", "city", "district", "land_price_min", "land_price_max",
        "min_investment_intensity", "min_tax_per_mu",
    ))
    for p in parks:
        p["industries"] = park_ind.get(p["id"], [])
    listings = list(Listing.objects.filter(is_available=True).values(
        "id", "park_id", "title", "kind", "deal", "area_m2", "price", "is_available"
    ))
    for li in listings:
        li["industries"] = listing_ind.get(li["id"], [])
    return ParkTable.build(parks, listings)


def current_table() -> ParkTable:
    key = _fingerprint()
    with _lock:
        if _cache["key"] != key or _cache["table"] is None:
            _cache["table"] = load_table()
            _cache["key"] = key
        return _cache["table"]


def matches_for_lead(lead: Lead, k: int = 10) -> tuple[list[Match], list[Match]]:
    table = current_table()
    query = lead.as_match_query()
    return rank_parks(query, table, k), rank_listings(query, table, k)


def leads_for_park(park: Park, k: int = 50) -> list[tuple[Lead, Match]]:
    """Open leads ranked by how well they fit ``park``."""
    table = current_table()
    leads = {lead.pk: lead for lead in Lead.objects.exclude(stage__in=[Stage.SIGNED, Stage.LOST])
             .select_related("industry", "assignee")}
    ranked = rank_leads_for_park([(pk, lead.as_match_query()) for pk, lead in leads.items()], table, park.pk, k)
    return [(leads[m.id], m) for m in ranked]
