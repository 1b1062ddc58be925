"""Normalisation of indicator columns (units along axis 0), following COINr's formulas.

Each method is named by a spec string: ``minmax[:LO,HI]``, ``zscore[:M,S]``, ``rank``,
``prank``, ``dist2max``, ``dist2ref:UNIT``, ``dist2targ:T[,cap]``, ``goalposts:LO,HI[,SCALE]``,
``none``. Direction -1 is applied COINr's way: the column and any value parameters (target,
goalposts) are negated first, so "higher is better" holds after normalisation. Missing values
stay missing. A column with no spread (every unit equal) gets the middle of the target range
(minmax), the mean (zscore) or 1 (distance methods), never a division by zero.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import rankdata

METHODS = ("minmax", "zscore", "rank", "prank", "dist2max", "dist2ref", "dist2targ", "goalposts", "none")
ALIASES = {"min-max": "minmax", "z": "zscore", "z-score": "zscore", "percentile": "prank",
           "percentile_rank": "prank", "distmax": "dist2max", "distref": "dist2ref",
           "target": "dist2targ", "dist2target": "dist2targ", "goalpost": "goalposts"}


def parse_normalisation(spec: str) -> tuple[str, tuple]:
    """``"minmax:0,100"`` -> ``("minmax", (0.0, 100.0))``; raise ValueError naming the problem."""
    if not isinstance(spec, str) or not spec.strip():
        raise ValueError(f"标准化方法为空 (empty normalisation): {spec!r}")
    name, _, rest = spec.strip().partition(":")
    name = ALIASES.get(name.strip().lower(), name.strip().lower())
    if name not in METHODS:
        raise ValueError(f"未知标准化方法 (unknown normalisation) {spec!r}; choose from {', '.join(METHODS)}")
    parts = [p.strip() for p in rest.split(",") if p.strip()] if rest else []
    if name == "dist2ref":
        if len(parts) != 1:
            raise ValueError("dist2ref 需要参照单位代码 (needs a reference unit: dist2ref:CODE)")
        return name, (parts[0],)
    try:
        nums = tuple(float(p) for p in parts if p.lower() not in ("cap", "nocap"))
    except ValueError:
        raise ValueError(f"标准化参数必须是数字 (parameters must be numbers): {spec!r}") from None
    flags = tuple(p.lower() for p in parts if p.lower() in ("cap", "nocap"))
    defaults = {"minmax": (0.0, 100.0), "zscore": (0.0, 1.0), "goalposts": None, "dist2targ": None}
    if name in ("minmax", "zscore"):
        nums = nums or defaults[name]
        if len(nums) != 2:
            raise ValueError(f"{name} 需要两个参数 (needs two parameters): {spec!r}")
        if name == "minmax" and not nums[0] < nums[1]:
            raise ValueError(f"minmax 区间必须 低<高 (range must be LO<HI): {spec!r}")
        if name == "zscore" and nums[1] <= 0:
            raise ValueError(f"zscore 标准差必须为正 (S must be positive): {spec!r}")
        return name, nums
    if name == "goalposts":
        if len(nums) not in (2, 3) or not nums[0] < nums[1]:
            raise ValueError(f"goalposts 需要 LO,HI[,SCALE] 且 LO<HI (needs LO,HI[,SCALE]): {spec!r}")
        return name, (nums[0], nums[1], nums[2] if len(nums) == 3 else 1.0)
    if name == "dist2targ":
        if len(nums) != 1:
            raise ValueError(f"dist2targ 需要目标值 (needs a target: dist2targ:T[,cap]): {spec!r}")
        return name, (nums[0], "cap" in flags)
    if nums:
        raise ValueError(f"{name} 不带参数 (takes no parameters): {spec!r}")
    return name, ()


def _div(num, den, fill):
    den = np.asarray(den, dtype=float)
    safe = np.where(den == 0, 1.0, den)
    return np.where(den == 0, fill, num / safe)


def normalise(x: np.ndarray, spec: str, direction: np.ndarray | int = 1,
              units: list[str] | None = None) -> np.ndarray:
    """Normalise every column of ``x`` (units × indicators) with one method.

    ``direction`` is a scalar or one value per column. ``units`` (codes, in row order) is only
    needed for ``dist2ref``.
    """
    name, params = parse_normalisation(spec)
    x = np.asarray(x, dtype=float)
    one_d = x.ndim == 1
    if one_d:
        x = x[:, None]
    d = np.broadcast_to(np.asarray(direction, dtype=float), (x.shape[1],))
    xd = x * d
    with np.errstate(invalid="ignore", divide="ignore"):
        out = _apply(name, params, xd, d, units)
    out = np.where(np.isnan(x), np.nan, out)
    return out[:, 0] if one_d else out


def _apply(name, params, x, d, units):
    all_nan = np.all(np.isnan(x), axis=0)
    if np.all(all_nan):
        return np.full_like(x, np.nan)
    x_safe = np.where(all_nan, 0.0, x)  # keep nan-reductions quiet on empty columns
    mn = np.nanmin(np.where(np.isnan(x), np.inf, x_safe), axis=0)
    mx = np.nanmax(np.where(np.isnan(x), -np.inf, x_safe), axis=0)
    mn = np.where(all_nan, 0.0, mn)
    mx = np.where(all_nan, 0.0, mx)
    if name == "none":
        return x * d  # raw values, direction undone
    if name == "minmax":
        lo, hi = params
        return lo + _div(x - mn, mx - mn, 0.5) * (hi - lo)
    if name == "zscore":
        m, s = params
        mean = np.nanmean(x_safe, axis=0)
        n = np.sum(~np.isnan(x), axis=0)
        sd = np.where(n > 1, np.nanstd(x_safe, axis=0, ddof=1) if x.shape[0] > 1 else 0.0, 0.0)
        sd = np.nan_to_num(sd)
        return m + s * _div(x - mean, sd, 0.0)
    if name == "rank":
        return rankdata(x, method="min", axis=0, nan_policy="omit")
    if name == "prank":
        r = rankdata(x, method="min", axis=0, nan_policy="omit")
        n = np.sum(~np.isnan(x), axis=0)
        return _div(r - 1, n - 1, 1.0)
    if name == "dist2max":
        return 1 - _div(mx - x, mx - mn, 0.0)
    if name == "dist2ref":
        code = params[0]
        if units is None or code not in units:
            raise ValueError(f"参照单位 {code!r} 不在数据中 (reference unit not in data)")
        ref = x[units.index(code)]
        return 1 - _div(ref - x, ref - mn, 0.0)
    if name == "dist2targ":
        targ, cap = params
        t = targ * d
        out = _div(x - mn, t - mn, 1.0)
        return np.minimum(out, 1.0) if cap else out
    if name == "goalposts":
        lo, hi, scale = params
        lo_d = np.where(d > 0, lo, -hi)
        hi_d = np.where(d > 0, hi, -lo)
        return np.clip((x - lo_d) / (hi_d - lo_d), 0.0, 1.0) * scale
    raise ValueError(name)  # pragma: no cover - parse_normalisation guards this


def normalise_table(x: np.ndarray, specs: list[str], directions: list[int],
                    multipliers: list[float] | None = None, units: list[str] | None = None) -> np.ndarray:
    """Normalise each column with its own spec, then scale by its multiplier."""
    x = np.asarray(x, dtype=float)
    out = np.empty_like(x)
    by_spec: dict[str, list[int]] = {}
    for j, s in enumerate(specs):
        by_spec.setdefault(s, []).append(j)
    d = np.asarray(directions, dtype=float)
    for s, cols in by_spec.items():
        out[:, cols] = normalise(x[:, cols], s, d[cols], units)
    if multipliers is not None:
        out = out * np.asarray(multipliers, dtype=float)
    return out
