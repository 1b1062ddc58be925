"""Benchmark parkpulse.rank: 178 units × 46 indicators × 3 years, 10,000 Monte Carlo runs.

Replications vary weights (±25% per node), normalisation (minmax, zscore, rank, prank) and
aggregation (framework/amean, gmean, hmean) on the torch2021 framework with generated sample
data (示例数据). Reports wall time (cold, then warm) and peak traced memory (tracemalloc, separate call) for: the deterministic
pipeline over all years, the Monte Carlo, and a Sobol run, and the Monte Carlo on a random 4-level framework of 120 indicators over 500
units with missing data (a case we do not have); baseline rows in the same run: a
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

from parkpulse.rank import Framework, Options, compute, load_framework, monte_carlo
from parkpulse.rank.results import compute_year, rank_desc
from parkpulse.rank.sample import sample_panel


def measure(label, fn, repeat: int = 2):
    """Wall time of each of ``repeat`` plain calls (the first is cold), then one more call
    under tracemalloc for the peak of Python-visible allocations (numpy arrays included)."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    shown = " / ".join(f"{t:.3f}" for t in times)
    print(f"{label:<58} {shown} s   peak {peak / 2**20:8.1f} MiB")
    return out, min(times)


def random_framework(n_ind: int, seed: int) -> Framework:
    """A framework we do not have: random 4-level tree, random weights, directions, methods."""
    rng = np.random.default_rng(seed)
    codes = [f"i{j}" for j in range(n_ind)]
    rng.shuffle(codes)

    def split(items, parts):
        cuts = np.sort(rng.choice(np.arange(1, len(items)), size=parts - 1, replace=False))
        return [list(c) for c in np.split(np.array(items), cuts)]

    pillars = []
    for p, sub in enumerate(split(codes, 6)):
        groups = split(sub, max(1, min(len(sub) // 4, 4))) if len(sub) > 3 else [sub]
        pillars.append({"code": f"P{p}", "weight": float(rng.uniform(0.5, 2)), "children": [
            {"code": f"P{p}G{g}", "weight": float(rng.uniform(0.5, 2)),
             "aggregate": str(rng.choice(["amean", "gmean", "hmean"])),
             "children": [{"code": str(c), "weight": float(rng.uniform(0.5, 2)),
                           "direction": int(rng.choice([1, 1, -1]))} for c in grp]}
            for g, grp in enumerate(groups)]})
    return Framework.from_dict({"name": "random", "aggregate": "amean", "tree": {"code": "R", "children": pillars}})


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
    _, t_loop = measure(f"baseline: python loop, {args.loop_reps} reps", loop, repeat=1)
    print(f"   loop extrapolated to {args.reps} reps: {t_loop / args.loop_reps * args.reps:.1f} s "
          f"(vectorised: {t_mc:.2f} s)")
    if args.sobol:
        res, _ = measure(f"sobol: ~{args.sobol} model runs (SALib)",
                         lambda: monte_carlo(fw, panel, n=1, seed=1, sobol_samples=args.sobol))
        for f, s in res.sobol["factors"].items():
            print(f"   {f:<14} S1 {s['S1']:6.3f}  ST {s['ST']:6.3f}")
    # generalisation: a framework and data we don't have
    rfw = random_framework(120, seed=11)
    rpanel = sample_panel(rfw, n_units=500, years=(2021, 2022, 2023), seed=12, missing=0.03)
    print(f"unseen case: {len(rpanel.units)} units × {len(rpanel.indicators)} indicators, "
          f"{len(rfw.aggregates)} aggregates over {max(rfw.levels)} levels, 3% missing")
    measure(f"monte carlo (unseen case): {args.reps} reps incl. imputation alternatives",
            lambda: monte_carlo(rfw, rpanel, n=args.reps, seed=1))
    print(f"max RSS of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
