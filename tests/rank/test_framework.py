"""Framework trees: any depth, YAML round trip, COINr iMeta, and errors that name the node."""

import pytest
import yaml

from parkpulse.rank import Framework, FrameworkError, from_coinr_meta, load_framework


def test_any_depth_levels_and_effective_weights():
    fw = Framework.from_dict({"tree": {"code": "I", "children": [
        {"code": "P1", "weight": 3, "children": [
            {"code": "S1", "children": [{"code": "x1"}, {"code": "x2"}]},
            {"code": "x3"}]},
        {"code": "x4", "weight": 1}]}})
    assert fw.level(fw.node("S1")) == 2 and fw.level(fw.node("P1")) == 3 and fw.level(fw.root) == 4
    shares = fw.effective_weights()
    assert shares["x4"] == pytest.approx(0.25)
    assert shares["x1"] == pytest.approx(0.75 * 0.5 * 0.5)
    assert sum(shares.values()) == pytest.approx(1.0)
    assert [n.code for n in fw.aggregates] == ["S1", "P1", "I"]


def test_yaml_round_trip(tmp_path, small_framework):
    path = tmp_path / "f.yaml"
    small_framework.aggregation = {3: "gmean"}
    small_framework.save(path)
    again = Framework.load(path)
    assert again.to_dict() == small_framework.to_dict()
    assert again.node("q").type == "qual" and again.node("q").scale == (0, 10)
    assert again.method_for(again.root) == "gmean"


@pytest.mark.parametrize("mutate, node, words", [
    (lambda t: t["children"][0]["children"][0].update(direction=2), "a1", "direction"),
    (lambda t: t["children"][0]["children"][1].update(weight=-1), "a2", "weight"),
    (lambda t: t["children"][1].update(code="A"), "A", "duplicate"),
    (lambda t: t["children"][1]["children"][0].update(multiplier=0), "b1", "multiplier"),
    (lambda t: t["children"][1]["children"][0].update(normalise="minmax:9,1"), "b1", "LO<HI"),
    (lambda t: t["children"][0].update(aggregate="median"), "A", "unknown aggregation"),
    (lambda t: t["children"][1]["children"][1].update(type="ordinal"), "q", "type"),
    (lambda t: t["children"][0]["children"][0].update(colour="red"), "a1", "unknown keys"),
])
def test_validation_names_the_node(small_framework, mutate, node, words):
    data = small_framework.to_dict()
    mutate(data["tree"])
    with pytest.raises(FrameworkError) as exc:
        Framework.from_dict(data)
    assert repr(node) in str(exc.value) and words in str(exc.value)


def test_bad_yaml_file_names_the_file(tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text("tree: [unclosed", encoding="utf-8")
    with pytest.raises(FrameworkError, match="bad.yaml"):
        Framework.load(p)


def test_coinr_meta_round_trip(tmp_path, small_framework):
    meta = small_framework.to_coinr_meta()
    assert list(meta.columns) == ["Level", "iCode", "iName", "Direction", "Weight", "Type", "Parent"]
    path = tmp_path / "iMeta.csv"
    meta.to_csv(path, index=False)
    fw = load_framework(path)
    assert [i.code for i in fw.indicators] == ["a1", "a2", "b1", "q"]
    assert fw.node("a2").direction == -1 and fw.node("A").weight == 2


def test_coinr_meta_errors_name_the_node(tmp_path):
    p = tmp_path / "m.csv"
    p.write_text("Level,iCode,iName,Direction,Weight,Type,Parent\n1,x,x,1,1,Indicator,G\n2,Idx,Idx,1,1,Aggregate,\n",
                 encoding="utf-8")
    with pytest.raises(FrameworkError, match="'x'.*'G'"):
        from_coinr_meta(p)


def test_torch2021_preset_facts():
    fw = load_framework("torch2021")
    groups = {g.name: g.weight for g in fw.groups}
    assert groups == {"创新能力和创业活跃度": 20, "结构优化和产业价值链": 20, "绿色发展和宜居包容性": 15,
                      "开放创新和国际竞争力": 15, "综合质效和持续创新力": 30}
    assert len(fw.indicators) == 46
    assert fw.node("T1.1").multiplier == 0.8 and fw.node("T1.2").multiplier == 1.2
    # every entry whose weight is not published says so next to it
    unverified = [i for i in fw.indicators if i.code not in ("T1.1", "T1.2")]
    assert all("未核实 (not verified by us" in i.note for i in unverified)
    assert "国科发火〔2021〕106号" in fw.source
    raw = yaml.safe_load(open(__import__("parkpulse.rank.presets", fromlist=["x"]).preset_path("torch2021"), encoding="utf-8"))
    assert raw["tree"]["children"][4]["weight"] == 30
    assert sum(1 for i in fw.indicators if i.type == "qual") >= 1


def test_group_direction_flips_every_indicator_below_it(tmp_path):
    fw = Framework.from_dict({"tree": {"code": "I", "children": [
        {"code": "RISK", "direction": -1, "children": [{"code": "r1"}, {"code": "r2", "direction": -1}]},
        {"code": "x"}]}})
    assert fw.effective_direction(fw.node("r1")) == -1 and fw.effective_direction(fw.node("r2")) == 1
    assert Framework.from_dict(fw.to_dict()).node("RISK").direction == -1
    meta = fw.to_coinr_meta().set_index("iCode")
    assert meta.loc["r1", "Direction"] == -1 and meta.loc["RISK", "Direction"] == 1
