"""Benchmark parkpulse.rank: 178 units × 46 indicators × 3 years, 10,000 Monte Carlo runs.

Replications vary weights (±25% per node), normalisation (minmax, zscore, rank, prank) and
aggregation (framework/amean, gmean, hmean) on the torch2021 framework with generated sample
data (示例数据). Reports wall time and peak traced memory (tracemalloc) for: the deterministic
pipeline over all years, the Monte Carlo, and a Sobol run; baseline rows in the same run: a
plain-pandas min-max/arithmetic recomputation of one year, and the Monte Carlo done with a
Python loop over a small number of replications, extrapolated (what vectorising saves).

    PYTHONPATH=src python bench/rank.py [--units 178] [--reps 10000] [--sobol 2048]
"""

from __future__ import annotations

import argparse
import resource
import time
import tracemalloc

import numpy as np

from parkpulse.rank import Options, compute, load_framework, monte_carlo
from parkpulse.rank.results import compute_year, rank_desc
from parkpulse.rank.sample import sample_panel


def measure(label, fn):
    tracemalloc.start()
    t0 = time.perf_counter()
    out = fn()
    dt = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<58} {dt:8.3f} s   peak {peak / 2**20:8.1f} MiB")
    return out, dt


def plain_pandas(fw, panel):
    df = panel.frame(panel.years[-1])
    d = {i.code: i.direction for i in fw.indicators}
    df = df * [d[c] for c in df.columns]
    n = (df - df.min()) / (df.max() - df.min()) * 100
    groups = {g.code: n[[c.code for c in g.children]].mean(axis=1) for g in fw.groups}
    w = {g.code: g.weight for g in fw.groups}
    return sum(groups[k] * w[k] for k in groups) / sum(w.values())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", type=int, default=178)
    ap.add_argument("--reps", type=int, default=10_000)
    ap.add_argument("--sobol", type=int, default=2048)
    ap.add_argument("--loop-reps", type=int, default=200)
    args = ap.parse_args()
    fw = load_framework("torch2021")
    panel = sample_panel(fw, n_units=args.units, years=(2021, 2022, 2023), seed=7, missing=0.0)
    print(f"data: {len(panel.units)} units × {len(panel.indicators)} indicators × {len(panel.years)} years "
          f"(generated sample data); {args.reps} replications")
    measure("baseline: plain pandas min-max/amean, one year", lambda: plain_pandas(fw, panel))
    measure("pipeline: all levels, all years (minmax/amean)", lambda: compute(fw, panel, Options()))
    unc, t_mc = measure(f"monte carlo: {args.reps} reps (weights×norm×agg), vectorised",
                        lambda: monte_carlo(fw, panel, n=args.reps, seed=1))
    print(f"   median-rank spread (mean q95-q05): {np.mean(unc.summary().eval('q95 - q05')):.2f} ranks")

    def loop():
        rng = np.random.default_rng(1)
        norms, aggs = ["minmax:0,100", "zscore:0,1", "rank", "prank"], [None, "gmean", "hmean"]
        x = panel.values[-1]
        for _ in range(args.loop_reps):
            o = Options(normalise=norms[rng.integers(4)], aggregate=aggs[rng.integers(3)])
            w = {n.code: n.weight * rng.uniform(0.75, 1.25) for n in fw.root.walk()}
            df, _ = compute_year(fw, x, panel.units, o, weights=w)
            rank_desc(df[fw.root.code].to_numpy())
    _, t_loop = measure(f"baseline: python loop, {args.loop_reps} reps", loop)
    print(f"   loop extrapolated to {args.reps} reps: {t_loop / args.loop_reps * args.reps:.1f} s "
          f"(vectorised: {t_mc:.2f} s)")
    if args.sobol:
        res, _ = measure(f"sobol: ~{args.sobol} model runs (SALib)",
                         lambda: monte_carlo(fw, panel, n=1, seed=1, sobol_samples=args.sobol))
        for f, s in res.sobol["factors"].items():
            print(f"   {f:<14} S1 {s['S1']:6.3f}  ST {s['ST']:6.3f}")
    print(f"max RSS of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
