"""Monte Carlo and Sobol: reproducible, vectorised equal to one-at-a-time, parameters stored."""

import numpy as np
import pytest

from parkpulse.rank import Options, load_framework, monte_carlo
from parkpulse.rank.results import compute_year, rank_desc
from parkpulse.rank.sample import sample_panel


@pytest.fixture(scope="module")
def setup():
    fw = load_framework("city")
    return fw, sample_panel(fw, n_units=25, seed=11, missing=0.03)


def test_same_seed_same_result_other_seed_differs(setup):
    fw, panel = setup
    a = monte_carlo(fw, panel, n=300, seed=5)
    b = monte_carlo(fw, panel, n=300, seed=5)
    c = monte_carlo(fw, panel, n=300, seed=6)
    assert np.array_equal(a.ranks, b.ranks) and not np.array_equal(a.ranks, c.ranks)
    p = a.params
    assert p["seed"] == 5 and p["replications"] == 300 and p["data_sha256"]
    assert {"imputations", "normalisations", "aggregations", "weight_noise", "options"} <= set(p)


def test_vectorised_equals_a_loop_over_the_same_draws(setup):
    fw, panel = setup
    n, seed = 40, 9
    unc = monte_carlo(fw, panel, n=n, seed=seed, imputations=["mean", "median"],
                      normalisations=["minmax:0,100", "zscore:0,1"], aggregations=["framework", "hmean"])
    # replay the documented draws one replication at a time through the plain pipeline
    rng = np.random.default_rng(seed)
    codes = [c.code for c in fw.root.walk()]
    imp, norm, agg = rng.integers(2, size=n), rng.integers(2, size=n), rng.integers(2, size=n)
    noise = rng.uniform(0.75, 1.25, size=(n, len(codes)))
    from parkpulse.rank.impute import impute

    for r in range(n):
        p, _ = impute(panel, ["mean", "median"][imp[r]])
        w = {c: fw.node(c).weight * noise[r, k] for k, c in enumerate(codes)}
        o = Options(normalise=["minmax:0,100", "zscore:0,1"][norm[r]], aggregate=[None, "hmean"][agg[r]])
        df, _ = compute_year(fw, p.values[-1], p.units, o, weights=w)
        np.testing.assert_allclose(unc.scores[r], df[fw.root.code].to_numpy(), rtol=1e-9)
        assert np.array_equal(unc.ranks[r], rank_desc(df[fw.root.code].to_numpy()))


def test_no_uncertainty_means_no_spread(setup):
    fw, panel = setup
    unc = monte_carlo(fw, panel, n=50, seed=1, weight_noise=0.0, imputations=["mean"],
                      normalisations=["framework"], aggregations=["framework"], options=Options(impute="mean"))
    s = unc.summary()
    assert (s["median_rank"] == s["nominal_rank"]).all() and (s["q05"] == s["q95"]).all()


def test_interval_brackets_median(setup):
    fw, panel = setup
    s = monte_carlo(fw, panel, n=400, seed=2, options=Options(impute="mean")).summary()
    assert ((s["q05"] <= s["median_rank"]) & (s["median_rank"] <= s["q95"])).all()
    assert (s["q95"] - s["q05"]).max() > 0


def test_sobol_indices_for_each_uncertain_choice(setup):
    fw, panel = setup
    unc = monte_carlo(fw, panel, n=10, seed=3, sobol_samples=600, options=Options(impute="mean"))
    f = unc.sobol["factors"]
    assert set(f) == {"weights", "imputation", "normalisation", "aggregation"}
    for v in f.values():
        assert v["ST"] >= v["S1"] - 0.1  # total >= first order, up to estimator noise
    again = monte_carlo(fw, panel, n=10, seed=3, sobol_samples=600, options=Options(impute="mean"))
    assert again.sobol == unc.sobol
