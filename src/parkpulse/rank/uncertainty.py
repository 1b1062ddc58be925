"""Uncertainty and sensitivity: vectorised Monte Carlo over the modeller's choices, and Sobol.

Uncertain choices: weights (every node weight multiplied by an independent
``U(1 - noise, 1 + noise)`` factor), the imputation method, the normalisation of quantitative
indicators and the aggregation method (applied at every level). Each replication draws one
of each. Replications sharing the same (imputation, normalisation, aggregation) triple are
computed together as arrays: the cost is a few matrix products per tree node, not a Python
loop per replication.

Sobol indices (SALib, Saltelli/Jansen estimators) treat each choice as one factor in [0, 1)
mapped to an alternative (weights map to one of a bank of perturbed weight sets); the model
output is the mean absolute rank shift from the nominal ranking over all units, COINr's
choice. Everything is drawn from one seed and the full parameter set is returned, so a run
can be stored and repeated exactly.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from parkpulse.rank.aggregate import parse_aggregation
from parkpulse.rank.data import Panel
from parkpulse.rank.framework import Framework
from parkpulse.rank.impute import impute, parse_imputation
from parkpulse.rank.normalise import parse_normalisation
from parkpulse.rank.outliers import treat
from parkpulse.rank.results import (
    Options,
    compute_year,
    evaluate,
    node_methods,
    normalised,
    rank_desc,
)

FRAMEWORK = "framework"  # the framework's own choices (per-indicator normalisation, per-level aggregation)


@dataclass
class Uncertainty:
    units: list[str]
    names: dict[str, str]
    nominal_rank: np.ndarray
    ranks: np.ndarray  # (R, N)
    scores: np.ndarray  # (R, N)
    params: dict
    sobol: dict = field(default_factory=dict)

    def summary(self) -> pd.DataFrame:
        q05, med, q95 = np.percentile(self.ranks, [5, 50, 95], axis=0, method="linear")
        df = pd.DataFrame({
            "code": self.units, "name": [self.names[u] for u in self.units],
            "nominal_rank": self.nominal_rank, "median_rank": med, "q05": q05, "q95": q95,
            "mean_abs_shift": np.abs(self.ranks - self.nominal_rank).mean(axis=0),
        })
        return df.sort_values(["median_rank", "nominal_rank"]).reset_index(drop=True)


def _data_hash(panel: Panel) -> str:
    h = hashlib.sha256()
    h.update("|".join(panel.units).encode())
    h.update("|".join(panel.indicators).encode())
    h.update(np.nan_to_num(panel.values, nan=-1.2345e300).tobytes())
    return h.hexdigest()[:16]


class Model:
    """Precomputes every (imputation, normalisation) alternative once, then evaluates batches."""

    def __init__(self, framework: Framework, panel: Panel, year: int | None, options: Options,
                 imputations: list[str], normalisations: list[str], aggregations: list[str]):
        self.framework = framework
        self.options = options
        self.t = panel.year_index(year)
        self.year = panel.years[self.t]
        self.units = list(panel.units)
        self.codes = [n.code for n in framework.root.walk()]
        for s in imputations:
            parse_imputation(s)
        for s in normalisations:
            if s != FRAMEWORK:
                parse_normalisation(s)
        for s in aggregations:
            if s != FRAMEWORK:
                parse_aggregation(s)
        if max(len(imputations), len(normalisations), len(aggregations)) > 99:
            raise ValueError("每类备选方法最多 99 个 (at most 99 alternatives per choice)")
        self.imputations, self.normalisations, self.aggregations = imputations, normalisations, aggregations
        self._cache: dict[str, np.ndarray] = {}
        nominal, w = compute_year(framework, self._prepared(panel, options.impute), self.units, options)
        self.base_w = np.array([w[c] for c in self.codes])
        self.nominal_scores = nominal[framework.root.code].to_numpy()
        self.nominal_rank = rank_desc(self.nominal_scores)
        self.y = [[normalised(framework, self._prepared(panel, imp), self.units,
                              None if norm == FRAMEWORK else norm)
                   for norm in normalisations] for imp in imputations]

    def _prepared(self, panel, imp):
        if imp in self._cache:
            return self._cache[imp]
        p, _ = impute(panel, imp)
        if self.options.outliers:
            p, _ = treat(p, self.framework)
        self._cache[imp] = p.values[self.t]
        return self._cache[imp]

    def run(self, imp_idx, norm_idx, agg_idx, weights, progress=None) -> np.ndarray:
        """Index scores (R, N) for R replications given their choices and weight sets."""
        R = len(imp_idx)
        out = np.empty((R, len(self.units)))
        keys = imp_idx * 10_000 + norm_idx * 100 + agg_idx
        for key in np.unique(keys):
            sel = np.nonzero(keys == key)[0]
            i, j, a = key // 10_000, (key // 100) % 100, key % 100
            agg = self.aggregations[a]
            methods = node_methods(self.framework, None if agg == FRAMEWORK else agg)
            res = evaluate(self.framework, self.y[i][j], weights[sel], self.codes, methods, keep=False)
            out[sel] = res[self.framework.root.code]
            if progress:
                progress(len(sel))
        return out


def default_alternatives(panel: Panel, options: Options) -> dict[str, list[str]]:
    norm = options.normalise or None
    imps = [options.impute]
    if np.isnan(panel.values).any():
        imps += [m for m in ("mean", "median", "linear") if m != options.impute]
    return {
        "imputations": imps,
        "normalisations": [norm or FRAMEWORK] + [m for m in ("zscore:0,1", "rank", "prank") if m != norm],
        "aggregations": [options.aggregate or FRAMEWORK] + [m for m in ("gmean", "hmean") if m != options.aggregate],
    }


def monte_carlo(framework: Framework, panel: Panel, n: int = 1000, seed: int = 0, year: int | None = None,
                options: Options | None = None, weight_noise: float = 0.25,
                imputations: list[str] | None = None, normalisations: list[str] | None = None,
                aggregations: list[str] | None = None, sobol_samples: int = 0,
                progress=None) -> Uncertainty:
    """Run ``n`` replications (and optionally a Sobol analysis with about ``sobol_samples``
    model runs); ``progress(k)`` is called as batches of k replications finish."""
    options = options or Options()
    if n < 1:
        raise ValueError("重复次数必须 >= 1 (replications must be >= 1)")
    if not 0 <= weight_noise < 1:
        raise ValueError("权重扰动必须在 [0, 1) (weight_noise must be in [0, 1))")
    alts = default_alternatives(panel, options)
    imputations = imputations or alts["imputations"]
    normalisations = normalisations or alts["normalisations"]
    aggregations = aggregations or alts["aggregations"]
    model = Model(framework, panel, year, options, imputations, normalisations, aggregations)
    rng = np.random.default_rng(seed)
    M = len(model.codes)
    imp_idx = rng.integers(len(imputations), size=n)
    norm_idx = rng.integers(len(normalisations), size=n)
    agg_idx = rng.integers(len(aggregations), size=n)
    weights = model.base_w * rng.uniform(1 - weight_noise, 1 + weight_noise, size=(n, M))
    scores = model.run(imp_idx, norm_idx, agg_idx, weights, progress)
    ranks = rank_desc(scores, axis=1)
    params = {
        "seed": seed, "replications": n, "year": model.year, "weight_noise": weight_noise,
        "imputations": imputations, "normalisations": normalisations, "aggregations": aggregations,
        "options": options.as_dict(), "framework": framework.name, "data_sha256": _data_hash(panel),
        "numpy": np.__version__,
    }
    out = Uncertainty(model.units, dict(panel.names), model.nominal_rank, ranks, scores, params)
    if sobol_samples:
        out.sobol = sobol(model, sobol_samples, seed, weight_noise, progress)
        params["sobol_samples"] = out.sobol.get("runs", 0)
    return out


def sobol(model: Model, budget: int, seed: int, weight_noise: float, progress=None) -> dict:
    """First-order and total Sobol indices of the mean absolute rank shift."""
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    factors = [("weights", 64)]
    for name, alts in (("imputation", model.imputations), ("normalisation", model.normalisations),
                       ("aggregation", model.aggregations)):
        if len(alts) > 1:
            factors.append((name, len(alts)))
    D = len(factors)
    base = 2 ** max(3, int(math.log2(max(8, budget // (D + 2)))))
    problem = {"num_vars": D, "names": [f for f, _ in factors], "bounds": [[0.0, 1.0]] * D}
    X = sobol_sample.sample(problem, base, calc_second_order=False, seed=seed)
    rng = np.random.default_rng(seed + 1)
    bank = model.base_w * rng.uniform(1 - weight_noise, 1 + weight_noise, size=(64, len(model.codes)))
    idx = {f: np.minimum((X[:, c] * k).astype(int), k - 1) for c, (f, k) in enumerate(factors)}
    zeros = np.zeros(len(X), dtype=int)
    scores = model.run(idx.get("imputation", zeros), idx.get("normalisation", zeros),
                       idx.get("aggregation", zeros), bank[idx["weights"]], progress)
    ranks = rank_desc(scores, axis=1)
    y = np.abs(ranks - model.nominal_rank).mean(axis=1)
    if np.ptp(y) == 0:
        s1 = st = np.zeros(D)
        s1c = stc = np.zeros(D)
    else:
        res = sobol_analyze.analyze(problem, y, calc_second_order=False, seed=seed, print_to_console=False)
        s1, st, s1c, stc = res["S1"], res["ST"], res["S1_conf"], res["ST_conf"]
    return {"runs": int(len(X)), "base_samples": base, "output": "mean absolute rank shift",
            "factors": {f: {"S1": float(a), "ST": float(b), "S1_conf": float(c), "ST_conf": float(d)}
                        for (f, _), a, b, c, d in zip(factors, s1, st, s1c, stc, strict=True)}}
