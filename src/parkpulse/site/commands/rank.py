"""``parkpulse rank``: compute a composite index from a data file, optionally with uncertainty.

    parkpulse rank DATA --framework torch2021|FILE.yaml|META.csv [--year Y]
        [--impute mean|median|linear|group_mean:COL|none] [--normalise minmax[:LO,HI]|zscore|rank|...]
        [--aggregate amean|gmean|hmean|pmean:P|copeland] [--uncertainty N --seed S] --out FILE.xlsx|.csv|.json

The method flags override the framework's own choices. Pure library work: no database.
"""

from __future__ import annotations

import sys

HELP = "计算综合指数排名 (compute a composite-indicator ranking from CSV/XLSX)"


def add_arguments(parser):
    parser.add_argument("data", help="CSV/XLSX: one row per (unit, year), or a COINr iData table")
    parser.add_argument("--framework", required=True,
                        help="preset (torch2021, city), a framework YAML, or a COINr iMeta CSV")
    parser.add_argument("--year", type=int, help="year to report (default: the latest)")
    parser.add_argument("--impute", default="none", help="none|mean|median|linear|group_mean:COL|group_median:COL")
    parser.add_argument("--normalise", "--normalize", dest="normalise",
                        help="minmax[:LO,HI]|zscore[:M,S]|rank|prank|dist2max|dist2ref:UNIT|dist2targ:T|goalposts:LO,HI[,S]")
    parser.add_argument("--aggregate", help="amean|gmean|hmean|pmean:P|copeland (every level)")
    parser.add_argument("--weights", default="manual", choices=["manual", "equal", "pca"])
    parser.add_argument("--outliers", action="store_true", help="winsorise/log-transform skewed indicators")
    parser.add_argument("--min-coverage", type=float, default=0.0, help="drop units with less data than this share")
    parser.add_argument("--uncertainty", type=int, default=0, metavar="N", help="Monte Carlo replications")
    parser.add_argument("--sobol", type=int, default=0, metavar="RUNS", help="also estimate Sobol indices")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", required=True, help="FILE.xlsx, FILE.csv or FILE.json")


def run(args) -> int:
    from pathlib import Path

    from parkpulse.rank import (
        DataError,
        FrameworkError,
        Options,
        compute,
        load_data,
        load_framework,
        monte_carlo,
    )
    from parkpulse.rank.export import write
    from parkpulse.site.cli import CliError

    out = Path(args.out)
    if out.suffix.lower() not in (".xlsx", ".csv", ".json"):
        raise CliError(f"--out 只支持 .xlsx/.csv/.json (output must be .xlsx, .csv or .json): {out}")
    if not Path(args.data).exists():
        raise CliError(f"数据文件不存在 (no such file): {args.data}")
    try:
        fw = load_framework(args.framework)
        panel = load_data(args.data, fw)
        options = Options(impute=args.impute, normalise=args.normalise, aggregate=args.aggregate,
                          weights=args.weights, outliers=args.outliers, min_coverage=args.min_coverage)
        if args.year is not None and args.year not in panel.years:
            raise CliError(f"数据中没有 {args.year} 年 (year not in data: {panel.years})")
        result = compute(fw, panel, options)
        unc = None
        if args.uncertainty or args.sobol:
            from tqdm import tqdm

            total = args.uncertainty or 1
            with tqdm(total=total + (args.sobol or 0), desc="Monte Carlo", unit="run", file=sys.stderr,
                      leave=False) as bar:
                unc = monte_carlo(fw, panel, n=total, seed=args.seed, year=args.year, options=options,
                                  sobol_samples=args.sobol, progress=bar.update)
        write(result, out, unc, args.year)
    except DataError as exc:
        for issue in exc.issues:
            print(f"  {issue}", file=sys.stderr)
        raise CliError(f"数据有 {len(exc.issues)} 处错误 (data has {len(exc.issues)} problems), 见上") from None
    except (FrameworkError, ValueError) as exc:
        raise CliError(str(exc)) from None
    except OSError as exc:
        raise CliError(f"无法写出 (cannot write) {out}: {exc.strerror or exc}") from None
    top = result.summary(args.year).head(3)
    year = result._year(args.year)
    print(f"已写出 {out} ({len(result.units)} 个单位{f', {year} 年' if year else ''}). 前三："
          + ", ".join(f"{r.rank}. {r.name}" for r in top.itertuples()))
    return 0
