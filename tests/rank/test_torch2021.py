"""The torch2021 preset: qualitative-score and multiplier paths."""

import numpy as np
import pandas as pd
import pytest

from parkpulse.rank import DataError, Options, compute, load_data, load_framework
from parkpulse.rank.sample import sample_panel


@pytest.fixture(scope="module")
def fw():
    return load_framework("torch2021")


def test_qualitative_scores_use_their_scale_not_the_data(fw):
    panel = sample_panel(fw, n_units=10, seed=4, missing=0.0)
    q = fw.node("T1.10")
    assert q.type == "qual"
    j = panel.indicators.index("T1.10")
    panel.values[-1, :, j] = np.linspace(40, 60, 10)
    res = compute(fw, panel, Options(normalise="rank"))  # the override leaves scores alone
    np.testing.assert_allclose(res.scores[res.years[-1]]["T1.10"], np.linspace(40, 60, 10))
    # a quantitative indicator did follow the override: ranks 1..10
    assert sorted(res.scores[res.years[-1]]["T1.3"]) == list(np.arange(1.0, 11.0))


def test_qualitative_score_outside_0_100_is_a_cell_error(fw):
    panel = sample_panel(fw, n_units=5, seed=4, missing=0.0)
    df = panel.to_frame()
    df.loc[2, "T5.9"] = 130
    with pytest.raises(DataError) as exc:
        load_data(df, fw, filename="zones.csv")
    assert [(i.row, i.column) for i in exc.value.issues] == [(4, "T5.9")]


def test_multiplier_scales_the_normalised_indicator(fw):
    panel = sample_panel(fw, n_units=10, seed=8, missing=0.0)
    res = compute(fw, panel, Options())
    s = res.scores[res.years[-1]]
    assert s["T1.1"].max() == pytest.approx(80.0)  # published 赋权 0.8 on a 0-100 min-max
    assert s["T1.2"].max() == pytest.approx(120.0)  # published 赋权 1.2
    kids = [c.code for c in fw.node("T1").children]
    np.testing.assert_allclose(s["T1"], s[kids].mean(axis=1))
    top = pd.Series({g.code: g.weight for g in fw.groups})
    np.testing.assert_allclose(s["TORCH"], (s[top.index] * top).sum(axis=1) / top.sum())
