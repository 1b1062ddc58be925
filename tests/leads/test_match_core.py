"""The pure matching engine on hand-built parks: the right park comes first, for the right reasons."""

from __future__ import annotations

import numpy as np
import pytest

from parkpulse.leads.match_core import (
    LeadQuery,
    ParkTable,
    expand_regions,
    normalize_region,
    rank_leads_for_park,
    rank_listings,
    rank_parks,
)


def park(id, **kw):
    base = dict(id=id, name=f"园区{id}", province="江苏省", city="苏州市", district="", industries=["biomed"],
                land_price_min=None, land_price_max=None, min_investment_intensity=None, min_tax_per_mu=None)
    base.update(kw)
    return base


def listing(id, park_id, area, **kw):
    base = dict(id=id, park_id=park_id, title=f"载体{id}", kind="factory", deal="rent", area_m2=area,
                price=30, industries=[], is_available=True)
    base.update(kw)
    return base


LEAD = dict(industry="biomed", use="factory", area_m2=5000, regions="长三角")


def texts(match):
    return [str(r) for r in match.reasons]


def test_industry_decides_and_is_explained():
    t = ParkTable.build([park(1, industries=["ic"]), park(2, industries=["biomed", "ai"])],
                        [listing(10, 1, 6000), listing(20, 2, 6000)])
    first, second = rank_parks(LEAD, t)
    assert first.id == 2
    assert "产业匹配 生物医药 ✓" in texts(first)
    assert "产业 园区主导产业不含生物医药 ✗" in texts(second)
    assert first.score > second.score


def test_available_area_sums_available_listings_only():
    parks = [park(1), park(2)]
    listings = [
        listing(10, 1, 3000), listing(11, 1, 3200),            # 6200 available in park 1
        listing(20, 2, 4000), listing(21, 2, 9000, is_available=False),  # only 4000 in park 2
    ]
    first, second = rank_parks(LEAD, ParkTable.build(parks, listings))
    assert first.id == 1
    assert "面积 需求5000㎡ 可用厂房6200㎡ ✓" in texts(first)
    assert "面积 需求5000㎡ 可用厂房4000㎡ ✗" in texts(second)


def test_area_counts_only_the_requested_use():
    parks = [park(1), park(2)]
    listings = [listing(10, 1, 20000, kind="office"), listing(20, 2, 5500)]
    assert rank_parks(LEAD, ParkTable.build(parks, listings))[0].id == 2


def test_region_groups_expand_and_miss_is_marked():
    parks = [park(1, province="四川省", city="成都市"), park(2, province="浙江省", city="宁波市")]
    t = ParkTable.build(parks, [listing(10, 1, 6000), listing(20, 2, 6000)])
    first, second = rank_parks(LEAD, t)
    assert first.id == 2
    assert "地区 浙江省宁波市 在意向地区（长三角）内 ✓" in texts(first)
    assert "✗" in [r for r in texts(second) if r.startswith("地区")][0]


def test_city_level_region_matches_city_not_whole_province():
    parks = [park(1, city="南京市"), park(2, city="苏州市")]
    t = ParkTable.build(parks, [listing(10, 1, 6000), listing(20, 2, 6000)])
    first = rank_parks(dict(LEAD, regions="苏州"), t)[0]
    assert first.id == 2


def test_investment_intensity_threshold_per_mu():
    # 5000 ㎡ = 7.5 亩; 3000 万元 → 400 万元/亩
    parks = [park(1, min_investment_intensity=500), park(2, min_investment_intensity=300)]
    t = ParkTable.build(parks, [listing(10, 1, 6000), listing(20, 2, 6000)])
    first, second = rank_parks(dict(LEAD, investment_wan=3000), t)
    assert first.id == 2
    assert "投资强度 需求约400万元/亩 ≥ 要求300万元/亩 ✓" in texts(first)
    assert "投资强度 需求约400万元/亩 < 要求500万元/亩 ✗" in texts(second)


def test_tax_threshold_per_mu():
    # 7.5 亩, 300 万元 → 40 万元/亩
    parks = [park(1, min_tax_per_mu=60), park(2, min_tax_per_mu=35)]
    t = ParkTable.build(parks, [listing(10, 1, 6000), listing(20, 2, 6000)])
    first, second = rank_parks(dict(LEAD, annual_tax_wan=300), t)
    assert first.id == 2
    assert "税收门槛 需求约40万元/亩 ≥ 要求35万元/亩 ✓" in texts(first)
    assert "税收门槛 需求约40万元/亩 < 要求60万元/亩 ✗" in texts(second)


