"""Scoring leads against parks and listings: plain data in, ranked matches with reasons out.

No Django here. ``ParkTable.build(parks, listings)`` turns plain dicts into numpy arrays once;
``rank_parks`` / ``rank_listings`` then score one lead against every park or listing with
vectorised arithmetic and explain only the top few, item by item. ``rank_leads_for_park``
answers the reverse question with the same component functions.

Each component is a score in [0, 1]; the total is their weighted mean on a 0–100 scale.
A component the lead left blank is 1 for every park (it cannot change the order); a park
that has not published a figure gets 0.5 (unknown is worse than a fit, better than a miss).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from parkpulse.textkit.taxonomy import industry_name

M2_PER_MU = 10000 / 15  # 1 亩 = 666.67 ㎡

KINDS = ("factory", "land", "office", "warehouse")
KIND_NAMES = {"factory": "厂房", "land": "土地", "office": "写字楼", "warehouse": "仓库"}
KIND_INDEX = {k: i for i, k in enumerate(KINDS)}

WEIGHTS = {"industry": 30.0, "region": 25.0, "area": 20.0, "investment": 10.0, "tax": 10.0, "price": 5.0}
UNKNOWN = 0.5

# Broad regions a visitor writes instead of provinces.
REGION_GROUPS = {
    "长三角": ("上海", "江苏", "浙江", "安徽"),
    "长江三角洲": ("上海", "江苏", "浙江", "安徽"),
    "珠三角": ("广东",),
    "粤港澳大湾区": ("广东", "香港", "澳门"),
    "大湾区": ("广东", "香港", "澳门"),
    "京津冀": ("北京", "天津", "河北"),
    "成渝": ("四川", "重庆"),
    "成渝地区": ("四川", "重庆"),
}
ANYWHERE = {"全国", "不限", "均可", "无", "任意"}
_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "地区", "省", "市")
_SPLIT = re.compile(r"[,,、;;/\s]+")


def normalize_region(name: str) -> str:
    """'江苏省' → '江苏', '苏州市' → '苏州'; district names such as '浦东新区' are kept."""
    name = (name or "").strip()
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def split_regions(text: str | Sequence[str] | None) -> list[str]:
    """A visitor's free text （'江苏、上海 长三角'） as a list of region words."""
    if not text:
        return []
    if isinstance(text, str):
        text = _SPLIT.split(text)
    return [t.strip() for t in text if t and t.strip()]


def expand_regions(tokens: Iterable[str]) -> set[str] | None:
    """Normalised names a region list covers, or None for 'anywhere'."""
    out: set[str] = set()
    for token in tokens:
        if token in ANYWHERE:
            return None
        out.update(REGION_GROUPS.get(token, ()))
        out.add(normalize_region(token))
    return out or None


def region_matches(wanted: str, place_names: Iterable[str]) -> bool:
    """True when a region word (rule or lead) covers one of the place names."""
    covered = expand_regions(split_regions(wanted))
    if covered is None:
        return True
    return any(normalize_region(p) in covered for p in place_names if p)


@dataclass
class Reason:
    label: str
    text: str
    ok: bool | None  # None: neither a fit nor a miss (unknown or not asked)

    def __str__(self) -> str:
        mark = {True: " ✓", False: " ✗", None: ""}[self.ok]
        return f"{self.label} {self.text}{mark}"


@dataclass
class Match:
    kind: str  # "park" or "listing"
    id: int
    park_id: int
    name: str
    score: float
    reasons: list[Reason] = field(default_factory=list)


