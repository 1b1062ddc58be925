"""Ranking methods in the reader's language: the codes the engine stores, named in words.

The engine (parkpulse.rank) speaks codes (``minmax:0,100``, ``gmean``, ``linear``); pages
never show them raw. Unknown codes fall back to the code itself so a new method still shows.
"""

from __future__ import annotations

import re

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

IMPUTE = {
    "none": gettext_lazy("不插补缺失值"), "mean": gettext_lazy("用均值插补缺失值"),
    "median": gettext_lazy("用中位数插补缺失值"), "group_mean": gettext_lazy("用同组均值插补缺失值"),
    "group_median": gettext_lazy("用同组中位数插补缺失值"), "linear": gettext_lazy("按年份线性插补缺失值"),
}
NORMALISE = {
    "minmax": gettext_lazy("最小–最大标准化"), "zscore": gettext_lazy("Z 分数标准化"),
    "rank": gettext_lazy("按名次标准化"), "prank": gettext_lazy("百分位名次标准化"),
    "dist2max": gettext_lazy("与最大值的距离"), "dist2ref": gettext_lazy("与参照单位的距离"),
    "dist2targ": gettext_lazy("与目标值的距离"), "goalposts": gettext_lazy("目标区间法"),
    "none": gettext_lazy("不标准化"), "framework": gettext_lazy("框架规定的标准化"),
}
AGGREGATE = {
    "amean": gettext_lazy("加权算术平均"), "gmean": gettext_lazy("加权几何平均"),
    "hmean": gettext_lazy("加权调和平均"), "pmean": gettext_lazy("加权幂平均"),
    "copeland": gettext_lazy("Copeland 两两比较计数"), "outrank": gettext_lazy("优于关系计数"),
    "framework": gettext_lazy("框架规定的汇总方法"),
}
WEIGHTS = {"manual": gettext_lazy("框架给定的权重"), "equal": gettext_lazy("等权重"), "pca": gettext_lazy("主成分分析权重")}
FACTORS = {"weights": gettext_lazy("权重"), "imputation": gettext_lazy("缺失值插补方法"),
           "normalisation": gettext_lazy("标准化方法"), "aggregation": gettext_lazy("汇总方法")}


def _name(table: dict, spec: str | None) -> str:
    if not spec:
        return ""
    code, _sep, params = str(spec).partition(":")
    label = str(table.get(code, code))
    if params and code in ("minmax", "zscore"):
        label += f"（{params.replace(',', '–')}）" if code == "minmax" else ""
    return label


def normalisation(spec: str | None) -> str:
    return _name(NORMALISE, spec)


def aggregation(spec: str | None) -> str:
    return _name(AGGREGATE, spec)


def imputation(spec: str | None) -> str:
    return _name(IMPUTE, spec)


def factor(code: str) -> str:
    return str(FACTORS.get(code, code))


def describe_run(parameters: dict) -> list[str]:
    """The run's method as short phrases: imputation, normalisation, aggregation, weights."""
    options = parameters.get("options") or {}
    norm = options.get("normalise") or parameters.get("normalisation_default")
    aggs = set((parameters.get("aggregation") or {}).values())
    agg = options.get("aggregate") or (aggs.pop() if len(aggs) == 1 else None)
    phrases = [imputation(options.get("impute") or "none"), normalisation(norm)]
    phrases.append(aggregation(agg) if agg else _("各层分别设定汇总方法"))
    phrases.append(str(WEIGHTS.get(options.get("weights") or "manual", options.get("weights"))))
    if options.get("outliers"):
        phrases.append(_("处理离群值"))
    return [p for p in phrases if p]


URL = re.compile(r"https?://[^\s，。；,;)）]+")


def linkify_source(text: str):
    """A source note with each bare URL replaced by a short link labelled 原文链接 in place."""
    text = text or ""
    if not URL.search(text):
        return text
    out, last = [], 0
    for m in URL.finditer(text):
        out.append(format_html("{}", text[last:m.start()]))
        out.append(format_html('<a href="{}" rel="nofollow noopener">{}</a>', m.group(0), _("原文链接")))
        last = m.end()
    out.append(format_html("{}", text[last:]))
    return format_html_join("", "{}", ((piece,) for piece in out))
