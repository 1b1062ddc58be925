"""Reading indicator data: CSV or XLSX, one row per (unit, year), one column per indicator.

Also reads COINr's iData table (``uCode, uName, [Time], indicators...``). Every problem is
collected as a :class:`DataIssue` naming the file, the spreadsheet row (header = row 1) and
the column, so an editor's UI can show them per cell; :class:`DataError` carries them all.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl.utils.exceptions import InvalidFileException

from parkpulse.rank.framework import QUAL, Framework

CODE_COLUMNS = ("uCode", "code", "unit", "单位代码", "代码")
NAME_COLUMNS = ("uName", "name", "单位名称", "名称", "园区")
YEAR_COLUMNS = ("Time", "year", "Year", "年份", "年度")
GROUP_PATTERN = re.compile(r"(^group|_group$|^分组|^Group_)", re.IGNORECASE)


@dataclass
class DataIssue:
    file: str
    row: int | None  # spreadsheet row number (header is row 1); None for the whole column
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"第 {self.row} 行 (row {self.row})")
        if self.column is not None:
            where.append(f"列 {self.column!r} (column)")
        return ", ".join(where) + f": {self.message}"


class DataError(ValueError):
    def __init__(self, issues: list[DataIssue]):
        self.issues = issues
        head = "; ".join(str(i) for i in issues[:5])
        more = f" (+{len(issues) - 5} more)" if len(issues) > 5 else ""
        super().__init__(head + more)


@dataclass
class Panel:
    """Indicator values as a (years × units × indicators) array, NaN where missing."""

    units: list[str]
    names: dict[str, str]
    years: list[int]
    indicators: list[str]
    values: np.ndarray
    groups: dict[str, dict[str, str]] = field(default_factory=dict)  # column -> unit -> label

    def year_index(self, year: int | None) -> int:
        if year is None:
            return len(self.years) - 1
        if year not in self.years:
            raise ValueError(f"数据中没有 {year} 年 (year not in data: {self.years})")
        return self.years.index(year)

    def frame(self, year: int | None = None) -> pd.DataFrame:
        t = self.year_index(year)
        return pd.DataFrame(self.values[t], index=self.units, columns=self.indicators)

    def subset(self, units: list[str]) -> Panel:
        idx = [self.units.index(u) for u in units]
        return Panel(list(units), {u: self.names[u] for u in units}, list(self.years),
                     list(self.indicators), self.values[:, idx, :].copy(),
                     {g: {u: m[u] for u in units if u in m} for g, m in self.groups.items()})

    def to_frame(self) -> pd.DataFrame:
        """Long table: uCode, uName, year, indicators (the shape it was read in)."""
        rows = []
        for t, y in enumerate(self.years):
            df = pd.DataFrame(self.values[t], columns=self.indicators)
            df.insert(0, "year", y)
            df.insert(0, "uName", [self.names[u] for u in self.units])
            df.insert(0, "uCode", self.units)
            rows.append(df)
        return pd.concat(rows, ignore_index=True)


# What openpyxl raises on a damaged workbook: a broken zip, a missing part, broken XML.
XLSX_ERRORS = (OSError, ValueError, zipfile.BadZipFile, KeyError, EOFError, SyntaxError, TypeError, IndexError,
               InvalidFileException)


def read_table(path: str | Path) -> pd.DataFrame:
    """A CSV (UTF-8 or GBK) or XLSX file as strings, so nothing is silently coerced."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            try:
                return pd.read_excel(path, dtype=object, engine="openpyxl")
            except XLSX_ERRORS:
                raise DataError([DataIssue(path.name, None, None,
                                           "不是有效的 XLSX 文件,可能已损坏;请用 Excel 另存后重试 "
                                           "(not a valid .xlsx file: it may be damaged)")]) from None
        if suffix == ".csv":
            for enc in ("utf-8-sig", "gb18030"):
                try:
                    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding=enc)
                except UnicodeDecodeError:
                    continue
    except (OSError, ValueError) as exc:
        raise DataError([DataIssue(path.name, None, None, f"无法读取 (cannot read): {exc}")]) from None
    raise DataError([DataIssue(path.name, None, None, "只支持 .csv 或 .xlsx (only .csv or .xlsx)")])


def _find(columns, candidates):
    lower = {str(c).strip().lower(): c for c in columns}
    for cand in candidates:
        if cand.lower() in lower:
            return lower[cand.lower()]
    return None


def _to_number(cell):
    """A cell as float: blank -> NaN, text -> None (an error)."""
    if cell is None:
        return np.nan
    if isinstance(cell, (int, float, np.integer, np.floating)) and not isinstance(cell, bool):
        return float(cell)
    text = str(cell).strip().replace(",", "").replace("，", "")
    if text == "" or text.lower() in ("na", "nan", "n/a", "-", "—"):
        return np.nan
    try:
        return float(text)
    except ValueError:
        return None


