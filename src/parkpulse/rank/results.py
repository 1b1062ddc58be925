"""The pipeline and its results: scores and ranks at every level for every unit and year.

``compute(framework, panel, Options(...))`` screens, imputes, treats outliers, normalises,
weights and aggregates; the returned :class:`Result` answers the questions park offices ask:
rank changes between years, each unit's strengths and weaknesses (indicators furthest above
and below the median unit), and the smallest improvement in each group that lifts a unit
one rank. Rank 1 is best; tied units share the better rank.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from parkpulse.rank.aggregate import aggregate
from parkpulse.rank.data import Panel
from parkpulse.rank.framework import QUAL, Framework
from parkpulse.rank.impute import impute, screen
from parkpulse.rank.normalise import normalise_table, parse_normalisation
from parkpulse.rank.outliers import treat
from parkpulse.rank.weights import check_scheme, effective_weights, pca_weights


@dataclass
class Options:
    impute: str = "none"
    normalise: str | None = None  # overrides every quantitative indicator's normalisation
    aggregate: str | None = None  # overrides every node's aggregation
    weights: str = "manual"
    outliers: bool = False
    min_coverage: float = 0.0

    def as_dict(self):
        return asdict(self)


# ---------------------------------------------------------------------------------------------
# building blocks shared with the Monte Carlo engine


def indicator_specs(framework: Framework, override: str | None = None) -> list[str]:
    """Normalisation per indicator; an override applies to quantitative indicators only,
    qualitative scores keep their goalposts on the score scale."""
    if override:
        parse_normalisation(override)
    return [override if (override and ind.type != QUAL) else framework.normalisation_for(ind)
            for ind in framework.indicators]


def normalised(framework: Framework, x: np.ndarray, units: list[str], override: str | None = None) -> np.ndarray:
    inds = framework.indicators
    return normalise_table(x, indicator_specs(framework, override), [framework.effective_direction(i) for i in inds],
                           [i.multiplier for i in inds], units)


def node_methods(framework: Framework, override: str | None = None) -> dict[str, str]:
    return {n.code: (override or framework.method_for(n)) for n in framework.aggregates}


def base_weights(framework: Framework, scheme: str = "manual") -> dict[str, float]:
    check_scheme(scheme)
    return {n.code: (1.0 if scheme == "equal" else n.weight) for n in framework.root.walk()}


def evaluate(framework: Framework, y: np.ndarray, weights: np.ndarray, codes: list[str],
             methods: dict[str, str], keep: bool = True) -> dict[str, np.ndarray]:
    """Aggregate normalised indicators ``y`` (N, K) up the tree for R weight sets at once.

    ``weights`` is (R, M) over node ``codes``; returns code -> (R, N) for every aggregate
    (indicators stay (1, N): they do not vary between replications). With ``keep=False``
    only the root's scores are returned and children are freed as soon as they are used.
    """
    col = {c: i for i, c in enumerate(codes)}
    ind_col = {ind.code: j for j, ind in enumerate(framework.indicators)}
    scores: dict[str, np.ndarray] = {}
    for node in framework.aggregates:
        kids = node.children
        if all(k.is_indicator for k in kids):
            v = y[:, [ind_col[k.code] for k in kids]][None]
        else:
            parts = [scores[k.code] if not k.is_indicator else y[:, ind_col[k.code]][None] for k in kids]
            R = max(p.shape[0] for p in parts)
            v = np.stack([np.broadcast_to(p, (R, p.shape[1])) for p in parts], axis=-1)
        w = weights[:, [col[k.code] for k in kids]]
        scores[node.code] = aggregate(v, w, methods[node.code])
        if not keep:
            for k in kids:
                scores.pop(k.code, None)
    return scores


TIE_TOLERANCE = 1e-9


def rank_desc(scores: np.ndarray, axis: int = -1) -> np.ndarray:
    """Rank 1 = highest score; ties share the better rank; NaN ranks last.

    One argsort, vectorised over the other axis (a Monte Carlo's replications); equal keys get
    the position of the first of them, so the sort need not be stable. Scores within a relative
    ``TIE_TOLERANCE`` are equal: two units that tie in exact arithmetic must not be split by
    rounding noise (scaling every weight by 3 would otherwise reorder them)."""
    s = np.moveaxis(np.asarray(scores, dtype=float), axis, -1)
    shape = s.shape
    key = np.where(np.isnan(s), np.inf, -s).reshape(-1, shape[-1])
    R, n = key.shape
    order = np.argsort(key, axis=1)
    rows = np.arange(R)[:, None]
    ks = key[rows, order]
    new = np.empty(ks.shape, dtype=bool)
    new[:, :1] = True
    scale = np.maximum(1.0, np.abs(np.nan_to_num(ks[:, 1:], posinf=0.0)))
    with np.errstate(invalid="ignore"):  # inf - inf (two NaN scores) is a tie
        np.greater(ks[:, 1:] - ks[:, :-1], TIE_TOLERANCE * scale, out=new[:, 1:])
    first = np.where(new, np.arange(n), 0)
    np.maximum.accumulate(first, axis=1, out=first)
    ranks = np.empty((R, n), dtype=int)
    ranks[rows, order] = first + 1
    return np.moveaxis(ranks.reshape(shape), -1, axis)


# ---------------------------------------------------------------------------------------------


@dataclass
class Result:
    framework: Framework
    panel: Panel  # after screening, imputation and outlier treatment
    raw: Panel  # as read
    options: Options
    scores: dict[int, pd.DataFrame]  # year -> units × (indicator codes + aggregate codes)
    ranks: dict[int, pd.DataFrame]
    weights: dict[int, dict[str, float]]
    reports: list[dict] = field(default_factory=list)

    @property
    def years(self) -> list[int]:
        return list(self.scores)

    @property
    def units(self) -> list[str]:
        return list(self.panel.units)

    def name(self, unit: str) -> str:
        return self.panel.names.get(unit, unit)

    def _year(self, year):
        return self.years[-1] if year is None else year

    def level_table(self, level: int, year: int | None = None) -> pd.DataFrame:
        year = self._year(year)
        codes = [n.code for n in self.framework.levels.get(level, [])]
        return self.scores[year][codes]

    def summary(self, year: int | None = None) -> pd.DataFrame:
        """One row per unit: code, name, every aggregate's score (by node code), rank."""
        year = self._year(year)
        agg = [n.code for n in self.framework.root.walk() if not n.is_indicator]
        df = self.scores[year][agg].copy()
        df.insert(0, "name", [self.name(u) for u in df.index])
        df.insert(0, "code", df.index)
        df["rank"] = self.ranks[year][self.framework.root.code]
        return df.sort_values(["rank", "code"]).reset_index(drop=True)

    def rank_changes(self, year_from: int, year_to: int) -> pd.DataFrame:
        """Positive = moved up (rank number fell) between the two years."""
        return self.ranks[year_from] - self.ranks[year_to]

    def effective_weights(self, year: int | None = None) -> dict[str, dict[str, float]]:
        year = self._year(year)
        codes = [i.code for i in self.framework.indicators]
        corr = effective_weights(self.scores[year][self.framework.root.code].to_numpy(),
                                 self.scores[year][codes].to_numpy(), codes)
        nominal = _nominal_shares(self.framework, self.weights[year])
        return {c: {"nominal": nominal[c], "correlation": corr[c]} for c in codes}

    def strengths_weaknesses(self, unit: str, year: int | None = None, n: int = 3) -> dict[str, list[dict]]:
        year = self._year(year)
        codes = [i.code for i in self.framework.indicators]
        s = self.scores[year][codes]
        diff = s.loc[unit] - s.median(axis=0)
        diff = diff.dropna().sort_values()
        ranks = self.ranks[year]

        def row(code):
            node = self.framework.node(code)
            return {"code": code, "name": node.name or code, "score": float(s.loc[unit, code]),
                    "median": float(s[code].median()), "diff": float(diff[code]),
                    "rank": int(ranks.loc[unit, code])}

        strengths = [row(c) for c in reversed(diff.index[-n:]) if diff[c] > 0]
        weaknesses = [row(c) for c in diff.index[:n] if diff[c] < 0]
        return {"strengths": strengths, "weaknesses": weaknesses}

    def group_ranks(self, unit: str, year: int | None = None) -> list[dict]:
        year = self._year(year)
        total = len(self.units)
        return [{"code": g.code, "name": g.name or g.code, "rank": int(self.ranks[year].loc[unit, g.code]),
                 "of": total, "score": float(self.scores[year].loc[unit, g.code]),
                 "words": f"{g.name or g.code} 第{int(self.ranks[year].loc[unit, g.code])}"}
                for g in self.framework.groups]

    def smallest_improvement(self, unit: str, year: int | None = None) -> dict:
        """For each first-level group, the smallest rise in the unit's group score that lifts
        its overall rank by one (other units unchanged), found by bisection on the root's
        aggregation so it holds for any aggregation method."""
        year = self._year(year)
        root = self.framework.root
        index = self.scores[year][root.code]
        me = float(index.loc[unit])
        better = index[index > me]
        if better.empty:
            return {"unit": unit, "rank": 1, "target": None, "groups": []}
        target_score = float(better.min())
        target_unit = str(better.idxmin())
        kids = root.children
        w = np.array([[self.weights[year][k.code] for k in kids]])
        method = (self.options.aggregate or self.framework.method_for(root))
        # the other units' child scores matter for the geometric shift and Copeland
        table = self.scores[year][[k.code for k in kids]].to_numpy(dtype=float)
        i = self.units.index(unit)
        t = self.units.index(target_unit)

        def lifted(j, delta):
            m = table.copy()
            m[i, j] += delta
            out = aggregate(m[None], w, method)[0]
            return out[i] > out[t]

        groups = []
        for j, k in enumerate(kids):
            current = float(table[i, j])
            best = float(np.nanmax(table[:, j]))
            span = max(abs(best - float(np.nanmin(table[:, j]))), abs(current), 1.0)
            hi = span
            while not lifted(j, hi) and hi < span * 1e6:
                hi *= 4
            if not lifted(j, hi):
                groups.append({"code": k.code, "name": k.name or k.code, "current": current,
                               "delta": None, "best": best})
                continue
            lo = 0.0
            for _ in range(60):
                mid = (lo + hi) / 2
                lo, hi = (lo, mid) if lifted(j, mid) else (mid, hi)
            hi = hi * (1 + 1e-9) + 1e-12  # a hair above the threshold, robust to rounding
            groups.append({"code": k.code, "name": k.name or k.code, "current": current,
                           "delta": hi, "needed": current + hi, "best": best,
                           "within_best": current + hi <= best})
        groups.sort(key=lambda g: (g["delta"] is None, g["delta"] or 0))
        return {"unit": unit, "rank": int(self.ranks[year].loc[unit, root.code]),
                "target": target_unit, "target_score": target_score, "score": me, "groups": groups}


def _nominal_shares(framework: Framework, weights: dict[str, float]) -> dict[str, float]:
    out = {}
    for ind in framework.indicators:
        share, node = 1.0, ind
        while node.parent is not None:
            sib = sum(weights[c.code] for c in node.parent.children)
            share *= weights[node.code] / sib if sib else 0.0
            node = node.parent
        out[ind.code] = share
    return out


def prepare(framework: Framework, panel: Panel, options: Options) -> tuple[Panel, list[dict]]:
    """Screening, imputation and outlier treatment, with their reports."""
    reports = []
    p, rep = screen(panel, options.min_coverage)
    reports.append(rep.as_dict())
    if not p.units:
        raise ValueError(f"筛选后没有单位 (no unit passes min_coverage={options.min_coverage})")
    p, rep = impute(p, options.impute)
    reports.append(rep.as_dict())
    if options.outliers:
        p, rep = treat(p, framework)
        reports.append(rep.as_dict())
    return p, reports


def compute_year(framework: Framework, x: np.ndarray, units: list[str], options: Options,
                 weights: dict[str, float] | None = None) -> tuple[pd.DataFrame, dict[str, float]]:
    y = normalised(framework, x, units, options.normalise)
    codes = [n.code for n in framework.root.walk()]
    w = dict(weights or base_weights(framework, options.weights if options.weights != "pca" else "manual"))
    methods = node_methods(framework, options.aggregate)
    if options.weights == "pca":
        # bottom-up: each node's child weights from the PCA of its children's scores
        ind_col = {ind.code: j for j, ind in enumerate(framework.indicators)}
        done: dict[str, np.ndarray] = {}
        for node in framework.aggregates:
            m = np.column_stack([y[:, ind_col[k.code]] if k.is_indicator else done[k.code] for k in node.children])
            pw = pca_weights(m)
            for k, wk in zip(node.children, pw, strict=True):
                w[k.code] = float(wk)
            done[node.code] = aggregate(m, pw, methods[node.code])
    wv = np.array([[w[c] for c in codes]])
    agg = evaluate(framework, y, wv, codes, methods)
    cols = {ind.code: y[:, j] for j, ind in enumerate(framework.indicators)}
    for node in framework.root.walk():
        if not node.is_indicator:
            cols[node.code] = agg[node.code][0]
    return pd.DataFrame(cols, index=units), w


def compute(framework: Framework, panel: Panel, options: Options | None = None) -> Result:
    options = options or Options()
    p, reports = prepare(framework, panel, options)
    scores, ranks, weights = {}, {}, {}
    for t, year in enumerate(p.years):
        df, w = compute_year(framework, p.values[t], p.units, options)
        scores[year] = df
        ranks[year] = pd.DataFrame(rank_desc(df.to_numpy(), axis=0), index=df.index, columns=df.columns)
        weights[year] = w
    return Result(framework, p, panel, options, scores, ranks, weights, reports)

