"""/collect/ wording: failure kinds in words, a state that agrees with the success rate."""

from __future__ import annotations

from types import SimpleNamespace

from parkpulse.collect import wording


def run(status="finished", errors=0, **counts):
    fields = dict(pages_fetched=0, articles_new=0, articles_updated=0, articles_unchanged=0, not_modified=0,
                  articles_duplicate=0, articles_rejected=0)
    fields.update(counts)
    return SimpleNamespace(status=status, error_count=errors, **fields)


def source(enabled=True):
    return SimpleNamespace(enabled=enabled)


def test_failure_kinds_are_named_in_words():
    assert wording.kind_label("robots_forbidden") == "robots.txt 禁止抓取"
    assert wording.kind_label("http_404") == "网页不存在（HTTP 404）"
    assert wording.kind_label("http_599").endswith("（HTTP 599）")
    assert "_" not in wording.kind_label("timeout")


def test_state_never_says_normal_beside_a_zero_success_rate():
    assert wording.state(source(), run("failed", 2), 0)[1] != "正常"
    assert wording.state(source(), run("finished", 1), 0)[0] == "bad"
    assert wording.state(source(), run(), 100) == ("ok", "正常")
    assert wording.state(source(), run(), 50)[0] == "warn"
    assert wording.state(source(enabled=False), run(), 100)[1] == "已停用"
    assert wording.state(source(), None, None)[1] == "尚未采集"


def test_run_counts_are_chinese_and_skip_zeros():
    counts = dict(wording.run_counts(run(pages_fetched=12, articles_new=5, articles_duplicate=1)))
    assert counts == {"抓取页面": 12, "新增": 5, "重复": 1}
