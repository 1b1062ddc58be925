from parkpulse.textkit.industries import find_industries
from parkpulse.textkit.parks import ParkMatcher
from parkpulse.textkit.taxonomy import INDUSTRIES

ORIGINAL_CODES = ["biomed", "ic", "ai", "materials", "equipment", "energy", "ict", "services",
                  "auto", "green", "food"]


def test_taxonomy_codes_are_stable():
    assert [i.code for i in INDUSTRIES] == ORIGINAL_CODES


def test_industries_need_real_evidence():
    tags = {t.code: t for t in find_industries("合肥新能源汽车产业链", "动力电池与储能项目签约。")}
    assert "energy" in tags and "auto" in tags  # 新能源汽车 belongs to both
    assert not find_industries("园区新闻", "文中只提到一次金融。")


def test_latin_keywords_match_whole_words_only():
    assert not any(t.code == "ai" for t in find_industries("MAIL SAID", "EMAIL DETAIL"))
    assert any(t.code == "ai" for t in find_industries("AI 赋能", "AI 大模型"))


def test_park_names_longest_first_and_aliases():
    m = ParkMatcher([
        (1, ["苏州工业园区", "苏州园区"]),
        (2, ["苏州高新技术产业开发区", "苏州高新区"]),
        (3, ["工业园区管委会"]),
    ])
    found = {p.park_id: p for p in m.find("苏州工业园区管委会与苏州高新区签约,苏州园区参与。")}
    assert set(found) == {1, 2}  # 苏州工业园区 wins over the shorter 工业园区管委会 overlap
    assert found[1].count == 2 and set(found[1].names) == {"苏州工业园区", "苏州园区"}


def test_shared_alias_is_ambiguous_and_short_aliases_ignored():
    m = ParkMatcher([(1, ["东湖高新区", "光谷"]), (2, ["东湖高新区分园"]), (3, ["东湖高新区"])])
    assert [p.park_id for p in m.find("东湖高新区分园")] == [2]
    assert m.find("东湖高新区发布") == []  # alias of parks 1 and 3
    assert m.find("光谷") == []  # two characters: too short to link safely
