"""Rankings pages: the table by year, a unit page, the uncertainty chart and the import form."""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parkpulse.rank import DataError, FrameworkError, Options, load_data, load_framework
from parkpulse.rank.data import read_table
from parkpulse.rank.presets import PRESETS
from parkpulse.rankings import methods
from parkpulse.rankings.models import Run, UnitResult
from parkpulse.rankings.services import compute_run, result_for, store_dataset
from parkpulse.site.params import Params
from parkpulse.textkit.pinyin import pinyin_key


def _year(request, run: Run) -> int:
    years = run.years
    if not years:
        raise Http404("no years")
    year = Params(request.GET).int("year", years[-1], lo=1, hi=9999)
    return year if year in years else years[-1]


def index(request):
    run = Run.objects.select_related("dataset").first()
    if run is None:
        return render(request, "rankings/empty.html", {})
    return table(request, run.pk)


SORTS = {"rank", "score", "name"}


def table(request, pk):
    run = get_object_or_404(Run.objects.select_related("dataset"), pk=pk)
    year = _year(request, run)
    rows = list(UnitResult.objects.filter(run=run, year=year).select_related("park"))
    group_codes = [g["code"] for g in run.groups]
    sort = request.GET.get("sort", "rank")
    if sort not in SORTS and sort not in group_codes:
        sort = "rank"
    desc = request.GET.get("dir") == "desc"
    if sort == "name":
        key = lambda r: pinyin_key(r.name)  # noqa: E731  (pinyin order, as a reader expects)
    elif sort == "score":
        key = lambda r: (r.score is None, -(r.score or 0))  # noqa: E731
    elif sort == "rank":
        key = lambda r: (r.rank, r.code)  # noqa: E731
    else:
        key = lambda r: (r.ranks.get(sort, 10**9), r.code)  # noqa: E731
    rows.sort(key=key, reverse=desc)
    prev = {u.code: u.rank for u in UnitResult.objects.filter(run=run, year=year - 1)} if year - 1 in run.years else {}
    table_rows = [{"r": r, "groups": [r.ranks.get(c) for c in group_codes],
                   "change": (prev[r.code] - r.rank) if r.code in prev else None} for r in rows]
    return render(request, "rankings/table.html", {
        "run": run, "dataset": run.dataset, "year": year, "rows": table_rows, "groups": run.groups,
        "sort": sort, "desc": desc, "runs": Run.objects.select_related("dataset")[:20],
        "method": methods.describe_run(run.parameters),
        "framework_source": methods.linkify_source(run.parameters.get("framework_source", "")),
        "source_note": methods.linkify_source(run.dataset.source_note),
    })


def unit(request, pk, code):
    run = get_object_or_404(Run.objects.select_related("dataset"), pk=pk)
    year = _year(request, run)
    row = UnitResult.objects.filter(run=run, year=year, code=code).select_related("park").first()
    if row is None:
        raise Http404("unknown unit")
    everyone = list(UnitResult.objects.filter(run=run, year=year))
    groups = run.groups
    median = {g["code"]: statistics.median([u.scores[g["code"]] for u in everyone if u.scores.get(g["code"]) is not None])
              for g in groups}
    history = list(UnitResult.objects.filter(run=run, code=code).order_by("year").values("year", "rank", "score"))
    result = result_for(run)
    sw = result.strengths_weaknesses(code, year)
    for item in sw["strengths"] + sw["weaknesses"]:
        item["gap"] = abs(item["diff"])
    improve = result.smallest_improvement(code, year)
    unc = next((u for u in run.uncertainty if u.get("code") == code), None)
    unc_year = run.parameters.get("uncertainty", {}).get("year")
    radar = {
        "indicators": [{"name": g["name"], "max": max(100.0, *(u.scores.get(g["code"]) or 0 for u in everyone))}
                       for g in groups],
        "unit": [row.scores.get(g["code"]) for g in groups],
        "median": [median[g["code"]] for g in groups],
        "unit_name": row.name,
    }
    words = [{"name": g["name"], "rank": row.ranks.get(g["code"])} for g in groups]
    return render(request, "rankings/unit.html", {
        "run": run, "dataset": run.dataset, "year": year, "row": row, "total": len(everyone),
        "words": words, "sw": sw, "improve": improve, "unc": unc, "unc_year": unc_year,
        "radar": radar, "history": history, "groups": groups,
    })


