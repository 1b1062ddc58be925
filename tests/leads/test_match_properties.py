"""Properties of the matching engine that must hold for any parks, not just hand-built ones."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from parkpulse.leads.match_core import KINDS, ParkTable, rank_parks

CODES = ["biomed", "ic", "ai", "energy"]
PLACES = [("江苏省", "苏州市"), ("浙江省", "杭州市"), ("四川省", "成都市"), ("广东省", "深圳市")]

money = st.one_of(st.none(), st.floats(min_value=1, max_value=1000))
park_st = st.fixed_dictionaries({
    "industries": st.lists(st.sampled_from(CODES), max_size=3, unique=True),
    "place": st.sampled_from(PLACES),
    "min_investment_intensity": money,
    "min_tax_per_mu": money,
    "land_price_min": money,
    "areas": st.lists(st.tuples(st.sampled_from(KINDS), st.floats(min_value=10, max_value=50000),
                                st.floats(min_value=1, max_value=100)), max_size=4),
})
lead_st = st.fixed_dictionaries({
    "industry": st.one_of(st.none(), st.sampled_from(CODES)),
    "use": st.sampled_from(KINDS),
    "area_m2": st.floats(min_value=10, max_value=50000),
    "investment_wan": money,
    "annual_tax_wan": money,
    "regions": st.sampled_from(["", "长三角", "江苏", "四川、广东", "不限"]),
})


def build(specs):
    parks, listings = [], []
    for i, s in enumerate(specs, start=1):
        parks.append(dict(id=i, name=f"园区{i}", province=s["place"][0], city=s["place"][1],
                          industries=s["industries"], min_investment_intensity=s["min_investment_intensity"],
                          min_tax_per_mu=s["min_tax_per_mu"], land_price_min=s["land_price_min"]))
        for j, (kind, area, price) in enumerate(s["areas"]):
            listings.append(dict(id=i * 10 + j, park_id=i, title="", kind=kind, deal="rent",
                                 area_m2=area, price=price, industries=[]))
    return parks, listings


def score_of(lead, parks, listings, park_id):
    ranked = rank_parks(lead, ParkTable.build(parks, listings), k=len(parks))
    return next(m.score for m in ranked if m.id == park_id)


@settings(max_examples=60, deadline=None)
@given(st.lists(park_st, min_size=1, max_size=6), lead_st)
def test_scores_bounded_and_sorted(specs, lead):
    parks, listings = build(specs)
    ranked = rank_parks(lead, ParkTable.build(parks, listings), k=len(parks))
    assert len(ranked) == len(parks)
    scores = [m.score for m in ranked]
    assert all(0 <= s <= 100 for s in scores)
    assert scores == sorted(scores, reverse=True)
    assert all(len(m.reasons) >= 5 for m in ranked)


@settings(max_examples=60, deadline=None)
@given(st.lists(park_st, min_size=1, max_size=5), lead_st, st.floats(min_value=10, max_value=50000))
def test_more_available_area_never_lowers_the_score(specs, lead, extra):
    parks, listings = build(specs)
    before = score_of(lead, parks, listings, 1)
    more = listings + [dict(id=9999, park_id=1, title="", kind=lead["use"], deal="rent", area_m2=extra,
                            price=None, industries=[])]
    # a listing without a price leaves the cheapest rent and the medians unchanged
    assert score_of(lead, parks, more, 1) >= before


@settings(max_examples=60, deadline=None)
@given(st.lists(park_st, min_size=1, max_size=5), lead_st)
def test_having_the_industry_never_lowers_the_score(specs, lead):
    if lead["industry"] is None:
        return
    parks, listings = build(specs)
    before = score_of(lead, parks, listings, 1)
    parks[0]["industries"] = sorted(set(parks[0]["industries"]) | {lead["industry"]})
    assert score_of(lead, parks, listings, 1) >= before
