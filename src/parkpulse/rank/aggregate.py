"""Aggregation of child scores into a parent score, vectorised over Monte Carlo replications.

Arrays are ``(N, k)`` (units × children) or ``(R, N, k)`` (replications × units × children);
weights are ``(k,)`` or ``(R, k)``. Missing children are skipped and the remaining weights
renormalised (COINr's ``na.rm``); a unit with no child at all gets NaN.

Zeros and negatives (``amean`` never needs this): the geometric, harmonic and generalised
means are only defined for positive values, yet min-max puts the worst unit at exactly 0 and
z-scores are negative. When the smallest value at a node is <= 0, every value at that node
(all units, all children, per replication) is shifted up by ``s = -min + 1% of the range``
(``1`` when all values are equal), the mean is taken, and ``s`` is subtracted again. The
result stays on the children's scale, keeps the ordering the method implies, and is never
NaN or infinite. With all values > 0 no shift happens and the means are exact.

Copeland: unit i beats unit j when the weighted vote ``sum_k w_k * sign(x_ik - x_jk)`` is
positive; the score is wins minus losses over all other units (ties count 0).

Outrank (COINr's ``a_copeland``): the row sums of COINr's outranking matrix, where
``O_ij = sum_k w_k [x_ik > x_jk] + 0.5 * sum_k w_k [x_ik == x_jk]`` with weights scaled to sum
to 1 (pairs with a missing value contribute nothing). Use it to reproduce COINr's numbers.
"""

from __future__ import annotations

import numpy as np

METHODS = ("amean", "gmean", "hmean", "pmean", "copeland", "outrank")
ALIASES = {"arithmetic": "amean", "mean": "amean", "geometric": "gmean", "harmonic": "hmean",
           "generalised": "pmean", "generalized": "pmean", "power": "pmean"}


def parse_aggregation(spec: str) -> tuple[str, float | None]:
    if not isinstance(spec, str) or not spec.strip():
        raise ValueError(f"汇总方法为空 (empty aggregation): {spec!r}")
    name, _, rest = spec.strip().partition(":")
    name = ALIASES.get(name.strip().lower(), name.strip().lower())
    if name not in METHODS:
        raise ValueError(f"未知汇总方法 (unknown aggregation) {spec!r}; choose from {', '.join(METHODS)}")
    if name == "pmean":
        try:
            p = float(rest) if rest.strip() else 2.0
        except ValueError:
            raise ValueError(f"pmean 的幂必须是数字 (power must be a number): {spec!r}") from None
        return name, p
    if rest.strip():
        raise ValueError(f"{name} 不带参数 (takes no parameters): {spec!r}")
    return name, None


def _prep(values, weights):
    v = np.asarray(values, dtype=float)
    squeeze = v.ndim == 2
    if squeeze:
        v = v[None]
    w = np.asarray(weights, dtype=float)
    if w.ndim == 1:
        w = np.broadcast_to(w, (v.shape[0], w.shape[0]))
    return v, w, squeeze


def _weighted_mean(v, w):
    """NaN-aware weighted mean over the last axis: (R|1, N, k), (R, k) -> (R, N)."""
    shared = v.shape[0] == 1 and w.shape[0] != 1
    nan = np.isnan(v)
    complete = not nan.any()
    filled = v if complete else np.where(nan, 0.0, v)
    # einsum's own loops, not BLAS: with k of 2-10 children BLAS gains nothing, and its
    # threads collapse on a loaded machine (8x slower measured on the shared 2-core box)
    if shared:
        # inputs shared by every replication: no (R, N, k) copy
        num = np.einsum("nk,rk->rn", filled[0], w)
    else:
        num = np.einsum("rnk,rk->rn", filled, w)
    if complete:
        den = np.broadcast_to(w.sum(axis=1)[:, None], num.shape)
    elif shared:
        den = np.einsum("nk,rk->rn", (~nan[0]).astype(float), w)
    else:
        den = np.einsum("rnk,rk->rn", (~nan).astype(float), w)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