def uncertainty(request, pk):
    run = get_object_or_404(Run.objects.select_related("dataset"), pk=pk)
    rows = sorted(run.uncertainty, key=lambda u: (u["median_rank"], u["nominal_rank"]))
    chart = {"names": [u["name"] for u in rows], "median": [u["median_rank"] for u in rows],
             "q05": [u["q05"] for u in rows], "q95": [u["q95"] for u in rows],
             "nominal": [u["nominal_rank"] for u in rows]}
    params = run.parameters.get("uncertainty", {})
    sobol = [{"name": methods.factor(k), **v} for k, v in run.sobol.get("factors", {}).items()]
    return render(request, "rankings/uncertainty.html", {
        "run": run, "dataset": run.dataset, "rows": rows, "chart": chart, "params": params, "sobol": sobol,
        "alternatives": {
            "normalisations": [methods.normalisation(n) for n in params.get("normalisations", [])],
            "aggregations": [methods.aggregation(a) for a in params.get("aggregations", [])],
            "imputations": [methods.imputation(i) for i in params.get("imputations", [])],
        },
    })


class ImportForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("数据集名称"), max_length=160)
    framework = forms.ChoiceField(label=gettext_lazy("指标框架"), choices=[(k, k) for k in PRESETS] + [("upload", gettext_lazy("上传框架文件"))])
    framework_file = forms.FileField(label=gettext_lazy("框架文件（YAML 或 COINr iMeta CSV）"), required=False)
    data_file = forms.FileField(label=gettext_lazy("数据文件（CSV 或 XLSX）"))
    source_note = forms.CharField(label=gettext_lazy("数据来源"), max_length=400, required=False)
    impute = forms.ChoiceField(label=gettext_lazy("缺失值插补"), choices=[(m, m) for m in ("none", "mean", "median", "linear")],
                               initial="linear")
    replications = forms.IntegerField(label=gettext_lazy("蒙特卡洛次数"), min_value=0, max_value=20000, initial=1000)
    seed = forms.IntegerField(label=gettext_lazy("随机种子"), initial=0)
    sobol = forms.IntegerField(label=gettext_lazy("Sobol 敏感性分析次数（0 = 不做）"), min_value=0, max_value=20000, initial=1024)

    def clean(self):
        data = super().clean()
        if data.get("framework") == "upload" and not data.get("framework_file"):
            self.add_error("framework_file", _("选择“上传框架文件”时必须提供框架文件"))
        return data


def _save_upload(upload, folder: Path) -> Path:
    suffix = Path(upload.name).suffix.lower()
    path = folder / f"upload{suffix}"
    with open(path, "wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    return path


def _preview(path: Path, issues, limit: int = 30):
    """The first rows of the upload with each bad cell marked and explained."""
    try:
        df = read_table(path)
    except DataError:
        return None
    bad = {(i.row, i.column): i.message for i in issues if i.row is not None}
    bad_rows = sorted({r for r, _ in bad})
    shown = sorted(set(range(2, min(len(df), limit) + 2)) | set(bad_rows[:limit]))
    cols = [str(c) for c in df.columns]
    rows = []
    for r in shown:
        if r - 2 >= len(df):
            continue
        cells = []
        for c in cols:
            v = df.iloc[r - 2][c]
            cells.append({"value": "" if v is None or str(v) == "nan" else str(v)[:40], "error": bad.get((r, c))})
        rows.append({"row": r, "cells": cells})
    return {"columns": cols, "rows": rows}


@staff_member_required
def import_dataset(request):
    from parkpulse.parks.news_facts import latest_confirmed

    form = ImportForm(request.POST or None, request.FILES or None)
    ctx = {"form": form, "fact_candidates": latest_confirmed(100)}
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            try:
                if d["framework"] == "upload":
                    fpath = _save_upload(d["framework_file"], tmp)
                    fw = load_framework(fpath)
                else:
                    fw = load_framework(d["framework"])
            except FrameworkError as exc:
                form.add_error("framework_file", f"框架有误：{exc}")
                return render(request, "rankings/import.html", ctx, status=400)
            dpath = _save_upload(d["data_file"], tmp)
            try:
                panel = load_data(dpath, fw, filename=d["data_file"].name)
            except DataError as exc:
                ctx.update(issues=exc.issues, preview=_preview(dpath, exc.issues))
                return render(request, "rankings/import.html", ctx, status=400)
        try:
            with transaction.atomic():  # a dataset is only kept with its computed run
                dataset = store_dataset(d["name"], fw, panel, framework_key=d["framework"],
                                        source_note=d["source_note"], user=request.user)
                run = compute_run(dataset, Options(impute=d["impute"]), replications=d["replications"],
                                  seed=d["seed"], sobol_samples=d["sobol"] if d["replications"] else 0)
        except ValueError as exc:
            form.add_error(None, f"无法计算：{exc}")
            return render(request, "rankings/import.html", ctx, status=400)
        messages.success(request, _("已导入 %(units)d 个单位、%(years)d 个年份并计算排名") % {"units": len(panel.units), "years": len(panel.years)})
        return redirect(run.get_absolute_url())
    return render(request, "rankings/import.html", ctx, status=400 if request.method == "POST" else 200)
