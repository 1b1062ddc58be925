"""The park map (/parks/map/): its page, its counts as JSON and its base map (GeoJSON).

Anonymous visitors get park counts only; users who may open the leads desk also get lead
counts per province (each links to the desk filtered by ``?region=<code>``). Counts are cached
for a minute, separately for the two audiences.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from parkpulse.parks import mapdata
from parkpulse.parks.models import Park

CACHE_TTL = 60
DEFAULT_GEOJSON = Path(__file__).resolve().parents[1] / "static" / "parks" / "map" / "china.geojson"


def geojson_path() -> Path:
    return Path(settings.MAP_GEOJSON) if getattr(settings, "MAP_GEOJSON", "") else DEFAULT_GEOJSON


def can_see_leads(user) -> bool:
    return user.is_authenticated and user.has_perm("leads.access_desk")


def _park_part() -> dict:
    counts = mapdata.park_counts(Park.objects.values_list("province", "city", "level").iterator())
    directory = reverse("parks:list")
    for entry in counts["provinces"].values():
        entry["url"] = f"{directory}?{urlencode({'province': entry.pop('filter')})}"
    cities = {}
    for code, entry in counts["cities"].items():
        province = mapdata.division_name(code[:2] + "0000")
        query = urlencode({"province": province, "city": mapdata.division_name(code)})
        cities[code] = {**entry, "url": f"{directory}?{query}"}
    counts["cities"] = cities
    return counts


def _lead_part() -> dict:
    from parkpulse.leads.models import Lead, LeadProvince

    desk = reverse("leads:inbox")
    per_province = LeadProvince.objects.values_list("code").annotate(n=Count("lead")).order_by()
    return {
        "provinces": {code: {"total": n, "url": f"{desk}?region={code}"} for code, n in per_province},
        "anywhere": Lead.objects.filter(provinces__isnull=True).count(),  # 全国, blank or unknown words
    }


def map_counts(user) -> dict:
    # the URLs carry the language prefix (/en/parks/…), so the cache key carries the language
    lang = get_language() or "zh-hans"
    data = {"levels": [{"value": v, "label": str(label)} for v, label in Park.Level.choices],
            "parks": cache.get_or_set(f"parkmap:parks:{lang}", _park_part, CACHE_TTL)}
    if can_see_leads(user):
        data["leads"] = cache.get_or_set(f"parkmap:leads:{lang}", _lead_part, CACHE_TTL)
    return data


@functools.lru_cache(maxsize=4)
def _province_names(path: str, mtime: float) -> dict[str, tuple[str, str]]:
    """code → (Chinese, English) name of the province features in the map file."""
    try:
        data = json.loads(Path(path).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    out = {}
    for f in data.get("features", []):
        p = f.get("properties") or {}
        if p.get("kind") == "province" and p.get("code"):
            out[str(p["code"])] = (str(p.get("name", "")), str(p.get("name_en") or p.get("name", "")))
    return out


def province_rows(counts: dict) -> list[dict]:
    path = geojson_path()
    names = _province_names(str(path), path.stat().st_mtime if path.is_file() else 0.0)
    english = (get_language() or "").startswith("en")
    levels = [level["value"] for level in counts["levels"]]
    parks, leads = counts["parks"]["provinces"], (counts.get("leads") or {}).get("provinces", {})
    rows = []
    for code in sorted(set(parks) | set(leads)):
        zh, en = names.get(code) or (mapdata.division_name(code), mapdata.division_name(code))
        p, lead = parks.get(code, {}), leads.get(code, {})
        rows.append({"code": code, "name": en if english else zh, "total": p.get("total", 0), "url": p.get("url"),
                     "levels": [p.get("levels", {}).get(v, 0) for v in levels],
                     "leads": lead.get("total", 0), "lead_url": lead.get("url")})
    return rows


@require_GET
def park_map(request):
    counts = map_counts(request.user)
    return render(request, "parks/park_map.html", {
        "counts": counts, "rows": province_rows(counts), "show_leads": can_see_leads(request.user),
        "custom_credit": getattr(settings, "MAP_CREDIT", ""), "custom_map": bool(getattr(settings, "MAP_GEOJSON", "")),
    })


@require_GET
def map_data(request):
    response = JsonResponse(map_counts(request.user), json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "private, max-age=60"
    response["Vary"] = "Cookie"
    return response


@require_GET
def map_geojson(request):
    path = geojson_path()
    if not path.is_file():
        raise Http404("map data missing")
    response = FileResponse(path.open("rb"), content_type="application/geo+json")
    response["Cache-Control"] = "public, max-age=86400"
    return response