@dataclass
class LeadQuery:
    industry: str | None = None
    use: str | None = None
    area_m2: float | None = None
    investment_wan: float | None = None
    annual_tax_wan: float | None = None
    regions: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, d: dict) -> LeadQuery:
        def num(key):
            v = d.get(key)
            return float(v) if v not in (None, "") and float(v) > 0 else None

        return cls(
            industry=d.get("industry") or None,
            use=d.get("use") if d.get("use") in KIND_INDEX else None,
            area_m2=num("area_m2"),
            investment_wan=num("investment_wan"),
            annual_tax_wan=num("annual_tax_wan"),
            regions=split_regions(d.get("regions")),
        )

    @property
    def mu(self) -> float | None:
        return self.area_m2 / M2_PER_MU if self.area_m2 else None


def _f(value) -> float:
    return float("nan") if value is None or value == "" else float(value)


def _num(x: float) -> str:
    """Numbers as a person writes them: 5000, 6200, 12.5."""
    x = round(float(x), 1)
    return f"{x:.0f}" if abs(x) >= 100 or x.is_integer() else f"{x:.1f}"


class ParkTable:
    """Parks and their available listings as column arrays, built once and reused per lead."""

    def __init__(self) -> None:
        self.n = 0

    @classmethod
    def build(cls, parks: Sequence[dict], listings: Sequence[dict]) -> ParkTable:
        """parks: dicts with id, name, province, city, district, industries (codes),
        land_price_min, land_price_max, min_investment_intensity, min_tax_per_mu.
        listings: dicts with id, park_id, title, kind, deal, area_m2, price, industries,
        is_available. Unavailable listings are ignored."""
        t = cls()
        t.n = n = len(parks)
        t.ids = np.array([p["id"] for p in parks], dtype=np.int64)
        t.names = [p["name"] for p in parks]
        t.places = [(p.get("province") or "", p.get("city") or "", p.get("district") or "") for p in parks]
        t.vocab: dict[str, int] = {}

        def code(name: str) -> int:
            name = normalize_region(name)
            if not name:
                return -1
            return t.vocab.setdefault(name, len(t.vocab))

        t.place_codes = np.array([[code(x) for x in pl] for pl in t.places], dtype=np.int32).reshape(n, 3)
        t.industry_codes: dict[str, int] = {}
        for p in parks:
            for c in p.get("industries") or ():
                t.industry_codes.setdefault(c, len(t.industry_codes))
        for li in listings:
            for c in li.get("industries") or ():
                t.industry_codes.setdefault(c, len(t.industry_codes))
        k = max(1, len(t.industry_codes))
        t.park_ind = np.zeros((n, k), dtype=bool)
        for i, p in enumerate(parks):
            for c in p.get("industries") or ():
                t.park_ind[i, t.industry_codes[c]] = True
        t.park_has_ind = t.park_ind.any(axis=1)
        t.land_min = np.array([_f(p.get("land_price_min")) for p in parks], dtype=float)
        t.land_max = np.array([_f(p.get("land_price_max")) for p in parks], dtype=float)
        t.min_inv = np.array([_f(p.get("min_investment_intensity")) for p in parks], dtype=float)
        t.min_tax = np.array([_f(p.get("min_tax_per_mu")) for p in parks], dtype=float)

        pos = {pid: i for i, pid in enumerate(t.ids.tolist())}
        rows = [li for li in listings if li.get("is_available", True) and li["park_id"] in pos]
        m = len(rows)
        t.l_ids = np.array([li["id"] for li in rows], dtype=np.int64)
        t.l_titles = [li.get("title") or "" for li in rows]
        t.l_park = np.array([pos[li["park_id"]] for li in rows], dtype=np.int64)
        t.l_kind = np.array([KIND_INDEX.get(li["kind"], -1) for li in rows], dtype=np.int8)
        t.l_sale = np.array([li.get("deal") == "sale" for li in rows], dtype=bool)
        t.l_area = np.array([_f(li.get("area_m2")) for li in rows], dtype=float)
        t.l_price = np.array([_f(li.get("price")) for li in rows], dtype=float)
        t.l_ind = np.zeros((m, k), dtype=bool)
        for j, li in enumerate(rows):
            for c in li.get("industries") or ():
                t.l_ind[j, t.industry_codes[c]] = True
        t.l_has_ind = t.l_ind.any(axis=1)
        # Sale prices are 万元 for the whole unit; per ㎡ in 元 makes them comparable.
        with np.errstate(divide="ignore", invalid="ignore"):
            t.l_unit_price = np.where(t.l_sale, t.l_price * 10000 / t.l_area, t.l_price)

        # Per-park aggregates by kind: available area and the cheapest rent.
        t.avail = np.zeros((n, len(KINDS)), dtype=float)
        t.largest = np.zeros((n, len(KINDS)), dtype=float)
        t.rent_min = np.full((n, len(KINDS)), np.nan)
        ok = (t.l_kind >= 0) & ~np.isnan(t.l_area)
        np.add.at(t.avail, (t.l_park[ok], t.l_kind[ok]), t.l_area[ok])
        np.maximum.at(t.largest, (t.l_park[ok], t.l_kind[ok]), t.l_area[ok])
        rent = ok & ~t.l_sale & ~np.isnan(t.l_price)
        if rent.any():
            tmp = np.full((n, len(KINDS)), np.inf)
            np.minimum.at(tmp, (t.l_park[rent], t.l_kind[rent]), t.l_price[rent])
            t.rent_min = np.where(np.isinf(tmp), np.nan, tmp)
        t.median_rent = np.array([_nanmedian(t.l_price[rent & (t.l_kind == i)]) for i in range(len(KINDS))])
        t.median_sale = np.array(
            [_nanmedian(t.l_unit_price[ok & t.l_sale & (t.l_kind == i)]) for i in range(len(KINDS))]
        )
        t.median_land = _nanmedian(t.land_min)
        return t