def test_missing_lead_figures_do_not_reorder_and_say_so():
    parks = [park(1, min_tax_per_mu=60), park(2, min_tax_per_mu=35)]
    t = ParkTable.build(parks, [listing(10, 1, 6000), listing(20, 2, 6000)])
    a, b = rank_parks(LEAD, t)
    assert a.score == b.score
    assert "需求未填税收或面积" in " ".join(texts(a))


def test_cheaper_land_wins_when_all_else_is_equal():
    parks = [park(1, land_price_min=80), park(2, land_price_min=40), park(3, land_price_min=60)]
    land = [listing(10 + i, i, 8000, kind="land", deal="sale", price=None) for i in (1, 2, 3)]
    ranked = rank_parks(dict(LEAD, use="land"), ParkTable.build(parks, land))
    assert [m.id for m in ranked] == [2, 3, 1]
    assert "价格 地价40万元/亩，不高于全库中位60 ✓" in texts(ranked[0])


def test_land_without_listing_but_with_published_price_is_half_fit():
    parks = [park(1, land_price_min=50), park(2)]
    ranked = rank_parks(dict(LEAD, use="land"), ParkTable.build(parks, []))
    assert ranked[0].id == 1
    assert any("无挂牌土地" in t for t in texts(ranked[0]))


def test_listings_filtered_by_use_and_ranked_by_area_fit():
    parks = [park(1)]
    listings = [
        listing(10, 1, 2000),                   # too small
        listing(11, 1, 5600),                   # right size
        listing(12, 1, 40000),                  # far too big
        listing(13, 1, 5600, kind="office"),    # wrong use
    ]
    ranked = rank_listings(LEAD, ParkTable.build(parks, listings))
    assert [m.id for m in ranked] == [11, 12, 10]
    assert "面积 需求5000㎡ 本载体5600㎡ ✓" in texts(ranked[0])
    assert any("面积偏大" in t for t in texts(ranked[1]))


def test_listing_industry_overrides_park_industry():
    parks = [park(1, industries=["biomed"])]
    listings = [listing(10, 1, 6000, industries=["ic"]), listing(11, 1, 6000)]
    ranked = rank_listings(LEAD, ParkTable.build(parks, listings))
    assert ranked[0].id == 11
    assert "产业 载体适合产业不含生物医药 ✗" in texts(ranked[1])


def test_leads_for_park_uses_the_same_engine():
    t = ParkTable.build([park(1, min_tax_per_mu=30), park(2, industries=["ic"])], [listing(10, 1, 6000)])
    leads = [
        (7, dict(industry="ic", use="factory", area_m2=5000)),
        (8, dict(LEAD, annual_tax_wan=500)),
        (9, dict(LEAD, regions="四川")),
    ]
    ranked = rank_leads_for_park(leads, t, park_id=1)
    assert [m.id for m in ranked] == [8, 9, 7]
    assert "产业匹配 生物医药 ✓" in texts(ranked[0])
    assert ranked[0].score == pytest.approx(rank_parks(leads[1][1], t)[0].score)
    assert rank_leads_for_park(leads, t, park_id=999) == []


def test_empty_tables():
    t = ParkTable.build([], [])
    assert rank_parks(LEAD, t) == [] and rank_listings(LEAD, t) == []


def test_region_words():
    assert normalize_region("江苏省") == "江苏"
    assert normalize_region("广西壮族自治区") == "广西"
    assert normalize_region("浦东新区") == "浦东新区"
    assert expand_regions(["长三角"]) >= {"上海", "江苏", "浙江", "安徽"}
    assert expand_regions(["不限"]) is None
    q = LeadQuery.from_dict(dict(area_m2="0", investment_wan=None, regions="江苏, 上海"))
    assert q.area_m2 is None and q.regions == ["江苏", "上海"]


def test_scores_are_bounded():
    rng = np.random.default_rng(1)
    parks = [park(i, min_tax_per_mu=float(rng.integers(0, 100)), land_price_min=float(rng.integers(10, 90)))
             for i in range(1, 40)]
    listings = [listing(100 + i, 1 + i % 39, float(rng.integers(100, 20000)), price=float(rng.integers(5, 60)))
                for i in range(200)]
    t = ParkTable.build(parks, listings)
    for m in rank_parks(dict(LEAD, annual_tax_wan=400), t, k=39) + rank_listings(LEAD, t, k=200):
        assert 0 <= m.score <= 100