def _shift(v):
    """Per-replication shift making every value positive (0 when they already are)."""
    flat = v.reshape(v.shape[0], -1)
    with np.errstate(invalid="ignore"):
        lo = np.nanmin(np.where(np.isnan(flat), np.inf, flat), axis=1)
        hi = np.nanmax(np.where(np.isnan(flat), -np.inf, flat), axis=1)
    lo = np.where(np.isfinite(lo), lo, 1.0)
    hi = np.where(np.isfinite(hi), hi, 1.0)
    rng = hi - lo
    pad = np.where(rng > 0, 0.01 * rng, 1.0)
    # A minimum that is zero up to rounding (2e-16 where 0 was meant, e.g. after scaling the
    # weights) is shifted as zero is: otherwise the shift, and every score, jumps with it.
    scale = np.maximum(np.abs(lo), np.abs(hi))
    positive = lo > 1e-12 * np.where(scale > 0, scale, 1.0)
    return np.where(positive, 0.0, -lo + pad)[:, None, None]


def aggregate(values, weights, method: str = "amean") -> np.ndarray:
    """Combine children (last axis) into one score per unit; see the module docstring."""
    name, p = parse_aggregation(method)
    v, w, squeeze = _prep(values, weights)
    if name == "amean":
        out = _weighted_mean(v, w)
    elif name in ("copeland", "outrank"):
        out = _copeland(v, w, outrank=name == "outrank")
    else:
        s = _shift(v)
        x = v + s
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            if name == "gmean" or (name == "pmean" and p == 0):
                out = np.exp(_weighted_mean(np.log(x), w))
            elif name == "hmean" or (name == "pmean" and p == -1):
                out = 1.0 / _weighted_mean(1.0 / x, w)
            else:
                out = _weighted_mean(x ** p, w) ** (1.0 / p)
        out = out - s[:, :, 0]
    return out[0] if squeeze else out


def _pair_scores(sgn, w, outrank):
    """(r, N, N, k) or (N, N, k) comparison signs, (r, k) weights -> (r, N) scores."""
    if outrank:
        valid = sgn != 2  # NaN comparisons are coded 2
        pref = np.where(valid, (sgn + 1) / 2, 0.0)
        wn = w / w.sum(axis=1, keepdims=True)
        if sgn.ndim == 3:
            o = np.einsum("ijk,rk->rij", pref, wn)
        else:
            o = np.einsum("rijk,rk->rij", pref, wn)
        n = o.shape[-1]
        o[:, np.arange(n), np.arange(n)] = 0.0
        return o.sum(axis=2)
    s = np.where(sgn == 2, 0.0, sgn)
    votes = np.einsum("ijk,rk->rij", s, w) if sgn.ndim == 3 else np.einsum("rijk,rk->rij", s, w)
    return np.sign(votes).sum(axis=2)


def _signs(a, b):
    with np.errstate(invalid="ignore"):
        d = a - b
    return np.where(np.isnan(d), 2.0, np.sign(d))


def _copeland(v, w, budget: float = 2e7, outrank: bool = False):
    _, N, k = v.shape
    R = w.shape[0]
    out = np.empty((R, N))
    shared = v.shape[0] == 1 or np.array_equal(v, np.broadcast_to(v[:1], v.shape), equal_nan=True)
    if shared:
        # one (N, N, k) comparison tensor serves every replication's weights
        x = v[0]
        sgn = _signs(x[:, None, :], x[None, :, :])
        step = max(1, int(budget // max(1, N * N)))
        for a in range(0, R, step):
            out[a:a + step] = _pair_scores(sgn, w[a:a + step], outrank)
        return out
    step = max(1, int(budget // max(1, N * N * k)))
    for a in range(0, R, step):
        x = v[a:a + step]
        out[a:a + step] = _pair_scores(_signs(x[:, :, None, :], x[:, None, :, :]), w[a:a + step], outrank)
    return out