def _nanmedian(a: np.ndarray) -> float:
    a = a[~np.isnan(a)]
    return float(np.median(a)) if a.size else float("nan")


def _ratio_score(have: np.ndarray, need: float) -> np.ndarray:
    return np.clip(have / need, 0.0, 1.0)


def _threshold_score(lead_value: float | None, required: np.ndarray) -> np.ndarray:
    """Lead's figure per 亩 against a park minimum: 1 if met, the fraction if not, 1 with no rule."""
    if lead_value is None:
        return np.where(np.isnan(required), 1.0, UNKNOWN)
    with np.errstate(divide="ignore", invalid="ignore"):
        s = np.clip(lead_value / required, 0.0, 1.0)
    return np.where(np.isnan(required) | (required <= 0), 1.0, s)


def _cheapness(price: np.ndarray, median: float) -> np.ndarray:
    """1 at or below the median price of comparable offers, falling as price rises."""
    if np.isnan(median):
        return np.full(price.shape, UNKNOWN)
    with np.errstate(divide="ignore", invalid="ignore"):
        s = np.clip(median / price, 0.0, 1.0)
    return np.where(np.isnan(price), UNKNOWN, np.where(price <= 0, 1.0, s))


class _Prepared:
    """A lead resolved against one table's vocabularies."""

    def __init__(self, q: LeadQuery, t: ParkTable) -> None:
        self.q = q
        self.kind = KIND_INDEX.get(q.use) if q.use else None
        self.ind = t.industry_codes.get(q.industry) if q.industry else None
        covered = expand_regions(q.regions)
        self.regions = None if covered is None else np.array(
            sorted(t.vocab[r] for r in covered if r in t.vocab), dtype=np.int32
        )
        mu = q.mu
        self.inv_per_mu = q.investment_wan / mu if (q.investment_wan and mu) else None
        self.tax_per_mu = q.annual_tax_wan / mu if (q.annual_tax_wan and mu) else None


