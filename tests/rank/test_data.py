"""Reading data: every problem names the file, the row and the column."""

import numpy as np
import pandas as pd
import pytest

from parkpulse.rank import DataError, load_data


def issues(exc):
    return [(i.row, i.column, i.message) for i in exc.value.issues]


def test_reads_panel_and_names(small_framework, small_table):
    p = load_data(small_table, small_framework)
    assert p.units == ["x", "y", "z"] and p.years == [2020, 2021] and p.names["y"] == "Y"
    assert p.values.shape == (2, 3, 4) and p.values[1, 2, 0] == 4


def test_text_cell_unknown_column_duplicate_and_missing_year(small_framework, small_table, tmp_path):
    t = small_table.astype(object)
    t.loc[1, "a1"] = "abc"
    t["extra"] = 1
    t.loc[5, "uCode"] = "y"  # y appears twice in 2021, z misses 2021
    path = tmp_path / "d.csv"
    t.to_csv(path, index=False)
    with pytest.raises(DataError) as exc:
        load_data(path, small_framework)
    got = issues(exc)
    assert (3, "a1") in [(r, c) for r, c, _ in got]  # row 3 in the spreadsheet (header = row 1)
    assert any(c == "extra" and "unknown indicator" in m for _, c, m in got)
    assert any(r == 7 and "duplicate unit-year" in m for r, _, m in got)
    assert any("z" in m and "2021" in m and "missing a year" in m for _, _, m in got)
    assert all(i.file == "d.csv" for i in exc.value.issues)
    assert "d.csv" in str(exc.value)


def test_qualitative_score_outside_scale_is_rejected(small_framework, small_table):
    t = small_table.copy()
    t.loc[0, "q"] = 11
    with pytest.raises(DataError) as exc:
        load_data(t, small_framework)
    assert issues(exc)[0][:2] == (2, "q") and "out of range" in issues(exc)[0][2]


def test_blanks_are_missing_sparse_years_ok_and_names_as_headers(small_framework, small_table):
    t = small_table.astype(object)
    t.loc[4, "b1"] = ""
    t = t.rename(columns={"q": "评分"})  # a column headed by the indicator's name
    p = load_data(t, small_framework)
    assert np.isnan(p.values[1, 1, 2]) and p.values[0, 0, 3] == 3


def test_xlsx_and_coinr_idata(tmp_path, small_framework, small_table):
    one_year = small_table[small_table.year == 2021].drop(columns="year")
    path = tmp_path / "iData.xlsx"
    one_year.to_excel(path, index=False)
    p = load_data(path, small_framework)
    assert p.years == [0] and p.units == ["x", "y", "z"]


def test_missing_indicator_column(small_framework, small_table):
    with pytest.raises(DataError) as exc:
        load_data(small_table.drop(columns="b1"), small_framework)
    assert issues(exc)[0][1] == "b1" and "missing indicator" in issues(exc)[0][2]


def test_group_columns_are_kept(small_framework, small_table):
    t = small_table.assign(region_group=["东", "西", "东"] * 2)
    p = load_data(pd.DataFrame(t), small_framework)
    assert p.groups["region_group"]["z"] == "东"


def test_coinr_group_columns_declared_in_imeta_are_accepted(tmp_path, small_framework, small_table):
    from parkpulse.rank import from_coinr_meta

    meta = small_framework.to_coinr_meta()
    meta.loc[len(meta)] = {"Level": None, "iCode": "Region", "iName": "Region", "Direction": None,
                           "Weight": None, "Type": "Group", "Parent": None}
    fw = from_coinr_meta(meta)
    assert fw.extra_columns == ["Region"]
    p = load_data(small_table.assign(Region=["东", "西", "东"] * 2), fw)
    assert p.groups["Region"]["y"] == "西"
