"""``parkpulse extract`` on a file: text output, JSON output, clear errors."""

import json

from parkpulse.site.cli import main

from .pages import PARAS, page


def test_extract_file_json(tmp_path, capsys):
    f = tmp_path / "a.html"
    f.write_bytes(page(charset="gbk").encode("gbk"))
    assert main(["extract", str(f), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["title"] == "园区前三季度经济运行情况"
    assert out["text"].split("\n") == PARAS
    assert out["reason"] == ""


def test_extract_file_text(tmp_path, capsys):
    f = tmp_path / "a.html"
    f.write_text(page(header_lines="作者：王小明 2024-09-28"), "utf-8")
    assert main(["extract", str(f)]) == 0
    out = capsys.readouterr().out
    assert "标题: 园区前三季度经济运行情况" in out and "作者: 王小明" in out and PARAS[0] in out


def test_missing_file_is_one_clear_line(tmp_path, capsys):
    assert main(["extract", str(tmp_path / "nope.html")]) == 1
    err = capsys.readouterr().err
    assert "文件不存在" in err and "Traceback" not in err
