"""Screening by data availability and imputation of missing values, each step reported.

Methods: ``none``; ``mean`` / ``median`` (over units, per year and indicator);
``group_mean:COL`` / ``group_median:COL`` (over the units sharing the unit's label in group
column COL, falling back to all units when the group has no value); ``linear`` (per unit and
indicator over years: linear between observed years, the nearest observed year before the
first or after the last, and the cross-sectional mean when the unit never reports it).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np

from parkpulse.rank.data import Panel

METHODS = ("none", "mean", "median", "group_mean", "group_median", "linear")


@dataclass
class Report:
    step: str
    details: dict = field(default_factory=dict)

    def as_dict(self):
        return {"step": self.step, **self.details}


def parse_imputation(spec: str) -> tuple[str, str | None]:
    name, _, col = (spec or "none").strip().partition(":")
    name = name.strip().lower()
    if name not in METHODS:
        raise ValueError(f"未知插补方法 (unknown imputation) {spec!r}; choose from {', '.join(METHODS)}")
    if name.startswith("group_") and not col:
        raise ValueError(f"{name} 需要分组列 (needs a group column: {name}:COLUMN)")
    return name, (col.strip() or None)


def screen(panel: Panel, min_coverage: float = 0.0) -> tuple[Panel, Report]:
    """Drop units whose share of available values (over all years) is below ``min_coverage``."""
    cov = 1.0 - np.isnan(panel.values).mean(axis=(0, 2))
    keep = [u for u, c in zip(panel.units, cov, strict=True) if c >= min_coverage]
    dropped = {u: round(float(c), 4) for u, c in zip(panel.units, cov, strict=True) if c < min_coverage}
    return panel.subset(keep), Report("screen", {"min_coverage": min_coverage, "dropped": dropped})


def _fill_cross(x: np.ndarray, how: str) -> np.ndarray:
    """Fill NaN in each (units × indicators) slice with the column mean/median."""
    with warnings.catch_warnings():  # an all-missing column stays missing, quietly
        warnings.simplefilter("ignore", RuntimeWarning)
        stat = np.nanmean(x, axis=-2, keepdims=True) if how == "mean" else np.nanmedian(x, axis=-2, keepdims=True)
    return np.where(np.isnan(x), stat, x)


def _interpolate_years(v: np.ndarray, years: np.ndarray) -> np.ndarray:
    """Column-wise over axis 0: linear between observed years, nearest beyond them; all at once."""
    T = v.shape[0]
    obs = ~np.isnan(v)
    idx = np.arange(T)[:, None]
    prev = np.maximum.accumulate(np.where(obs, idx, -1), axis=0)
    nxt = np.minimum.accumulate(np.where(obs, idx, T)[::-1], axis=0)[::-1]
    has_prev, has_next = prev >= 0, nxt < T
    p, n = np.clip(prev, 0, T - 1), np.clip(nxt, 0, T - 1)
    vp, vn = np.take_along_axis(v, p, 0), np.take_along_axis(v, n, 0)
    yp, yn, yt = years[p], years[n], np.broadcast_to(years[:, None], v.shape)
    with np.errstate(invalid="ignore", divide="ignore"):
        between = vp + (vn - vp) * (yt - yp) / np.where(yn == yp, 1.0, yn - yp)
    out = np.where(has_prev & has_next, between, np.where(has_prev, vp, np.where(has_next, vn, np.nan)))
    return np.where(obs, v, out)


def impute(panel: Panel, spec: str = "none") -> tuple[Panel, Report]:
    name, col = parse_imputation(spec)
    v = panel.values.copy()
    missing_before = np.isnan(v)
    if name in ("mean", "median"):
        v = _fill_cross(v, name)
    elif name.startswith("group_"):
        if col not in panel.groups:
            raise ValueError(f"数据中没有分组列 {col!r} (group column not in data: {sorted(panel.groups)})")
        labels = np.array([panel.groups[col].get(u, "") for u in panel.units])
        how = name.split("_")[1]
        overall = _fill_cross(panel.values, how)  # from observed values only, not imputed ones
        for lab in np.unique(labels):
            idx = np.where(labels == lab)[0]
            v[:, idx, :] = _fill_cross(v[:, idx, :], how)
        v = np.where(np.isnan(v), overall, v)  # groups with no value at all
    elif name == "linear":
        T, N, K = v.shape
        v = _interpolate_years(v.reshape(T, N * K), np.asarray(panel.years, dtype=float)).reshape(T, N, K)
        v = _fill_cross(v, "mean")
    filled = missing_before & ~np.isnan(v)
    per_ind = {ind: int(filled[:, :, j].sum()) for j, ind in enumerate(panel.indicators) if filled[:, :, j].any()}
    out = Panel(list(panel.units), dict(panel.names), list(panel.years), list(panel.indicators), v, panel.groups)
    return out, Report("impute", {"method": spec, "imputed": int(filled.sum()),
                                  "still_missing": int(np.isnan(v).sum()), "by_indicator": per_ind})
