"""Weights: manual (the framework's), equal, or PCA-based; and the effective-weights report.

PCA weights for a node are the squared loadings of the first principal component of the
correlation matrix of its children's scores (they sum to 1), the usual OECD/JRC recipe; a
node with one child, or children without spread, falls back to equal weights.
"""

from __future__ import annotations

import numpy as np

SCHEMES = ("manual", "equal", "pca")


def check_scheme(scheme: str) -> str:
    if scheme not in SCHEMES:
        raise ValueError(f"未知权重方案 (unknown weights) {scheme!r}; choose from {', '.join(SCHEMES)}")
    return scheme


def pca_weights(children: np.ndarray) -> np.ndarray:
    """(N, k) child scores -> k weights summing to 1."""
    x = np.asarray(children, dtype=float)
    k = x.shape[1]
    ok = ~np.isnan(x).any(axis=1)
    x = x[ok]
    if k == 1 or x.shape[0] < 3:
        return np.full(k, 1.0 / k)
    sd = x.std(axis=0)
    if np.any(sd == 0):
        return np.full(k, 1.0 / k)
    corr = np.corrcoef(x, rowvar=False)
    vals, vecs = np.linalg.eigh(corr)
    load = vecs[:, np.argmax(vals)]
    w = load ** 2
    return w / w.sum()


def effective_weights(index: np.ndarray, indicators: np.ndarray, codes: list[str]) -> dict[str, float]:
    """Pearson correlation of each (normalised) indicator with the index across units."""
    out = {}
    for j, code in enumerate(codes):
        a, b = indicators[:, j], index
        ok = ~(np.isnan(a) | np.isnan(b))
        if ok.sum() < 3 or a[ok].std() == 0 or b[ok].std() == 0:
            out[code] = float("nan")
        else:
            out[code] = float(np.corrcoef(a[ok], b[ok])[0, 1])
    return out
