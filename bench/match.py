"""Benchmark the lead matcher: 5,000 parks, 50,000 listings, 1,000 leads (synthetic, seeded).

    PYTHONPATH=src python bench/match.py [--parks 5000 --listings 50000 --leads 1000]

Reports the one-off table build and the per-lead time of ``rank_parks`` + ``rank_listings``
(top 10 each, reasons included). The baseline is a straightforward per-park Python loop with
the same park formulas, run on a sample of leads; its top-10 must equal the engine's, which
doubles as a cross-check of the vectorised arithmetic.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from parkpulse.leads.match_core import (  # noqa: E402
    KINDS,
    WEIGHTS,
    LeadQuery,
    ParkTable,
    expand_regions,
    normalize_region,
    rank_leads_for_park,
    rank_listings,
    rank_parks,
)
from parkpulse.textkit.taxonomy import INDUSTRIES  # noqa: E402

PROVINCES = {
    "江苏省": ["南京市", "苏州市", "无锡市", "常州市", "南通市"],
    "浙江省": ["杭州市", "宁波市", "嘉兴市", "绍兴市"],
    "上海市": ["上海市"],
    "安徽省": ["合肥市", "芜湖市"],
    "广东省": ["广州市", "深圳市", "东莞市", "佛山市"],
    "四川省": ["成都市", "绵阳市"],
    "湖北省": ["武汉市", "襄阳市"],
    "山东省": ["济南市", "青岛市", "烟台市"],
    "北京市": ["北京市"],
    "河北省": ["石家庄市", "保定市"],
}
REGION_WORDS = ["江苏", "浙江", "上海", "长三角", "珠三角", "成渝", "京津冀", "苏州", "武汉", "山东", ""]


def synth(n_parks: int, n_listings: int, n_leads: int, seed: int = 7):
    rng = np.random.default_rng(seed)
    codes = [i.code for i in INDUSTRIES]
    provs = list(PROVINCES)
    parks = []
    for i in range(n_parks):
        prov = provs[rng.integers(len(provs))]
        city = PROVINCES[prov][rng.integers(len(PROVINCES[prov]))]

        def maybe(lo, hi, p=0.7):
            return float(rng.integers(lo, hi)) if rng.random() < p else None

        parks.append(dict(
            id=i + 1, name=f"合成园区{i + 1}", province=prov, city=city, district="",
            industries=list(rng.choice(codes, size=rng.integers(0, 4), replace=False)),
            land_price_min=maybe(15, 120), land_price_max=None,
            min_investment_intensity=maybe(150, 600), min_tax_per_mu=maybe(10, 80),
        ))
    listings = []
    for j in range(n_listings):
        kind = KINDS[rng.integers(4)]
        sale = rng.random() < 0.3
        area = float(rng.integers(200, 30000))
        listings.append(dict(
            id=j + 1, park_id=int(rng.integers(1, n_parks + 1)), title=f"合成载体{j + 1}", kind=kind,
            deal="sale" if sale else "rent", area_m2=area,
            price=(area * float(rng.integers(2000, 9000)) / 10000) if sale else float(rng.integers(10, 80)),
            industries=list(rng.choice(codes, size=rng.integers(0, 2), replace=False)),
            is_available=bool(rng.random() < 0.85),
        ))
    leads = []
    for _ in range(n_leads):
        area = float(rng.integers(300, 20000))
        leads.append(dict(
            industry=codes[rng.integers(len(codes))] if rng.random() < 0.9 else None,
            use=KINDS[rng.integers(4)], area_m2=area,
            investment_wan=float(rng.integers(500, 50000)) if rng.random() < 0.8 else None,
            annual_tax_wan=float(rng.integers(50, 5000)) if rng.random() < 0.6 else None,
            regions=REGION_WORDS[rng.integers(len(REGION_WORDS))],
        ))
    return parks, listings, leads


def naive_rank_parks(lead: dict, parks: list[dict], listings: list[dict], k: int = 10) -> list[int]:
    """The same park score, one park at a time in plain Python (the baseline)."""
    q = LeadQuery.from_dict(lead)
    covered = expand_regions(q.regions)
    avail: dict[int, float] = {}
    rents: dict[int, list[float]] = {}
    all_rents = []
    for li in listings:
        if not li["is_available"] or li["kind"] != q.use:
            continue
        avail[li["park_id"]] = avail.get(li["park_id"], 0.0) + li["area_m2"]
        if li["deal"] == "rent":
            rents.setdefault(li["park_id"], []).append(li["price"])
            all_rents.append(li["price"])
    lands = [p["land_price_min"] for p in parks if p["land_price_min"] is not None]
    median = statistics.median(lands) if q.use == "land" else statistics.median(all_rents)
    mu = q.mu
    inv = q.investment_wan / mu if q.investment_wan else None
    tax = q.annual_tax_wan / mu if q.annual_tax_wan else None

    def threshold(value, req):
        if req is None or req <= 0:
            return 1.0
        return 0.5 if value is None else min(1.0, value / req)

    scored = []
    for p in parks:
        s = {}
        s["industry"] = 1.0 if q.industry is None else (
            1.0 if q.industry in p["industries"] else (0.0 if p["industries"] else 0.5))
        places = {normalize_region(x) for x in (p["province"], p["city"], p["district"]) if x}
        s["region"] = 1.0 if covered is None else float(bool(places & covered))
        a = avail.get(p["id"], 0.0)
        s["area"] = min(1.0, a / q.area_m2)
        if q.use == "land" and p["land_price_min"] is not None:
            s["area"] = max(s["area"], 0.5)
        s["investment"] = threshold(inv, p["min_investment_intensity"])
        s["tax"] = threshold(tax, p["min_tax_per_mu"])
        price = p["land_price_min"] if q.use == "land" else (min(rents[p["id"]]) if p["id"] in rents else None)
        s["price"] = 0.5 if price is None else (1.0 if price <= 0 else min(1.0, median / price))
        total = sum(WEIGHTS[key] * v for key, v in s.items()) * 100 / sum(WEIGHTS.values())
        scored.append((-round(total, 9), p["id"]))  # rounded as the engine does
    scored.sort()
    return [pid for _, pid in scored[:k]]


def orm_rows(parks: list[dict], listings: list[dict]) -> None:
    """Time ``matching.load_table`` (a cold desk page) and the freshness check (every page)."""
    import os
    import tempfile

    os.environ["PARKPULSE_HOME"] = tempfile.mkdtemp(prefix="pp-bench-match-")
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "parkpulse.site.settings"
    import django

    django.setup()
    from django.core.management import call_command

    from parkpulse.leads import matching
    from parkpulse.parks.models import Listing, Park

    call_command("migrate", verbosity=0)
    Park.objects.bulk_create([Park(**{k: v for k, v in p.items() if k != "industries"}) for p in parks],
                             batch_size=2000)
    Listing.objects.bulk_create([Listing(**{k: v for k, v in li.items() if k != "industries"})
                                 for li in listings], batch_size=2000)
    PI = Park.industries.through
    PI.objects.bulk_create([PI(park_id=p["id"], industry_id=str(c)) for p in parks for c in p["industries"]],
                           batch_size=5000)
    LI = Listing.industries.through
    LI.objects.bulk_create([LI(listing_id=li["id"], industry_id=str(c)) for li in listings
                            for c in li["industries"]], batch_size=5000)
    t0 = time.perf_counter()
    matching.load_table()
    load_ms = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    for _ in range(20):
        matching._fingerprint()
    fp_ms = (time.perf_counter() - t0) * 1000 / 20
    print(f"ORM (SQLite): load_table {load_ms:.0f} ms once per data change; freshness check {fp_ms:.1f} ms per page")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--parks", type=int, default=5000)
    ap.add_argument("--listings", type=int, default=50000)
    ap.add_argument("--leads", type=int, default=1000)
    ap.add_argument("--baseline-leads", type=int, default=20)
    ap.add_argument("--orm", action="store_true",
                    help="also time loading the table through Django from a scratch SQLite database")
    args = ap.parse_args(argv)

    parks, listings, leads = synth(args.parks, args.listings, args.leads)
    t0 = time.perf_counter()
    table = ParkTable.build(parks, listings)
    build_ms = (time.perf_counter() - t0) * 1000

    per_lead = []
    park_only = []
    for lead in leads:
        t0 = time.perf_counter()
        rank_parks(lead, table)
        t1 = time.perf_counter()
        rank_listings(lead, table)
        t2 = time.perf_counter()
        per_lead.append((t2 - t0) * 1000)
        park_only.append((t1 - t0) * 1000)

    reverse = []
    for park_id in range(1, 21):
        t0 = time.perf_counter()
        rank_leads_for_park(list(enumerate(leads)), table, park_id, k=50)
        reverse.append((time.perf_counter() - t0) * 1000)

    base = []
    agree = 0
    for lead in leads[: args.baseline_leads]:
        t0 = time.perf_counter()
        naive = naive_rank_parks(lead, parks, listings)
        base.append((time.perf_counter() - t0) * 1000)
        engine = [m.id for m in rank_parks(lead, table)]
        agree += naive == engine

    def row(name, xs):
        xs = sorted(xs)
        p95 = xs[min(len(xs) - 1, math.ceil(0.95 * len(xs)) - 1)]
        print(f"{name:<44} {statistics.mean(xs):9.2f} {xs[len(xs) // 2]:9.2f} {p95:9.2f}")

    print(f"parks={len(parks)} listings={len(listings)} (available {table.l_ids.size}) leads={len(leads)}")
    print(f"table build (once): {build_ms:.0f} ms")
    print(f"{'ms per lead':<44} {'mean':>9} {'median':>9} {'p95':>9}")
    row("engine: parks + listings, top 10, reasons", per_lead)
    row("engine: parks only", park_only)
    row(f"baseline: Python loop, parks only (n={len(base)})", base)
    print(f"{'ms per park':<44} {'mean':>9} {'median':>9} {'p95':>9}")
    row(f"reverse: all {len(leads)} leads vs one park (n=20)", reverse)
    print(f"baseline top-10 identical to engine: {agree}/{len(base)}")
    if args.orm:
        orm_rows(parks, listings)
    return 0 if agree == len(base) else 1


if __name__ == "__main__":
    raise SystemExit(main())