def _park_components(p: _Prepared, t: ParkTable, idx: np.ndarray | slice) -> dict[str, np.ndarray]:
    q = p.q
    size = t.ids[idx].shape[0]
    comp: dict[str, np.ndarray] = {}
    if q.industry is None:
        comp["industry"] = np.ones(size)
    else:
        hit = t.park_ind[idx, p.ind] if p.ind is not None else np.zeros(size, dtype=bool)
        comp["industry"] = np.where(hit, 1.0, np.where(t.park_has_ind[idx], 0.0, UNKNOWN))
    if p.regions is None:
        comp["region"] = np.ones(size)
    else:
        comp["region"] = np.isin(t.place_codes[idx], p.regions).any(axis=1).astype(float)
    avail = t.avail[idx, p.kind] if p.kind is not None else t.avail[idx].sum(axis=1)
    if q.area_m2:
        area = _ratio_score(avail, q.area_m2)
    else:
        area = (avail > 0).astype(float)
    if p.kind == KIND_INDEX["land"]:
        # Land is often sold by tender and never listed: a published land price is a half-fit.
        area = np.where(~np.isnan(t.land_min[idx]), np.maximum(area, UNKNOWN), area)
    comp["area"] = area
    comp["investment"] = _threshold_score(p.inv_per_mu, t.min_inv[idx])
    comp["tax"] = _threshold_score(p.tax_per_mu, t.min_tax[idx])
    if p.kind == KIND_INDEX["land"]:
        comp["price"] = _cheapness(t.land_min[idx], t.median_land)
    elif p.kind is not None:
        comp["price"] = _cheapness(t.rent_min[idx, p.kind], t.median_rent[p.kind])
    else:
        comp["price"] = np.ones(size)
    return comp


def _total(comp: dict[str, np.ndarray]) -> np.ndarray:
    total = sum(WEIGHTS[k] * v for k, v in comp.items())
    # Rounded so that equal fits are equal and the id decides, not float noise.
    return np.round(total * (100.0 / sum(WEIGHTS.values())), 9)


def _top(scores: np.ndarray, k: int, ids: np.ndarray) -> np.ndarray:
    """Indices of the k best scores, ties broken by the lower id so results are stable."""
    if scores.size == 0:
        return np.array([], dtype=np.int64)
    k = min(k, scores.size)
    # Everything tied with the k-th best is a candidate; argpartition alone would pick
    # arbitrary members of a tie.
    kth = -np.partition(-scores, k - 1)[k - 1]
    cand = np.nonzero(scores >= kth)[0]
    return cand[np.lexsort((ids[cand], -scores[cand]))][:k]


def rank_parks(lead: LeadQuery | dict, table: ParkTable, k: int = 10) -> list[Match]:
    q = lead if isinstance(lead, LeadQuery) else LeadQuery.from_dict(lead)
    if table.n == 0:
        return []
    p = _Prepared(q, table)
    comp = _park_components(p, table, slice(None))
    scores = _total(comp)
    out = []
    for i in _top(scores, k, table.ids):
        out.append(Match("park", int(table.ids[i]), int(table.ids[i]), table.names[i],
                         round(float(scores[i]), 1), park_reasons(p, table, int(i), comp)))
    return out


