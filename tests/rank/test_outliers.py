"""The winsorisation rule (skew > 2 and kurtosis > 3.5) and its log fallback."""

import numpy as np

from parkpulse.rank.outliers import skew_kurt, treat_column


def test_one_extreme_point_is_winsorised_to_the_next_value():
    x = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 500.0])
    s, k = skew_kurt(x)
    assert s > 2 and k > 3.5
    y, rep = treat_column(x)
    assert rep["action"] == "winsorise" and rep["points"] == 1
    assert y.max() == 19 and np.array_equal(y[:-1], x[:-1])
    s2, k2 = skew_kurt(y)
    assert not (abs(s2) > 2 and k2 > 3.5)


def test_heavy_tail_beyond_winmax_falls_back_to_log():
    x = np.concatenate([np.ones(30), [1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8]])
    y, rep = treat_column(x, winmax=2)
    assert rep["action"] == "log"
    assert np.all(np.diff(y[np.argsort(x, kind="stable")]) >= 0)  # order of units kept
    assert np.isfinite(y).all()


def test_skew_and_kurtosis_are_the_sample_adjusted_estimators():
    # x = 1, 2, 3, 10: deviations -3, -2, -1, 6; sums of powers 2: 50, 3: 180, 4: 1394
    # G1 = sqrt(4) * 180 / 50**1.5 * sqrt(4 * 3) / 2 = 1.763633
    # G2 = ((5) * (4 * 1394 / 2500 - 3) + 6) * 3 / (2 * 1) = 3.228
    s, k = skew_kurt(np.array([1.0, 2.0, 3.0, 10.0]))
    assert round(s, 6) == 1.763633 and round(k, 6) == 3.228


def test_well_behaved_column_is_untouched():
    x = np.linspace(0, 1, 20)
    y, rep = treat_column(x)
    assert rep is None and y is x
