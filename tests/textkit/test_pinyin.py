"""Pinyin order for Chinese names."""

from parkpulse.textkit.pinyin import pinyin_key, sort_by_pinyin


def test_names_sort_by_pinyin_not_code_point():
    names = ["北京经开区", "安徽高新区", "重庆两江新区", "苏州工业园区", "长沙经开区"]
    assert sorted(names) != sort_by_pinyin(names)  # code-point order is not what readers expect
    assert sort_by_pinyin(names) == ["安徽高新区", "北京经开区", "长沙经开区", "重庆两江新区", "苏州工业园区"]


def test_key_is_stable_for_equal_pinyin():
    assert pinyin_key("黄山") != pinyin_key("皇山") and sort_by_pinyin(["皇山", "黄山"]) == sorted(["皇山", "黄山"], key=pinyin_key)
