"""Every aggregation against hand-computed values; zeros never crash or give NaN."""

import numpy as np
import pytest

from parkpulse.rank.aggregate import aggregate

V = np.array([[1.0, 4.0], [2.0, 8.0], [9.0, 1.0]])
W = np.array([1.0, 3.0])


def close(a, b):
    np.testing.assert_allclose(a, b, rtol=1e-10)


def test_arithmetic():
    close(aggregate(V, W, "amean"), [(1 + 12) / 4, (2 + 24) / 4, (9 + 3) / 4])


def test_geometric_positive_is_exact():
    close(aggregate(V, W, "gmean"), [4 ** 0.75, 2 ** 0.25 * 8 ** 0.75, 9 ** 0.25])


def test_harmonic_and_generalised():
    close(aggregate(V, W, "hmean"), [4 / (1 + 3 / 4), 4 / (1 / 2 + 3 / 8), 4 / (1 / 9 + 3)])
    close(aggregate(V, W, "pmean:2"), np.sqrt([(1 + 3 * 16) / 4, (4 + 3 * 64) / 4, (81 + 3) / 4]))
    # power 1 is the arithmetic mean, power 0 the geometric one
    close(aggregate(V, W, "pmean:1"), aggregate(V, W, "amean"))
    close(aggregate(V, W, "pmean:0"), aggregate(V, W, "gmean"))


def test_geometric_with_zero_uses_documented_shift():
    v = np.array([[0.0, 100.0], [50.0, 50.0], [100.0, 0.0]])
    out = aggregate(v, [1, 1], "gmean")
    # min 0, range 100 -> shift s = 1: sqrt(1 * 101) - 1, 51 - 1, sqrt(101 * 1) - 1
    close(out, [np.sqrt(101) - 1, 50, np.sqrt(101) - 1])
    assert np.isfinite(aggregate(v - 30, [1, 1], "gmean")).all()
    assert np.isfinite(aggregate(v, [1, 1], "hmean")).all()
    assert np.isfinite(aggregate(np.zeros((3, 2)), [1, 1], "gmean")).all()


def test_copeland_counts_weighted_pairwise_wins():
    # unit0 vs unit1: child0 1<2 (w1), child1 4<8 (w3) -> loses; unit0 vs unit2: 1<9 (w1), 4>1 (w3) -> wins
    # unit1 beats unit2 (8>1 with weight 3) -> scores: u0 = 1-1 = 0, u1 = 2, u2 = -2
    close(aggregate(V, W, "copeland"), [0, 2, -2])


def test_outrank_reproduces_coinr_a_copeland():
    # weights scaled to 1/4, 3/4; O_01 = 0 (u0 loses both), O_02 = 3/4 (wins child1),
    # O_10 = 1, O_12 = 3/4, O_20 = 1/4, O_21 = 1/4; row sums:
    close(aggregate(V, W, "outrank"), [0.75, 1.75, 0.5])
    tie = np.array([[1.0, 2.0], [1.0, 3.0]])
    close(aggregate(tie, [1, 1], "outrank"), [0.25, 0.75])


def test_missing_children_renormalise_weights_and_all_missing_is_nan():
    v = np.array([[np.nan, 4.0], [2.0, 8.0], [np.nan, np.nan]])
    out = aggregate(v, W, "amean")
    assert out[0] == 4.0 and out[1] == (2 + 24) / 4 and np.isnan(out[2])


@pytest.mark.parametrize("method", ["amean", "gmean", "hmean", "pmean:3", "copeland", "outrank"])
def test_vectorised_replications_match_one_at_a_time(method):
    rng = np.random.default_rng(0)
    v = rng.uniform(0, 100, (6, 4))
    w = rng.uniform(0.5, 2, (5, 4))
    batch = aggregate(v[None], w, method)
    for r in range(5):
        close(batch[r], aggregate(v, w[r], method))
    per_rep = rng.uniform(0, 100, (5, 6, 4))
    batch = aggregate(per_rep, w, method)
    for r in range(5):
        close(batch[r], aggregate(per_rep[r], w[r], method))


def test_unknown_method():
    with pytest.raises(ValueError, match="unknown aggregation"):
        aggregate(V, W, "median")
