"""Glue between stored rows and ``parkpulse.rank``: store a dataset, compute and store a run."""

from __future__ import annotations

import math

import numpy as np
import yaml
from django.db import transaction

from parkpulse.rank import Framework, Options, Panel, compute, monte_carlo
from parkpulse.rank.export import parameters
from parkpulse.rankings.models import Dataset, Run, UnitResult


def _clean(x):
    if isinstance(x, float) and (math.isnan(x) or math.isinf(x)):
        return None
    return x


def panel_to_json(panel: Panel) -> dict:
    return {"units": panel.units, "names": panel.names, "years": panel.years, "indicators": panel.indicators,
            "values": [[[_clean(float(v)) for v in row] for row in year] for year in panel.values],
            "groups": panel.groups}


def panel_from_json(data: dict) -> Panel:
    vals = np.array([[[np.nan if v is None else v for v in row] for row in y] for y in data["values"]], dtype=float)
    return Panel(list(data["units"]), dict(data["names"]), list(data["years"]), list(data["indicators"]), vals,
                 dict(data.get("groups") or {}))


def framework_of(dataset: Dataset) -> Framework:
    return Framework.from_dict(yaml.safe_load(dataset.framework_yaml))


def store_dataset(name: str, framework: Framework, panel: Panel, framework_key: str = "custom",
                  is_sample: bool = False, source_note: str = "", user=None) -> Dataset:
    return Dataset.objects.create(name=name, framework_key=framework_key, framework_yaml=framework.dump_yaml(),
                                  data=panel_to_json(panel), is_sample=is_sample, source_note=source_note,
                                  uploaded_by=user)


def park_lookup() -> dict[str, int]:
    """Park ids by name, alias and former name (exact match)."""
    from parkpulse.parks.models import Park

    out: dict[str, int] = {}
    for pk, name, aliases, former in Park.objects.values_list("id", "name", "aliases", "former_names"):
        for n in [name, *(aliases or []), *(former or [])]:
            out.setdefault(str(n).strip(), pk)
    return out


@transaction.atomic
def compute_run(dataset: Dataset, options: Options | None = None, replications: int = 1000,
                seed: int = 0, sobol_samples: int = 0) -> Run:
    """Compute every year and the latest year's uncertainty (and Sobol indices when asked);
    store all of it in one transaction."""
    fw = framework_of(dataset)
    panel = panel_from_json(dataset.data)
    options = options or Options()
    result = compute(fw, panel, options)
    unc = (monte_carlo(fw, panel, n=replications, seed=seed, options=options, sobol_samples=sobol_samples)
           if replications else None)
    params = parameters(result, unc)
    run = Run.objects.create(
        dataset=dataset, options=options.as_dict(), seed=seed, replications=replications,
        parameters=_jsonable(params), groups=[{"code": g.code, "name": g.name or g.code} for g in fw.groups],
        uncertainty=_jsonable(unc.summary().to_dict("records")) if unc else [],
        sobol=_jsonable(unc.sobol) if unc else {},
    )
    parks = park_lookup()
    rows = []
    nodes = [n.code for n in fw.root.walk()]
    for year in result.years:
        s, r = result.scores[year], result.ranks[year]
        for u in result.units:
            name = result.name(u)
            rows.append(UnitResult(
                run=run, year=year, code=u, name=name, park_id=parks.get(name.strip()),
                rank=int(r.loc[u, fw.root.code]), score=_clean(float(s.loc[u, fw.root.code])),
                scores={c: _clean(float(s.loc[u, c])) for c in nodes},
                ranks={c: int(r.loc[u, c]) for c in nodes}))
    UnitResult.objects.bulk_create(rows)
    return run


def _jsonable(x):
    if isinstance(x, dict):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_jsonable(v) for v in x]
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (np.floating, float)):
        return _clean(float(x))
    if isinstance(x, np.ndarray):
        return _jsonable(x.tolist())
    return x


def result_for(run: Run):
    """Recompute the run's deterministic result (cheap) for analyses not stored row by row."""
    fw = framework_of(run.dataset)
    return compute(fw, panel_from_json(run.dataset.data), Options(**run.options))
