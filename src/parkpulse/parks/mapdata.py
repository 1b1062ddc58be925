"""The map's numbers: parks per province (by level) and per city, leads per province.

A park's province and city are the free text of its record (江苏省 / 江苏, 苏州市); they are
read through the project's gazetteer (``parkpulse.textkit.regions``) into 6-digit division
codes, the keys of the map's GeoJSON. A lead's 意向地区 is the visitor's own words (江苏、上海,
长三角, 苏州): the same words the lead matcher reads (``leads.match_core``): broad regions expand
to their provinces, a prefecture-level city counts for its province, 全国/不限 and unknown
words count for no province. Each lead's provinces are stored on save (``leads.LeadProvince``);
the map counts them and the desk's ``?region=`` filter lists them, so a count on the map is the
number of leads the desk then lists.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict

from parkpulse.leads.match_core import ANYWHERE, REGION_GROUPS, normalize_region, split_regions
from parkpulse.textkit.regions import gazetteer

PROVINCE_CODE_LEN = 6


@functools.cache
def _names() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(province name or short name → code, city name or short name → code, code → name)."""
    gaz = gazetteer()
    provinces: dict[str, str] = {}
    cities: dict[str, list[str]] = defaultdict(list)
    names: dict[str, str] = {}
    for code, div in gaz.by_code.items():
        if div.level == "province":
            names[code] = div.name
            provinces[div.name] = code
            provinces[normalize_region(div.name)] = code
        elif div.level == "city" and not div.name.startswith(("市辖区", "省直辖", "自治区直辖")) and div.name != "县":
            names[code] = div.name
            for key in {div.name, normalize_region(div.name)}:
                cities[key].append(code)
    unique = {name: codes[0] for name, codes in cities.items() if len(codes) == 1}
    return provinces, unique, names


def province_code(name: str) -> str | None:
    name = (name or "").strip()
    return _names()[0].get(name) or _names()[0].get(normalize_region(name))


def city_code(name: str, province: str | None = None) -> str | None:
    """A prefecture-level city's code; ``None`` for unknown names and municipalities' own name."""
    code = _names()[1].get((name or "").strip()) or _names()[1].get(normalize_region(name or ""))
    if code and province and code[:2] != province[:2]:
        return None
    return code


def division_name(code: str) -> str:
    return _names()[2].get(code, "")


def lead_provinces(text: str) -> frozenset[str]:
    """Province codes a lead's 意向地区 names; empty for 全国/不限, blank or unknown words."""
    codes: set[str] = set()
    for token in split_regions(text):
        if token in ANYWHERE:
            return frozenset()
        for word in REGION_GROUPS.get(token, (token,)):
            code = province_code(word)
            if code is None and (city := city_code(word)):
                code = city[:2] + "0000"
            if code:
                codes.add(code)
    return frozenset(codes)


def park_counts(rows) -> dict:
    """``rows``: (province, city, level) of each park. Counts per province (total and by level)
    and per city, and how many parks name no province the gazetteer knows."""
    provinces: dict[str, dict] = {}
    cities: dict[str, dict] = {}
    stored: dict[str, Counter] = defaultdict(Counter)
    unplaced = 0
    for province, city, level in rows:
        code = province_code(province)
        if code is None:
            unplaced += 1
            continue
        entry = provinces.setdefault(code, {"total": 0, "levels": Counter()})
        entry["total"] += 1
        entry["levels"][level] += 1
        stored[code][province.strip()] += 1
        if city and (c := city_code(city, code)):
            centry = cities.setdefault(c, {"total": 0, "levels": Counter()})
            centry["total"] += 1
            centry["levels"][level] += 1
    return {
        "provinces": {
            code: {"total": e["total"], "levels": dict(e["levels"]),
                   # the directory filters on the text parks store: link with the commonest form
                   "filter": stored[code].most_common(1)[0][0]}
            for code, e in provinces.items()
        },
        "cities": {code: {"total": e["total"], "levels": dict(e["levels"])} for code, e in cities.items()},
        "unplaced": unplaced,
    }

