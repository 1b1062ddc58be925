"""Writing results: CSV (one row per unit), Excel (a sheet per level + uncertainty + parameters), JSON."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd

from parkpulse.rank.results import Result
from parkpulse.rank.uncertainty import Uncertainty


def parameters(result: Result, unc: Uncertainty | None = None, year: int | None = None) -> dict:
    fw = result.framework
    out = {
        "framework": fw.name, "framework_source": fw.source, "year": result._year(year),
        "years": result.years, "units": len(result.units), "indicators": len(fw.indicators),
        "options": result.options.as_dict(),
        "normalisation_default": fw.normalise,
        "aggregation": {n.code: (result.options.aggregate or fw.method_for(n)) for n in fw.aggregates},
        "weights": result.weights[result._year(year)],
        "reports": result.reports,
    }
    if unc is not None:
        out["uncertainty"] = unc.params
        if unc.sobol:
            out["sobol"] = unc.sobol
    return out


def level_sheets(result: Result, year: int | None = None) -> dict[str, pd.DataFrame]:
    year = result._year(year)
    sheets = {}
    for level, nodes in result.framework.levels.items():
        codes = [n.code for n in nodes]
        df = result.scores[year][codes].copy()
        for c in codes:
            df[f"{c} rank"] = result.ranks[year][c]
        df.insert(0, "name", [result.name(u) for u in df.index])
        df.insert(0, "code", df.index)
        label = "Index" if result.framework.root in nodes and len(nodes) == 1 else f"Level{level}"
        sheets[label] = df.reset_index(drop=True)
    return sheets


def write_csv(result: Result, path, year: int | None = None) -> None:
    result.summary(year).to_csv(path, index=False, encoding="utf-8-sig")


def write_excel(result: Result, path, unc: Uncertainty | None = None, year: int | None = None) -> None:
    params = parameters(result, unc, year)
    with pd.ExcelWriter(path, engine="openpyxl") as xw:
        for name, df in level_sheets(result, year).items():
            df.to_excel(xw, sheet_name=name[:31], index=False)
        data = result.panel.frame(result._year(year))  # the values ranked, after imputation/treatment
        data.insert(0, "name", [result.name(u) for u in data.index])
        data.rename_axis("code").reset_index().to_excel(xw, sheet_name="Data", index=False)
        if unc is not None:
            unc.summary().to_excel(xw, sheet_name="Uncertainty", index=False)
            if unc.sobol:
                pd.DataFrame(unc.sobol["factors"]).T.rename_axis("factor").reset_index().to_excel(
                    xw, sheet_name="Sobol", index=False)
        ew = result.effective_weights(year)
        pd.DataFrame([{"code": c, "name": result.framework.node(c).name, **v} for c, v in ew.items()]).to_excel(
            xw, sheet_name="EffectiveWeights", index=False)
        rows = [(k, json.dumps(v, ensure_ascii=False, default=_json_default)) for k, v in params.items()]
        pd.DataFrame(rows, columns=["parameter", "value"]).to_excel(xw, sheet_name="Parameters", index=False)


def _json_default(o):
    if isinstance(o, (np.integer,)):
        return int(o)
    if isinstance(o, (np.floating,)):
        return None if math.isnan(o) else float(o)
    if isinstance(o, np.ndarray):
        return o.tolist()
    raise TypeError(type(o).__name__)


def _records(df: pd.DataFrame) -> list[dict]:
    return json.loads(df.to_json(orient="records", force_ascii=False))


def to_json(result: Result, unc: Uncertainty | None = None, year: int | None = None) -> dict:
    year = result._year(year)
    data = {
        "parameters": parameters(result, unc, year),
        "summary": _records(result.summary(year)),
        "levels": {k: _records(v) for k, v in level_sheets(result, year).items()},
        "effective_weights": result.effective_weights(year),
    }
    if unc is not None:
        data["uncertainty"] = _records(unc.summary())
    return data


def write_json(result: Result, path, unc: Uncertainty | None = None, year: int | None = None) -> None:
    Path(path).write_text(json.dumps(to_json(result, unc, year), ensure_ascii=False, indent=1,
                                     default=_json_default), encoding="utf-8")


def write(result: Result, path, unc: Uncertainty | None = None, year: int | None = None) -> None:
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        write_csv(result, path, year)
    elif suffix == ".xlsx":
        write_excel(result, path, unc, year)
    elif suffix == ".json":
        write_json(result, path, unc, year)
    else:
        raise ValueError(f"输出只支持 .xlsx/.csv/.json (output must be .xlsx, .csv or .json): {path}")
