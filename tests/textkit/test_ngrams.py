"""The bigram phrase of a query piece is found in a text's tokens exactly when the text holds it."""

from hypothesis import given
from hypothesis import strategies as st

from parkpulse.textkit.ngrams import index_grams, phrase, runs

HAN = st.text(alphabet="园区企业产业项目投资芯片", min_size=1, max_size=40)


def test_index_grams_cut_runs_into_bigrams_and_a_lone_last_character():
    assert index_grams("云溪经开区") == "云溪 溪经 经开 开区 区"
    assert index_grams("EDA工具、5G基站") == "eda 工具 具 5g 基站 站"
    assert runs("ＡＢＣ，苏州") == ["abc", "苏州"]


@given(text=HAN, start=st.integers(0, 40), size=st.integers(1, 8))
def test_phrase_found_iff_substring(text, start, size):
    piece = text[start:start + size]
    if not piece:
        return
    assert phrase(piece).found_in(index_grams(text).split()) == (piece in text)


@given(a=HAN, b=HAN)
def test_phrase_never_crosses_punctuation(a, b):
    piece = a[-1] + b[0]
    tokens = index_grams(f"{a}，{b}").split()
    assert phrase(piece).found_in(tokens) == (piece in a or piece in b)
