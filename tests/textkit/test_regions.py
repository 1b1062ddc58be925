from parkpulse.textkit.regions import find_regions


def codes(text, hints=()):
    return {r.code: r for r in find_regions(text, hints)}


def test_district_is_resolved_by_its_city():
    bj = codes("北京市朝阳区发布人工智能政策")
    cc = codes("吉林省长春市朝阳区汽车零部件企业扩产")
    assert "110105" in bj and "220104" not in bj
    assert "220104" in cc and "110105" not in cc
    assert bj["110105"].name == "北京市朝阳区" and bj["110105"].level == "district"


def test_district_resolved_by_province_when_city_absent():
    # 鼓楼区 exists in 南京, 徐州 (江苏), 福州 (福建) and 开封 (河南)
    got = codes("福建省鼓楼区举办招商推介会")
    assert "350102" in got
    assert not {"320106", "320302", "410204"} & got.keys()


def test_ambiguous_district_without_context_is_left_out():
    got = codes("鼓楼区举办招商推介会")
    assert not any(code.startswith(("3201", "3203", "3501", "4102")) for code in got)


def test_hints_from_a_linked_park_decide():
    got = codes("朝阳区算力中心开工", hints=("北京市",))
    assert "110105" in got


def test_parents_are_implied_and_short_forms_match():
    got = codes("苏州工业园区")
    assert got["320500"].count == 1  # 苏州 read as 苏州市
    assert got["320000"].count == 0  # 江苏省 implied
    assert "320583" in codes("昆山开发区")  # county-level city by its short name


def test_short_form_that_is_a_common_word_does_not_match():
    assert "130102" not in codes("和平发展")  # 石家庄市长安区 / 和平区 are not read from words
    assert not codes("新华社记者报道")


def test_short_county_name_needs_its_city_in_text_or_from_a_park():
    assert "330185" not in codes("临安绿色家居产业园开工")  # a county's short name alone
    assert "330185" in codes("临安绿色家居产业园开工", hints=("浙江省", "杭州市"))
    assert "330185" in codes("杭州市出台新政,临安的家居企业受益")


def test_common_word_place_needs_its_parent_right_before_it():
    assert "211300" in codes("辽宁朝阳新能源装备产业园开工")
    assert not {"211300", "110105", "220104"} & codes("辽宁省企业抓住朝阳产业机遇").keys()
    assert "623001" not in codes("甘肃省企业与园区开展战略合作")
    assert "623001" in codes("甘南合作文旅项目签约")


def test_a_declared_list_of_places_counts_every_unambiguous_name():
    # a form's region field (leads): 昆山 and 朝阳 are meant as places there
    found = {r.code for r in find_regions("昆山、辽宁朝阳", declared=True)}
    assert "320583" in found and "211300" in found
    assert not {r.code for r in find_regions("昆山")} & {"320583"}
    assert not [r for r in find_regions("鼓楼区", declared=True) if r.level == "district"]
