"""Every normalisation against values worked out by hand."""

import numpy as np
import pytest

from parkpulse.rank.normalise import normalise, normalise_table, parse_normalisation

X = np.array([2.0, 4.0, 6.0, 10.0])


def close(a, b):
    np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)


def test_minmax_default_and_range():
    close(normalise(X, "minmax"), [0, 25, 50, 100])
    close(normalise(X, "minmax:1,10"), [1, 3.25, 5.5, 10])


def test_minmax_lower_is_better_flips():
    close(normalise(X, "minmax", direction=-1), [100, 75, 50, 0])


def test_zscore_uses_sample_sd():
    # mean 5.5, sample sd sqrt(((3.5)^2+(1.5)^2+(0.5)^2+(4.5)^2)/3) = sqrt(35/3)
    sd = np.sqrt(35 / 3)
    close(normalise(X, "zscore"), (X - 5.5) / sd)
    close(normalise(X, "zscore:10,2"), 10 + 2 * (X - 5.5) / sd)


def test_rank_and_prank_use_min_ties_like_coinr():
    y = np.array([3.0, 1.0, 3.0, 2.0])
    close(normalise(y, "rank"), [3, 1, 3, 2])
    # percent rank = (min rank - 1) / (n - 1): min ranks 3,1,3,2
    close(normalise(y, "prank"), [2 / 3, 0, 2 / 3, 1 / 3])


def test_distance_to_max_reference_and_target():
    close(normalise(X, "dist2max"), [0, 0.25, 0.5, 1])
    # reference unit "c" (6): 1 - (6 - x) / (6 - 2)
    close(normalise(X, "dist2ref:c", units=["a", "b", "c", "d"]), [0, 0.5, 1, 2])
    # target 8: (x - 2) / (8 - 2), capped at 1 when asked
    close(normalise(X, "dist2targ:8"), [0, 1 / 3, 2 / 3, 4 / 3])
    close(normalise(X, "dist2targ:8,cap"), [0, 1 / 3, 2 / 3, 1])
    # lower is better, target 4: (max - x) / (max - targ) = (10 - x) / 6
    close(normalise(X, "dist2targ:4", direction=-1), [8 / 6, 1, 4 / 6, 0])


def test_goalposts_truncate_and_flip():
    close(normalise(X, "goalposts:3,8,100"), [0, 20, 60, 100])
    # negative direction: (x - hi) / (lo - hi)
    close(normalise(X, "goalposts:3,8,100", direction=-1), [100, 80, 40, 0])


def test_missing_values_stay_missing_and_constant_column_is_safe():
    y = np.array([1.0, np.nan, 3.0])
    out = normalise(y, "minmax")
    assert np.isnan(out[1]) and out[0] == 0 and out[2] == 100
    const = np.array([5.0, 5.0, 5.0])
    close(normalise(const, "minmax"), [50, 50, 50])
    close(normalise(const, "zscore"), [0, 0, 0])
    assert np.isfinite(normalise(const, "dist2max")).all()


def test_table_applies_specs_directions_and_multipliers():
    x = np.column_stack([X, X])
    out = normalise_table(x, ["minmax", "dist2max"], [1, -1], [1.2, 1.0])
    close(out[:, 0], np.array([0, 25, 50, 100]) * 1.2)
    close(out[:, 1], [1, 0.75, 0.5, 0])


@pytest.mark.parametrize("spec", ["foo", "minmax:5,1", "zscore:0,-1", "goalposts:1", "dist2targ", "rank:3", "dist2ref"])
def test_bad_specs_name_the_problem(spec):
    with pytest.raises(ValueError) as exc:
        parse_normalisation(spec)
    assert spec.split(":")[0] in str(exc.value) or "dist2ref" in str(exc.value)
