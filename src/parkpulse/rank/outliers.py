"""Outlier treatment, COINr's rule: winsorise while |skewness| > 2 and kurtosis > 3.5, then log.

Skewness and kurtosis are the sample-adjusted (Excel, e1071 "type 2") estimators COINr uses.
A column is treated when both thresholds are exceeded. Winsorisation caps the most extreme
value on the skewed side at the next one, one point at a time, up to ``winmax`` points; if
the column still exceeds both thresholds, the winsorisation is undone and the column is
log-transformed instead: ``ln(x - min + r/100)`` for right skew (r = range), mirrored for
left skew (COINr's ``log_CT_plus``), which keeps the order of units. Qualitative scores are never treated. Each
treated (year, indicator) is reported with its statistics before and after.
"""

from __future__ import annotations

import numpy as np

from parkpulse.rank.data import Panel
from parkpulse.rank.framework import QUAL, Framework
from parkpulse.rank.impute import Report


def skew_kurt(x: np.ndarray) -> tuple[float, float]:
    """Sample skewness G1 and excess kurtosis G2 (as Excel and COINr); 0 when undefined."""
    x = x[~np.isnan(x)]
    n = x.size
    if n < 4:
        return 0.0, 0.0
    d = x - x.mean()
    s2 = np.sum(d ** 2)
    if s2 == 0:
        return 0.0, 0.0
    g1 = np.sqrt(n) * np.sum(d ** 3) / s2 ** 1.5
    skew = g1 * np.sqrt(n * (n - 1)) / (n - 2)
    r = n * np.sum(d ** 4) / s2 ** 2
    kurt = ((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3))
    return float(skew), float(kurt)


def _bad(x, skew_t, kurt_t):
    s, k = skew_kurt(x)
    return abs(s) > skew_t and k > kurt_t, s, k


def treat_column(x: np.ndarray, winmax: int = 5, skew_t: float = 2.0, kurt_t: float = 3.5):
    """Return (treated column, report dict or None when untouched)."""
    bad, s0, k0 = _bad(x, skew_t, kurt_t)
    if not bad:
        return x, None
    obs = np.sort(x[~np.isnan(x)])
    y = x.copy()
    right = s0 > 0
    for n in range(1, min(winmax, obs.size - 2) + 1):
        if right:
            y = np.minimum(y, obs[-1 - n])
        else:
            y = np.maximum(y, obs[n])
        bad, s, k = _bad(y, skew_t, kurt_t)
        if not bad:
            return y, {"action": "winsorise", "points": n, "skew_before": s0, "kurt_before": k0,
                       "skew_after": s, "kurt_after": k}
    lo, hi = obs[0], obs[-1]
    pad = (hi - lo) / 100.0 or 1.0
    y = np.log(x - lo + pad) if right else -np.log(hi - x + pad)
    s, k = skew_kurt(y)
    return y, {"action": "log", "points": 0, "skew_before": s0, "kurt_before": k0,
               "skew_after": s, "kurt_after": k}


def treat(panel: Panel, framework: Framework, winmax: int = 5, skew_t: float = 2.0,
          kurt_t: float = 3.5) -> tuple[Panel, Report]:
    v = panel.values.copy()
    kinds = {n.code: n.type for n in framework.indicators}
    treated = []
    for t, year in enumerate(panel.years):
        for j, ind in enumerate(panel.indicators):
            if kinds.get(ind) == QUAL:
                continue
            col, rep = treat_column(v[t, :, j], winmax, skew_t, kurt_t)
            if rep:
                v[t, :, j] = col
                treated.append({"year": year, "indicator": ind,
                                **{k: (round(x, 4) if isinstance(x, float) else x) for k, x in rep.items()}})
    out = Panel(list(panel.units), dict(panel.names), list(panel.years), list(panel.indicators), v, panel.groups)
    return out, Report("outliers", {"winmax": winmax, "skew_threshold": skew_t,
                                    "kurtosis_threshold": kurt_t, "treated": treated})
