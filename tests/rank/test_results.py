"""The pipeline's results, checked against an independent plain-pandas recomputation."""

import numpy as np
import pandas as pd
import pytest

from parkpulse.rank import Options, compute, load_data, load_framework
from parkpulse.rank.sample import sample_panel


def pandas_minmax_amean(fw, panel, year):
    """Min-max 0..100 after direction, times multiplier, weighted means up the tree -- by hand."""
    df = panel.frame(year)
    out = {}
    for ind in fw.indicators:
        col = df[ind.code] * ind.direction
        out[ind.code] = (col - col.min()) / (col.max() - col.min()) * 100 * ind.multiplier
    for node in fw.aggregates:
        w = pd.Series({c.code: c.weight for c in node.children})
        out[node.code] = sum(out[c] * w[c] for c in w.index) / w.sum()
    return pd.DataFrame(out)


@pytest.mark.parametrize("preset", ["torch2021", "city"])
def test_matches_plain_pandas(preset):
    fw = load_framework(preset)
    panel = sample_panel(fw, n_units=40, seed=5, missing=0.0)
    for ind in fw.indicators:
        ind.normalise = "minmax:0,100"  # the hand version knows only min-max
    fw.aggregation = {}
    fw.default_aggregation = "amean"
    res = compute(fw, panel, Options())
    for year in panel.years:
        want = pandas_minmax_amean(fw, panel, year)
        got = res.scores[year][want.columns]
        np.testing.assert_allclose(got.to_numpy(), want.to_numpy(), rtol=1e-10)
        order = want[fw.root.code].rank(ascending=False, method="min").astype(int)
        assert (res.ranks[year][fw.root.code] == order).all()


def test_summary_has_code_name_every_aggregate_and_rank(small_framework, small_table):
    res = compute(small_framework, load_data(small_table, small_framework))
    s = res.summary()
    assert list(s.columns) == ["code", "name", "IDX", "A", "B", "rank"]
    assert list(s["rank"]) == sorted(s["rank"])


def test_rank_changes_strengths_and_words(small_framework, small_table):
    t = small_table.copy()
    t.loc[3, ["a1", "a2"]] = [9, 1]  # x jumps in group A in 2021
    res = compute(small_framework, load_data(t, small_framework))
    ch = res.rank_changes(2020, 2021)
    assert ch.loc["x", "IDX"] > 0 and ch.loc["x", "A"] > 0
    sw = res.strengths_weaknesses("x", 2021)
    assert sw["strengths"][0]["code"] in ("a1", "a2") and sw["strengths"][0]["diff"] > 0
    assert all(w["diff"] < 0 for w in sw["weaknesses"])
    words = {g["code"]: g["words"] for g in res.group_ranks("x", 2021)}
    assert words["A"] == "甲 第1"


@pytest.mark.parametrize("agg", [None, "gmean", "copeland"])
def test_smallest_improvement_really_lifts_one_rank(agg):
    fw = load_framework("city")
    panel = sample_panel(fw, n_units=12, seed=3, missing=0.0)
    res = compute(fw, panel, Options(aggregate=agg))
    unit = res.summary().iloc[6]["code"]
    imp = res.smallest_improvement(unit)
    assert imp["target"] is not None
    root = fw.root
    from parkpulse.rank.aggregate import aggregate

    table = res.scores[res.years[-1]][[k.code for k in root.children]].to_numpy()
    w = np.array([k.weight for k in root.children])
    i, t = res.units.index(unit), res.units.index(imp["target"])
    solved = [g for g in imp["groups"] if g["delta"] is not None]
    assert solved
    for g in solved:
        j = [k.code for k in root.children].index(g["code"])
        for delta, lifted in ((g["delta"], True), (g["delta"] * (1 - 1e-6) - 1e-9, False)):
            m = table.copy()
            m[i, j] += delta
            out = aggregate(m, w, agg or fw.method_for(root))
            assert bool(out[i] > out[t]) == lifted


