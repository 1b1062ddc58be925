"""Derive ``src/parkpulse/parks/static/parks/map/china.geojson`` from Natural Earth (public domain).

Run by hand when the source data changes (not at install time):

    .venv/bin/pip install shapely
    .venv/bin/python scripts/build_china_map.py NE_DIR

``NE_DIR`` holds these Natural Earth layers as GeoJSON (any conversion of the shapefiles from
naturalearthdata.com; the names are Natural Earth's own):

* ``ne_50m_admin_0_countries.json``: outlines of CHN, TWN, HKG and MAC;
* ``ne_10m_admin_0_disputed_areas.json``: the areas whose note says "Claimed by China" (drawn
  with China, as China's point of view has them; the polygons are Natural Earth's, nothing drawn
  by us; see ``CLAIMED`` for the list);
* ``ne_10m_populated_places.json``: positions of cities (the prefecture-level cities of the
  project's gazetteer whose Chinese name Natural Earth carries, and the provincial capitals).

What comes out: polygons for 中国 (mainland, with the claimed areas), 台湾省, 香港 and 澳门, each
with its 6-digit division code where it has one; a point per province (at its capital: Natural
Earth 1:50m/1:10m at this size has no province polygons we could use, see docs/map.md) and a
point per matched prefecture-level city. Geometry is simplified with shapely (topology kept
per polygon) and coordinates rounded to 0.01°.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from shapely.geometry import mapping, shape
from shapely.ops import unary_union

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src/parkpulse/parks/static/parks/map/china.geojson"
GAZETTEER = ROOT / "src/parkpulse/textkit/data/gazetteer.tsv"

UNITS = {  # Natural Earth ADM0_A3 → (code, Chinese name, English name)
    "CHN": ("", "中国", "China"),
    "TWN": ("710000", "台湾省", "Taiwan Province"),
    "HKG": ("810000", "香港特别行政区", "Hong Kong SAR"),
    "MAC": ("820000", "澳门特别行政区", "Macao SAR"),
}
# Natural Earth's disputed-area polygons (by their BRK_NAME) whose note reads "Claimed by China".
# Bhutan's valleys (also "Claimed by China") are left as Natural Earth draws them.
CLAIMED = {
    "Arunachal Pradesh": "CHN", "Tirpani Valleys": "CHN", "Bara Hotii Valleys": "CHN",
    "Demchok": "CHN", "Samdu Valleys": "CHN", "Spratly Is.": "CHN", "Pinnacle Is.": "TWN",
}
# Provincial capitals (seat of each province-level unit), where the province's point is drawn.
CAPITALS = {
    "110000": "北京", "120000": "天津", "130000": "石家庄", "140000": "太原", "150000": "呼和浩特",
    "210000": "沈阳", "220000": "长春", "230000": "哈尔滨", "310000": "上海", "320000": "南京",
    "330000": "杭州", "340000": "合肥", "350000": "福州", "360000": "南昌", "370000": "济南",
    "410000": "郑州", "420000": "武汉", "430000": "长沙", "440000": "广州", "450000": "南宁",
    "460000": "海口", "500000": "重庆", "510000": "成都", "520000": "贵阳", "530000": "昆明",
    "540000": "拉萨", "610000": "西安", "620000": "兰州", "630000": "西宁", "640000": "银川",
    "650000": "乌鲁木齐", "710000": "台北", "810000": "香港", "820000": "澳门",
}
PROVINCE_EN = {
    "110000": "Beijing", "120000": "Tianjin", "130000": "Hebei", "140000": "Shanxi",
    "150000": "Inner Mongolia", "210000": "Liaoning", "220000": "Jilin", "230000": "Heilongjiang",
    "310000": "Shanghai", "320000": "Jiangsu", "330000": "Zhejiang", "340000": "Anhui",
    "350000": "Fujian", "360000": "Jiangxi", "370000": "Shandong", "410000": "Henan",
    "420000": "Hubei", "430000": "Hunan", "440000": "Guangdong", "450000": "Guangxi",
    "460000": "Hainan", "500000": "Chongqing", "510000": "Sichuan", "520000": "Guizhou",
    "530000": "Yunnan", "540000": "Tibet (Xizang)", "610000": "Shaanxi", "620000": "Gansu",
    "630000": "Qinghai", "640000": "Ningxia", "650000": "Xinjiang", "710000": "Taiwan",
    "810000": "Hong Kong", "820000": "Macao",
}
# Natural Earth's English NAME of each capital (its Chinese names are partly traditional, and
# its own "Admin-1 capital" marks are not all right, so the capitals are ours, positions theirs).
CAPITALS_NE = {
    "北京": "Beijing", "天津": "Tianjin", "石家庄": "Shijianzhuang", "太原": "Taiyuan", "呼和浩特": "Hohhot",
    "沈阳": "Shenyeng", "长春": "Changchun", "哈尔滨": "Harbin", "上海": "Shanghai", "南京": "Nanjing",
    "杭州": "Hangzhou", "合肥": "Hefei", "福州": "Fuzhou", "南昌": "Nanchang", "济南": "Jinan",
    "郑州": "Zhengzhou", "武汉": "Wuhan", "长沙": "Changsha", "广州": "Guangzhou", "南宁": "Nanning",
    "海口": "Haikou", "重庆": "Chongqing", "成都": "Chengdu", "贵阳": "Guiyang", "昆明": "Kunming",
    "拉萨": "Lhasa", "西安": "Xian", "兰州": "Lanzhou", "西宁": "Xining", "银川": "Yinchuan",
    "乌鲁木齐": "Ürümqi", "台北": "Taipei", "香港": "Hong Kong", "澳门": "Macau",
}
# Natural Earth spells a few Chinese names in traditional characters.
ALIASES = {"瀋陽": "沈阳", "廣州": "广州", "南寧": "南宁", "貴陽": "贵阳", "蘭州": "兰州", "銀川": "银川"}
TOLERANCE = 0.03  # degrees (about 3 km): invisible at a national map's scale
CITY_SUFFIXES = ("自治州", "地区", "盟", "市")


def load(ne_dir: Path, name: str) -> list[dict]:
    return json.loads((ne_dir / name).read_text("utf-8"))["features"]


def rounded(geom) -> dict:
    def walk(c):
        return [round(c[0], 2), round(c[1], 2)] if isinstance(c[0], float) else [walk(x) for x in c]
    g = mapping(geom)
    return {"type": g["type"], "coordinates": walk(json.loads(json.dumps(g["coordinates"])))}


def gazetteer() -> dict[str, str]:
    rows = {}
    for line in GAZETTEER.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            code, name = line.split("\t")
            rows[code] = name
    return rows


def short(name: str) -> str:
    for suffix in CITY_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def build(ne_dir: Path) -> dict:
    parts: dict[str, list] = {a3: [] for a3 in UNITS}
    for f in load(ne_dir, "ne_50m_admin_0_countries.json"):
        a3 = f["properties"]["ADM0_A3"]
        if a3 in parts:
            parts[a3].append(shape(f["geometry"]))
    used = []
    for f in load(ne_dir, "ne_10m_admin_0_disputed_areas.json"):
        p = f["properties"]
        if p.get("BRK_NAME") in CLAIMED and "Claimed by China" in (p.get("NOTE_BRK") or ""):
            parts[CLAIMED[p["BRK_NAME"]]].append(shape(f["geometry"]))
            used.append(p["BRK_NAME"])
    missing = set(CLAIMED) - set(used)
    if missing:
        raise SystemExit(f"disputed areas not found: {sorted(missing)}")
    features = []
    for a3, (code, zh, en) in UNITS.items():
        # a 1:50m outline and 1:10m disputed polygons meet with slivers: close them (0.02°)
        geom = unary_union(parts[a3]).buffer(0.02).buffer(-0.02)
        geom = geom.simplify(TOLERANCE, preserve_topology=True)
        features.append({"type": "Feature", "properties": {"kind": "area", "code": code, "name": zh,
                                                           "name_en": en}, "geometry": rounded(geom)})

    divisions = gazetteer()
    provinces = {c: n for c, n in divisions.items() if c.endswith("0000")}
    cities = {c: n for c, n in divisions.items()
              if c.endswith("00") and not c.endswith("0000") and n not in ("市辖区", "县")
              and not n.startswith(("省直辖", "自治区直辖"))}
    by_short: dict[str, list[str]] = {}
    for code, name in cities.items():
        by_short.setdefault(short(name), []).append(code)
    places = [f for f in load(ne_dir, "ne_10m_populated_places.json")
              if f["properties"]["ADM0_A3"] in UNITS]
    seen: dict[str, tuple] = {}
    capitals_at: dict[str, tuple] = {}
    for f in sorted(places, key=lambda f: f["properties"]["SCALERANK"]):  # bigger places first
        p = f["properties"]
        zh = (p.get("NAME_ZH") or "").strip()
        zh = ALIASES.get(zh, zh)
        lon, lat = round(p["LONGITUDE"], 2), round(p["LATITUDE"], 2)
        for code, cap in CAPITALS.items():
            if code not in capitals_at and p["NAME"] == CAPITALS_NE[cap]:
                capitals_at[code] = (lon, lat)
        codes = by_short.get(short(zh), [])
        if len(codes) == 1 and codes[0] not in seen:
            seen[codes[0]] = (lon, lat, p.get("NAME_EN") or p["NAME"])
    for code in CAPITALS:
        if code not in capitals_at:
            raise SystemExit(f"no position for the capital of {provinces[code]}")
        features.append({"type": "Feature", "properties": {
            "kind": "province", "code": code, "name": provinces[code], "name_en": PROVINCE_EN[code],
            "at": CAPITALS[code]}, "geometry": {"type": "Point", "coordinates": list(capitals_at[code])}})
    for code in sorted(seen):
        lon, lat, en = seen[code]
        features.append({"type": "Feature", "properties": {
            "kind": "city", "code": code, "name": cities[code], "name_en": en,
            "province": code[:2] + "0000"}, "geometry": {"type": "Point", "coordinates": [lon, lat]}})
    return {"type": "FeatureCollection", "features": features}


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    data = build(Path(argv[1]))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
    kinds = {}
    for f in data["features"]:
        kinds[f["properties"]["kind"]] = kinds.get(f["properties"]["kind"], 0) + 1
    print(f"{OUT.relative_to(ROOT)}: {OUT.stat().st_size} bytes, {kinds}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
