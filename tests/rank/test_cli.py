"""``parkpulse rank``: outputs as the issue describes them, one-line errors."""

import json

import pandas as pd
import pytest

from parkpulse.rank import Framework, load_framework
from parkpulse.rank.sample import sample_panel
from parkpulse.site.cli import main


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("cli")
    fw = load_framework("torch2021")
    panel = sample_panel(fw, n_units=20, seed=1)
    panel.to_frame().to_csv(d / "data.csv", index=False)
    fw.to_coinr_meta().to_csv(d / "meta.csv", index=False)
    one = panel.to_frame()
    one[one.year == 2023].drop(columns="year").to_csv(d / "idata.csv", index=False)
    return d


def test_csv_one_row_per_unit_with_aggregates_and_rank(files, capsys):
    out = files / "r.csv"
    assert main(["rank", str(files / "data.csv"), "--framework", "torch2021", "--impute", "linear",
                 "--out", str(out)]) == 0
    df = pd.read_csv(out, encoding="utf-8-sig")
    assert list(df.columns) == ["code", "name", "TORCH", "T1", "T2", "T3", "T4", "T5", "rank"]
    assert len(df) == 20 and sorted(df["rank"]) == list(df["rank"])
    assert "已写出" in capsys.readouterr().out


def test_excel_has_levels_uncertainty_and_parameters(files, capsys):
    out = files / "r.xlsx"
    assert main(["rank", str(files / "data.csv"), "--framework", "torch2021", "--impute", "mean",
                 "--aggregate", "gmean", "--uncertainty", "200", "--seed", "4", "--year", "2022",
                 "--out", str(out)]) == 0
    sheets = pd.read_excel(out, sheet_name=None)
    assert {"Level1", "Level2", "Index", "Uncertainty", "Parameters", "EffectiveWeights"} <= set(sheets)
    assert len(sheets["EffectiveWeights"]) == 46
    assert list(sheets["Data"].columns[:3]) == ["code", "name", "T1.1"] and len(sheets["Data"]) == 20
    params = dict(zip(sheets["Parameters"]["parameter"], sheets["Parameters"]["value"], strict=True))
    assert json.loads(params["year"]) == 2022
    assert json.loads(params["uncertainty"])["seed"] == 4
    assert json.loads(params["options"])["aggregate"] == "gmean"
    unc = sheets["Uncertainty"]
    assert {"median_rank", "q05", "q95"} <= set(unc.columns)
    assert "Monte Carlo" in capsys.readouterr().err  # the progress bar


def test_coinr_tables_give_the_same_numbers_as_the_yaml_framework(tmp_path):
    fw = Framework.from_dict({"tree": {"code": "Index", "children": [
        {"code": "P1", "weight": 2, "children": [{"code": "x1"}, {"code": "x2", "direction": -1, "weight": 3}]},
        {"code": "P2", "children": [{"code": "x3"}, {"code": "x4"}]}]}})
    fw.save(tmp_path / "f.yaml")
    fw.to_coinr_meta().to_csv(tmp_path / "iMeta.csv", index=False)
    one = sample_panel(fw, n_units=15, seed=2, years=(2023,)).to_frame().drop(columns="year")
    one.to_csv(tmp_path / "iData.csv", index=False)
    outs = []
    for spec in ("f.yaml", "iMeta.csv"):
        out = tmp_path / f"{spec}.csv"
        assert main(["rank", str(tmp_path / "iData.csv"), "--framework", str(tmp_path / spec),
                     "--impute", "mean", "--aggregate", "gmean", "--out", str(out)]) == 0
        outs.append(pd.read_csv(out, encoding="utf-8-sig"))
    pd.testing.assert_frame_equal(outs[0], outs[1])
    assert list(outs[0].columns) == ["code", "name", "Index", "P1", "P2", "rank"]


@pytest.mark.parametrize("argv, words", [
    (["--framework", "nope"], "not a preset"),
    (["--framework", "torch2021", "--normalise", "foo"], "unknown normalisation"),
    (["--framework", "torch2021", "--year", "1999"], "year not in data"),
])
def test_errors_are_one_line(files, capsys, argv, words):
    code = main(["rank", str(files / "data.csv"), *argv, "--out", str(files / "x.csv")])
    err = capsys.readouterr().err
    assert code == 1 and words in err and "Traceback" not in err


def test_data_errors_list_cells(files, capsys):
    bad = files / "bad.csv"
    df = pd.read_csv(files / "data.csv", dtype=str)
    df.loc[3, "T2.1"] = "很多"
    df.to_csv(bad, index=False)
    code = main(["rank", str(bad), "--framework", "torch2021", "--out", str(files / "x.csv")])
    err = capsys.readouterr().err
    assert code == 1 and "第 5 行" in err and "'T2.1'" in err and "not a number" in err
