from parkpulse.textkit.keywords import extract_keywords
from parkpulse.textkit.tokenize import Tokenizer, normalize


def test_user_dictionary_keeps_park_and_industry_terms_whole():
    tk = Tokenizer(["张江科学城"])
    tokens = tk.cut("张江科学城集成电路与新能源汽车产业链招商引资")
    assert "张江科学城" in tokens
    assert "集成电路" in tokens and "新能源汽车" in tokens and "招商引资" in tokens


def test_private_tokenizer_does_not_touch_global_jieba():
    import jieba

    Tokenizer(["示例独有园区名"]).cut("示例独有园区名")
    assert "示例独有园区名" not in list(jieba.cut("示例独有园区名"))


def test_index_tokens_include_parts_of_long_words():
    tokens = Tokenizer(["苏州工业园区"]).cut_for_index("苏州工业园区生物医药")
    for part in ("苏州工业园区", "苏州", "园区", "生物医药"):
        assert part in tokens


def test_normalisation_drops_punctuation_and_folds_width_and_case():
    tk = Tokenizer()
    assert tk.cut("ＡＩ,大模型!!") == ["ai", "大模型"]
    assert normalize("“") == ""


def test_keywords_are_weighted_and_normalised():
    kws = extract_keywords(
        "苏州工业园区生物医药产业再获突破",
        "示例数据。苏州工业园区的生物医药企业围绕创新药加大研发投入,创新药企业数量增长。",
        tokenizer=Tokenizer(["苏州工业园区"]),
    )
    words = [k.word for k in kws]
    assert words[0] in {"苏州工业园区", "生物医药", "创新药"}
    assert "的" not in words and "示例数据" not in words
    assert abs(sum(k.weight ** 2 for k in kws) - 1.0) < 1e-3
    assert [k.weight for k in kws] == sorted((k.weight for k in kws), reverse=True)


def test_words_added_later_are_kept_whole():
    tk = Tokenizer()
    assert "示例新区甲乙丙" not in tk.cut("示例新区甲乙丙开工")
    tk.add_words(["示例新区甲乙丙"])
    assert "示例新区甲乙丙" in tk.cut("示例新区甲乙丙开工")
