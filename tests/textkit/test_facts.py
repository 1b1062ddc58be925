"""Fact extraction on the labelled set (tests/textkit/facts_cases.py) and on unit rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from parkpulse.textkit.facts import FactExtractor, cn_number, extract_facts
from tests.textkit.facts_cases import CASES, PARKS

PRECISION_BAR = 0.90


@pytest.fixture(scope="module")
def extractor():
    return FactExtractor((name, [name, *aliases]) for name, aliases in PARKS.items())


def score(extractor):
    tp = fp = fn = 0
    errors = []
    for text, expected in CASES:
        want = {(p, m, Decimal(v), u) for p, m, v, u in expected}
        got = {f.key for f in extractor.extract(text)}
        tp += len(got & want)
        fp += len(got - want)
        fn += len(want - got)
        if got != want:
            errors.append((text, sorted(map(str, got - want)), sorted(map(str, want - got))))
    return tp, fp, fn, errors


def test_labelled_set_is_large_enough():
    assert len(CASES) >= 200
    assert sum(1 for _t, e in CASES if not e) >= 40  # sentences that must yield nothing


def test_precision_on_labelled_set(extractor, capsys):
    tp, fp, fn, errors = score(extractor)
    precision = tp / (tp + fp)
    recall = tp / (tp + fn)
    with capsys.disabled():
        print(f"\nfacts: {len(CASES)} cases, tp={tp} fp={fp} fn={fn} "
              f"precision={precision:.3f} recall={recall:.3f}")
    assert precision >= PRECISION_BAR, errors[:20]


def test_scaling_and_units(extractor):
    facts = extractor.extract("苏州工业园区实际使用外资5000万美元，研发投入3.2万亿元，新增工业用地1500亩。")
    got = {(f.metric, f.value, f.unit) for f in facts}
    assert ("实际使用外资", Decimal("0.5"), "亿美元") in got
    assert ("研发投入", Decimal("32000"), "亿元") in got
    assert ("新增面积", Decimal("1"), "平方公里") in got


def test_qualifiers_and_period():
    facts = extract_facts("2023年上半年，苏州工业园区高企总数累计超1800家，营收同比增长8%左右。",
                          [(1, ["苏州工业园区"])])
    by_metric = {f.metric: f for f in facts}
    assert by_metric["高新技术企业数"].qualifier == "累计超"
    assert by_metric["高新技术企业数"].period == "2023年上半年"
    assert by_metric["高新技术企业数"].year == 2023
    assert by_metric["增速"].qualifier == "同比约"
    assert by_metric["增速"].raw == "8%"


def test_relative_year_needs_the_publication_date():
    parks = [(1, ["东湖高新区"])]
    text = "去年，东湖高新区新增高新技术企业800家。"
    assert extract_facts(text, parks)[0].year is None
    fact = extract_facts(text, parks, published=date(2024, 3, 1))[0]
    assert (fact.year, fact.period) == (2023, "2023年")


def test_span_points_into_the_text():
    text = "会议召开。苏州工业园区营收达3000亿元。"
    (fact,) = extract_facts(text, [(7, ["苏州工业园区"])])
    assert text[fact.start:fact.end] == "3000亿元" and fact.park == 7
    assert fact.sentence == "苏州工业园区营收达3000亿元。"


def test_no_parks_or_no_text():
    assert extract_facts("苏州工业园区营收达3000亿元。", []) == []
    assert extract_facts("", [(1, ["苏州工业园区"])]) == []


def test_shared_alias_names_no_park():
    parks = [(1, ["甲高新区", "示范园"]), (2, ["乙高新区", "示范园"])]
    assert extract_facts("示范园营收达100亿元。", parks) == []


@pytest.mark.parametrize("text,value", [
    ("十三", 13), ("一百二十", 120), ("五千", 5000), ("两千零五", 2005), ("三点五", Decimal("3.5")),
])
def test_chinese_numerals(text, value):
    assert cn_number(text) == Decimal(value)


@pytest.mark.parametrize("text", ["一二", "十十", "百千", "十四五"])
def test_not_chinese_numerals(text):
    assert cn_number(text) is None


def test_qualifier_words_inside_keywords_do_not_count():
    (fact,) = extract_facts("苏州工业园区集中签约项目36个。", [(1, ["苏州工业园区"])])
    assert (fact.metric, fact.qualifier) == ("签约项目数", "")  # the 约 of 签约 is not 约


def test_period_carries_within_a_paragraph_only():
    text = "2024年上半年，苏州工业园区签约项目36个。园区实现营业收入1750亿元。\n园区税收达80亿元。"
    got = {f.metric: (f.period, f.year) for f in extract_facts(text, [(1, ["苏州工业园区"])])}
    assert got["营业收入"] == ("2024年上半年", 2024)
    assert got["税收"] == ("", None)  # a new paragraph starts without a period


def test_time_phrase_before_an_anaphoric_subject():
    facts = extract_facts("苏州工业园区召开会议。\n去年园区营收达3000亿元。", [(1, ["苏州工业园区"])],
                          published=date(2024, 5, 1))
    assert [(f.park, f.metric, f.value, f.year) for f in facts] == [(1, "营业收入", Decimal("3000"), 2023)]