def rank_listings(lead: LeadQuery | dict, table: ParkTable, k: int = 10) -> list[Match]:
    q = lead if isinstance(lead, LeadQuery) else LeadQuery.from_dict(lead)
    if table.l_ids.size == 0:
        return []
    p = _Prepared(q, table)
    park_comp = _park_components(p, table, slice(None))
    pk = table.l_park
    comp = {key: park_comp[key][pk] for key in ("region", "investment", "tax")}
    if q.industry is None:
        comp["industry"] = np.ones(pk.size)
    else:
        own = table.l_ind[:, p.ind] if p.ind is not None else np.zeros(pk.size, dtype=bool)
        # A listing that names no industries inherits its park's.
        comp["industry"] = np.where(table.l_has_ind, own.astype(float), park_comp["industry"][pk])
    area = table.l_area
    if q.area_m2:
        need = q.area_m2
        with np.errstate(divide="ignore", invalid="ignore"):
            too_big = np.maximum(0.5, 2 * need / area)
        comp["area"] = np.where(area >= need, np.where(area <= 2 * need, 1.0, too_big), area / need)
        comp["area"] = np.nan_to_num(comp["area"], nan=UNKNOWN)
    else:
        comp["area"] = np.ones(pk.size)
    med = np.where(table.l_sale, table.median_sale[table.l_kind], table.median_rent[table.l_kind])
    with np.errstate(divide="ignore", invalid="ignore"):
        price = np.clip(med / table.l_unit_price, 0.0, 1.0)
    comp["price"] = np.where(np.isnan(price), UNKNOWN, price)
    scores = _total(comp)
    if p.kind is not None:
        scores = np.where(table.l_kind == p.kind, scores, -1.0)
    out = []
    for j in _top(scores, k, table.l_ids):
        if scores[j] < 0:
            break
        out.append(Match("listing", int(table.l_ids[j]), int(table.ids[pk[j]]), table.l_titles[j],
                         round(float(scores[j]), 1), listing_reasons(p, table, int(j), comp)))
    return out


def rank_leads_for_park(
    leads: Sequence[tuple[int, LeadQuery | dict]], table: ParkTable, park_id: int, k: int = 50
) -> list[Match]:
    """The leads that fit one park best: same components, one park, many leads."""
    hits = np.nonzero(table.ids == park_id)[0]
    if hits.size == 0:
        return []
    i = int(hits[0])
    sl = slice(i, i + 1)
    scored = []
    for lead_id, lead in leads:
        q = lead if isinstance(lead, LeadQuery) else LeadQuery.from_dict(lead)
        p = _Prepared(q, table)
        comp = _park_components(p, table, sl)
        score = float(_total(comp)[0])
        scored.append((score, lead_id, p, comp))
    scored.sort(key=lambda s: (-s[0], s[1]))
    out = []
    for score, lead_id, p, comp in scored[:k]:
        out.append(Match("lead", lead_id, park_id, table.names[i], round(score, 1),
                         park_reasons(p, table, i, comp, ci=0)))
    return out


# --- reasons: only computed for the handful of results shown --------------------------------


def _mark(score: float) -> bool | None:
    return True if score >= 0.999 else (False if score < UNKNOWN else None)


def _industry_reason(p: _Prepared, s: float, subject: str) -> Reason:
    noun = "主导产业" if subject == "园区" else "适合产业"
    if p.q.industry is None:
        return Reason("产业", "需求未指定产业", None)
    name = industry_name(p.q.industry)
    if s >= 0.999:
        return Reason("产业匹配", name, True)
    if s >= UNKNOWN:
        return Reason("产业", f"{subject}未标注{noun}", None)
    return Reason("产业", f"{subject}{noun}不含{name}", False)


def _region_reason(p: _Prepared, t: ParkTable, i: int, s: float) -> Reason:
    place = "".join(dict.fromkeys(x for x in t.places[i] if x)) or "地区未知"
    if p.regions is None:
        return Reason("地区", f"{place}（需求不限地区）", None)
    wanted = "、".join(p.q.regions)
    if s >= 0.999:
        return Reason("地区", f"{place} 在意向地区（{wanted}）内", True)
    return Reason("地区", f"{place} 不在意向地区（{wanted}）", False)


def _threshold_reason(label: str, lead_value: float | None, required: float, what: str) -> Reason:
    if np.isnan(required):
        return Reason(label, "园区未公布要求", None)
    if lead_value is None:
        return Reason(label, f"要求 ≥{_num(required)}万元/亩，需求未填{what}或面积", None)
    ok = lead_value >= required
    cmp = "≥" if ok else "<"
    return Reason(label, f"需求约{_num(lead_value)}万元/亩 {cmp} 要求{_num(required)}万元/亩", ok)