def load_data(source, framework: Framework, filename: str | None = None,
              group_columns: list[str] | None = None) -> Panel:
    """Validate and load a data table against a framework; raise DataError listing every issue."""
    if isinstance(source, pd.DataFrame):
        df, fname = source.copy(), filename or "data"
    else:
        df, fname = read_table(source), filename or Path(source).name
    issues: list[DataIssue] = []
    df.columns = [str(c).strip() for c in df.columns]
    code_col = _find(df.columns, CODE_COLUMNS)
    name_col = _find(df.columns, NAME_COLUMNS)
    year_col = _find(df.columns, YEAR_COLUMNS)
    if code_col is None and name_col is None:
        raise DataError([DataIssue(fname, None, None,
                                   f"缺少单位代码或名称列 (need a unit column: one of {CODE_COLUMNS + NAME_COLUMNS})")])
    code_col = code_col or name_col
    inds = [n.code for n in framework.indicators]
    by_code = {n.code: n for n in framework.indicators}
    # a column may also be headed by the indicator's name
    name_to_code = {n.name: n.code for n in framework.indicators if n.name}
    rename = {c: name_to_code[c] for c in df.columns if c not in by_code and c in name_to_code}
    df = df.rename(columns=rename)
    special = {code_col, name_col, year_col} - {None}
    declared = set(group_columns or []) | set(framework.extra_columns)
    groups = [c for c in df.columns if c not in special and c not in by_code
              and (c in declared or GROUP_PATTERN.search(c))]
    for c in df.columns:
        if c not in special and c not in by_code and c not in groups:
            issues.append(DataIssue(fname, None, c, "未知指标 (unknown indicator): 不在框架中"))
    for code in inds:
        if code not in df.columns:
            issues.append(DataIssue(fname, None, code, f"缺少指标列 (missing indicator column) {by_code[code].name or code}"))

    values = np.full((len(df), len(inds)), np.nan)
    present = [c for c in inds if c in df.columns]
    for j, code in enumerate(inds):
        if code not in present:
            continue
        node = by_code[code]
        for i, cell in enumerate(df[code].tolist()):
            num = _to_number(cell)
            if num is None:
                issues.append(DataIssue(fname, i + 2, code, f"不是数字 (not a number): {str(cell)[:40]!r}"))
                continue
            if node.type == QUAL and not np.isnan(num):
                lo, hi = node.scale or (0.0, 100.0)
                if not lo <= num <= hi:
                    issues.append(DataIssue(fname, i + 2, code,
                                            f"定性评分超出范围 [{lo:g}, {hi:g}] (score out of range): {num:g}"))
                    continue
            values[i, j] = num

    codes = [str(c).strip() if c is not None and str(c).strip() not in ("", "nan") else "" for c in df[code_col].tolist()]
    names = ([str(c).strip() for c in df[name_col].tolist()] if name_col else codes)
    for i, c in enumerate(codes):
        if not c:
            issues.append(DataIssue(fname, i + 2, code_col, "单位代码为空 (empty unit code)"))
    if year_col:
        years_raw = df[year_col].tolist()
        years = []
        for i, y in enumerate(years_raw):
            num = _to_number(y)
            if num is None or np.isnan(num) or num != int(num):
                issues.append(DataIssue(fname, i + 2, year_col, f"年份无效 (bad year): {y!r}"))
                years.append(None)
            else:
                years.append(int(num))
    else:
        years = [0] * len(df)
    seen: dict[tuple, int] = {}
    for i, key in enumerate(zip(codes, years, strict=True)):
        if not key[0] or key[1] is None:
            continue
        if key in seen:
            issues.append(DataIssue(fname, i + 2, year_col or code_col,
                                    f"单位-年份重复 (duplicate unit-year) {key[0]} {key[1] if year_col else ''}, 与第 {seen[key]} 行相同".strip()))
        else:
            seen[key] = i + 2
    all_years = sorted({y for y in years if y is not None})
    units: list[str] = []
    for c in codes:
        if c and c not in units:
            units.append(c)
    if year_col and len(all_years) > 1:
        for u in units:
            have = {y for (c, y) in seen if c == u}
            for y in all_years:
                if y not in have:
                    issues.append(DataIssue(fname, None, year_col, f"单位 {u} 缺少 {y} 年 (unit missing a year)"))
    if not units and not issues:
        issues.append(DataIssue(fname, None, None, "没有数据行 (no data rows)"))
    if issues:
        raise DataError(issues)

    cube = np.full((len(all_years), len(units), len(inds)), np.nan)
    unit_idx = {u: k for k, u in enumerate(units)}
    name_map: dict[str, str] = {}
    group_map: dict[str, dict[str, str]] = {g: {} for g in groups}
    for i, (c, y) in enumerate(zip(codes, years, strict=True)):
        cube[all_years.index(y), unit_idx[c]] = values[i]
        name_map.setdefault(c, names[i] or c)
        for g in groups:
            val = df[g].iloc[i]
            if val is not None and str(val).strip() not in ("", "nan"):
                group_map[g][c] = str(val).strip()
    return Panel(units, name_map, all_years, inds, cube, group_map)
