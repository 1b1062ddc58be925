"""Imputation and screening on hand-made panels."""

import numpy as np
import pytest

from parkpulse.rank.data import Panel
from parkpulse.rank.impute import impute, screen

nan = np.nan


def panel(values, years=(2020,), groups=None):
    v = np.asarray(values, dtype=float)
    units = [f"u{i}" for i in range(v.shape[1])]
    return Panel(units, {u: u for u in units}, list(years), [f"i{k}" for k in range(v.shape[2])], v, groups or {})


def test_mean_and_median_per_year_and_indicator():
    p = panel([[[1.0], [2.0], [9.0], [nan]]])
    assert impute(p, "mean")[0].values[0, 3, 0] == 4.0
    assert impute(p, "median")[0].values[0, 3, 0] == 2.0
    assert impute(p, "none")[0].values[0, 3, 0] != impute(p, "none")[0].values[0, 3, 0]  # still NaN


def test_group_mean_uses_the_units_group_and_falls_back():
    p = panel([[[1.0], [3.0], [10.0], [nan], [nan], [20.0]]],
              groups={"region": {"u0": "东", "u1": "东", "u3": "东", "u2": "西", "u5": "西", "u4": "北"}})
    out, rep = impute(p, "group_mean:region")
    assert out.values[0, 3, 0] == 2.0  # mean of 东 = (1 + 3) / 2
    assert out.values[0, 4, 0] == pytest.approx(34 / 4)  # 北 has no value: overall mean of 1, 3, 10, 20
    assert rep.details["imputed"] == 2


def test_linear_over_years_interior_edges_and_never_observed():
    # unit 0: 2020=1, 2021=?, 2023=7  -> 2021 on the line through (2020,1),(2023,7) = 3; 2022 = 5
    # unit 1: only 2021=4 -> every year 4 (nearest observed)
    # unit 2: never observed -> cross-sectional mean of that year
    v = np.full((4, 3, 1), nan)
    v[0, 0, 0], v[3, 0, 0] = 1, 7
    v[1, 1, 0] = 4
    out, rep = impute(panel(v, years=(2020, 2021, 2022, 2023)), "linear")
    np.testing.assert_allclose(out.values[:, 0, 0], [1, 3, 5, 7])
    np.testing.assert_allclose(out.values[:, 1, 0], [4, 4, 4, 4])
    np.testing.assert_allclose(out.values[:, 2, 0], [2.5, 3.5, 4.5, 5.5])
    assert rep.details["still_missing"] == 0


def test_linear_respects_uneven_year_spacing():
    v = np.array([[[0.0]], [[nan]], [[10.0]]])
    out, _ = impute(panel(v, years=(2010, 2011, 2020)), "linear")
    assert out.values[1, 0, 0] == pytest.approx(1.0)


def test_screen_drops_sparse_units_and_reports():
    p = panel([[[1.0, nan], [2.0, 3.0], [nan, nan]]])
    out, rep = screen(p, 0.5)
    assert out.units == ["u0", "u1"]
    assert rep.details["dropped"] == {"u2": 0.0}


def test_unknown_method_is_named():
    with pytest.raises(ValueError, match="unknown imputation"):
        impute(panel([[[1.0]]]), "kriging")