def park_reasons(
    p: _Prepared, t: ParkTable, i: int, comp: dict[str, np.ndarray], ci: int | None = None
) -> list[Reason]:
    """Reasons for park ``i``; ``ci`` is its row in ``comp`` when comp covers a slice."""
    q = p.q
    ci = i if ci is None else ci
    reasons = [_industry_reason(p, comp["industry"][ci], "园区"), _region_reason(p, t, i, comp["region"][ci])]
    kind_name = KIND_NAMES.get(q.use, "载体")
    avail = float(t.avail[i, p.kind]) if p.kind is not None else float(t.avail[i].sum())
    if q.area_m2:
        if avail >= q.area_m2 or p.kind != KIND_INDEX["land"] or np.isnan(t.land_min[i]):
            reasons.append(Reason("面积", f"需求{_num(q.area_m2)}㎡ 可用{kind_name}{_num(avail)}㎡",
                                  avail >= q.area_m2))
        else:
            listed = f"挂牌土地{_num(avail)}㎡" if avail > 0 else "无挂牌土地"
            reasons.append(Reason("面积", f"需求{_num(q.area_m2)}㎡，{listed}，可咨询园区供地", None))
    else:
        reasons.append(Reason("面积", f"可用{kind_name}{_num(avail)}㎡（需求未填面积）", avail > 0 or None))
    reasons.append(_threshold_reason("投资强度", p.inv_per_mu, float(t.min_inv[i]), "投资额"))
    reasons.append(_threshold_reason("税收门槛", p.tax_per_mu, float(t.min_tax[i]), "税收"))
    if p.kind == KIND_INDEX["land"]:
        reasons.append(_price_reason(float(t.land_min[i]), t.median_land, "地价", "万元/亩", comp["price"][ci]))
    elif p.kind is not None:
        reasons.append(_price_reason(float(t.rent_min[i, p.kind]), float(t.median_rent[p.kind]),
                                     "租金", "元/㎡/月", comp["price"][ci]))
    return reasons


def _price_reason(price: float, median: float, label: str, unit: str, s: float) -> Reason:
    if np.isnan(price):
        return Reason("价格", f"未公布{label}", None)
    if np.isnan(median):
        return Reason("价格", f"{label}{_num(price)}{unit}", None)
    side = "不高于" if price <= median else "高于"
    return Reason("价格", f"{label}{_num(price)}{unit}，{side}全库中位{_num(median)}", _mark(s))


def listing_reasons(p: _Prepared, t: ParkTable, j: int, comp: dict[str, np.ndarray]) -> list[Reason]:
    q = p.q
    i = int(t.l_park[j])
    reasons = [_industry_reason(p, comp["industry"][j], "载体"), _region_reason(p, t, i, comp["region"][j])]
    area = float(t.l_area[j])
    if q.area_m2:
        if area >= q.area_m2:
            extra = "" if area <= 2 * q.area_m2 else ",面积偏大"
            reasons.append(Reason("面积", f"需求{_num(q.area_m2)}㎡ 本载体{_num(area)}㎡{extra}", not extra or None))
        else:
            reasons.append(Reason("面积", f"需求{_num(q.area_m2)}㎡ 本载体{_num(area)}㎡", False))
    else:
        reasons.append(Reason("面积", f"本载体{_num(area)}㎡", None))
    reasons.append(_threshold_reason("投资强度", p.inv_per_mu, float(t.min_inv[i]), "投资额"))
    reasons.append(_threshold_reason("税收门槛", p.tax_per_mu, float(t.min_tax[i]), "税收"))
    kind = int(t.l_kind[j])
    if t.l_sale[j]:
        reasons.append(_price_reason(float(t.l_unit_price[j]), float(t.median_sale[kind]), "售价", "元/㎡",
                                     comp["price"][j]))
    else:
        reasons.append(_price_reason(float(t.l_price[j]), float(t.median_rent[kind]), "租金", "元/㎡/月",
                                     comp["price"][j]))
    return reasons
