"""parkpulse.dedup: reposts are found, different stories are not, signatures round-trip."""

from __future__ import annotations

import random

import pytest

from parkpulse.dedup import (
    NearDupIndex,
    fingerprint,
    from_signature,
    jaccard,
    shingles,
    signature_bytes,
)

STORY = (
    "据园区管委会介绍，今年以来园区围绕集成电路主导产业开展精准招商，新落地项目二十三个，计划总投资约一百八十亿元。"
    "项目全部建成后，预计可实现年产值三百亿元，带动就业岗位四千个，进一步完善区域产业链条。"
    "为保障项目早开工、早投产，园区推行拿地即开工模式，将土地出让、规划许可和施工许可等环节压缩至七个工作日内。"
    "在人才引进方面，园区设立专项资金，对引进的高层次人才给予最高一百万元的安家补贴，并提供子女入学等配套服务。"
)
OTHER = (
    "市发展改革部门的数据显示，前三季度全市生物医药产业营业收入同比增长百分之十八，增速高于全市规模以上工业平均水平。"
    "业内人士分析，生物医药领域正处于技术迭代加快的阶段，需要在公共技术平台、中试基地和人才公寓等方面持续加大投入。"
    "园区智慧管理平台接入了企业用能、安全生产和物流运输等十二类数据，管理人员可以在一块大屏上掌握园区运行状况。"
)


def test_repost_with_boilerplate_and_reflowed_punctuation_is_similar():
    repost = "转载自示例园区观察网 编辑：赵青\n" + STORY.replace("，", ", ").replace("。", ".\n") + "（责任编辑：张三）"
    assert jaccard(fingerprint(STORY), fingerprint(repost)) >= 0.7


def test_different_stories_are_not_similar():
    assert jaccard(fingerprint(STORY), fingerprint(OTHER)) < 0.2


def test_shingles_ignore_case_width_and_punctuation():
    assert shingles("ＡＢＣ 园区，招商！") == shingles("abc园区招商")
    assert shingles("") == set()


def test_signature_round_trip_is_exact():
    fp = fingerprint(STORY)
    data = signature_bytes(fp)
    assert len(data) == 128 * 4
    assert jaccard(from_signature(data), fp) == 1.0
    with pytest.raises(ValueError):
        from_signature(b"abc")


def test_index_returns_earliest_verified_match():
    index = NearDupIndex(threshold=0.7)
    index.add(5, fingerprint(STORY))
    index.add(2, fingerprint("示例：" + STORY))
    index.add(9, fingerprint(OTHER))
    assert index.first_match(fingerprint(STORY + "（完）")) == 2
    assert index.first_match(fingerprint(OTHER)) == 9
    assert index.first_match(fingerprint("完全无关的一句话，讲的是天气和交通情况。")) is None
    index.remove(2)
    assert index.first_match(fingerprint(STORY)) == 5
    assert len(index) == 2


def test_many_distinct_random_texts_have_no_false_matches():
    rng = random.Random(7)
    chars = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    index = NearDupIndex(threshold=0.7)
    for i in range(300):
        index.add(i, fingerprint("".join(rng.choice(chars) for _ in range(400))))
    probe = "".join(rng.choice(chars) for _ in range(400))
    assert index.matches(fingerprint(probe)) == []