def test_pca_and_equal_weights_and_effective_weights():
    fw = load_framework("city")
    panel = sample_panel(fw, n_units=30, seed=1, missing=0.0)
    res = compute(fw, panel, Options(weights="pca"))
    w = res.weights[res.years[-1]]
    for node in fw.aggregates:
        assert sum(w[c.code] for c in node.children) == pytest.approx(1.0)
    eq = compute(fw, panel, Options(weights="equal"))
    assert all(v == 1.0 for v in eq.weights[eq.years[-1]].values())
    ew = res.effective_weights()
    assert set(ew) == {i.code for i in fw.indicators}
    assert all(-1 <= v["correlation"] <= 1 for v in ew.values())


def test_missing_data_and_zeros_never_break_geometric(small_framework, small_table):
    t = small_table.astype(object)
    t.loc[0, "a1"] = ""
    res = compute(small_framework, load_data(t, small_framework), Options(aggregate="gmean", impute="none"))
    assert np.isfinite(res.scores[2020]["IDX"]).all()


def test_outlier_treatment_is_reported():
    fw = load_framework("torch2021")
    panel = sample_panel(fw, n_units=60, seed=2, missing=0.0)
    res = compute(fw, panel, Options(outliers=True))
    rep = [r for r in res.reports if r["step"] == "outliers"][0]
    assert rep["treated"] and {"year", "indicator", "action"} <= set(rep["treated"][0])


def test_group_direction_reverses_scores(small_framework, small_table):
    base = compute(small_framework, load_data(small_table, small_framework))
    flipped_fw = type(small_framework).from_dict(small_framework.to_dict())
    flipped_fw.node("A").direction = -1
    flipped = compute(flipped_fw, load_data(small_table, flipped_fw))
    np.testing.assert_allclose(flipped.scores[2021]["A"], 100 - base.scores[2021]["A"])


def test_sparse_year_does_not_crash():
    fw = load_framework("city")
    panel = sample_panel(fw, n_units=10, seed=4, missing=0.0)
    panel.values[0, :, 2] = np.nan  # nobody reports ECO.3 in the first year
    panel.values[1, 4, :] = np.nan  # one unit reports nothing in the second year
    res = compute(fw, panel, Options(impute="none"))
    first, second = res.years[0], res.years[1]
    assert np.isfinite(res.scores[first]["CITY"]).all()
    assert np.isnan(res.scores[second]["CITY"].iloc[4])
    assert res.ranks[second]["CITY"].iloc[4] == 10  # no data ranks last
    filled = compute(fw, panel, Options(impute="linear"))
    assert np.isfinite(filled.scores[second]["CITY"]).all()


def test_rank_desc_matches_scipy_min_ranks_with_ties_and_nan():
    from scipy.stats import rankdata

    from parkpulse.rank.results import rank_desc

    rng = np.random.default_rng(0)
    x = rng.integers(0, 5, size=(50, 9)).astype(float)
    x[rng.random(x.shape) < 0.1] = np.nan
    want = rankdata(-np.where(np.isnan(x), -np.inf, x), method="min", axis=1)
    np.testing.assert_array_equal(rank_desc(x, axis=1), want)
    np.testing.assert_array_equal(rank_desc(x.T, axis=0), want.T)
    assert list(rank_desc(np.array([3.0, np.nan, 5.0, 3.0]))) == [2, 4, 1, 2]


def test_aggregation_chosen_per_level_and_per_node():
    from scipy.stats import gmean, hmean

    fw = load_framework("city")  # level 3 (the index) is geometric, groups arithmetic
    fw.node("INN").aggregate = "hmean"
    panel = sample_panel(fw, n_units=15, seed=9, missing=0.0)
    for ind in fw.indicators:
        ind.normalise = "minmax:1,100"  # strictly positive: exact means, no zero shift
    s = compute(fw, panel).scores[panel.years[-1]]
    kids = [c.code for c in fw.node("ECO").children]
    w = [c.weight for c in fw.node("ECO").children]
    np.testing.assert_allclose(s["ECO"], (s[kids] * w).sum(axis=1) / sum(w))
    inn = [c.code for c in fw.node("INN").children]
    np.testing.assert_allclose(s["INN"], hmean(s[inn], axis=1, weights=[c.weight for c in fw.node("INN").children]))
    top = [g.code for g in fw.groups]
    np.testing.assert_allclose(s["CITY"], gmean(s[top], axis=1, weights=[g.weight for g in fw.groups]))
