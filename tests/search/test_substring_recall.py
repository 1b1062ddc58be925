"""The literal-substring property, on the real index of the configured database.

Generated 示例 articles (a small character pool, so pieces recur across articles) are stored
through the ORM and enriched as at ingest; any window of two to six characters of a title or
body, typed as a query, must find its article, and so must any English word in it.
"""

import random
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parkpulse.portal.models import Article
from parkpulse.search import context
from parkpulse.search.backends import get_backend
from parkpulse.search.query import SearchQuery, prepare

pytestmark = pytest.mark.django_db

POOL = "园区企业产业项目投资建设发展科技创新平台服务中心新区开放合作智能制造芯片电池汽车生物医药材料能源数据"
WORDS = ["chip", "EDA", "GPU", "5G", "Wi-Fi", "smart"]
PUNCT = ["，", "。", "、", "；", " ", "（", "）"]


def _text(rng: random.Random, n: int) -> str:
    out = []
    while len(out) < n:
        r = rng.random()
        if r < 0.08:
            out.append(rng.choice(PUNCT))
        elif r < 0.12:
            out.append(rng.choice(WORDS))
        else:
            out.append(rng.choice(POOL))
    return "".join(out)


@pytest.fixture
def corpus(db):
    rng = random.Random(10)
    return [
        Article.objects.create(title=f"示例{_text(rng, 16)}", body_text=f"示例数据。{_text(rng, 160)}",
                               status="published", is_sample=True)
        for _ in range(25)
    ]


def found(text: str) -> list[int]:
    q = prepare(SearchQuery(text), context.current().tokenizer)
    return get_backend().search(q).ids


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_window_of_title_or_body_finds_its_article(corpus, data):
    article = data.draw(st.sampled_from(corpus))
    text = data.draw(st.sampled_from([article.title, article.body_text]))
    size = data.draw(st.integers(2, 6))
    start = data.draw(st.integers(0, len(text) - size))
    end = start + size
    # English is matched by whole words: a window that cuts a word is widened to hold it
    while start > 0 and text[start - 1].isascii() and text[start - 1].isalnum() and text[start].isascii():
        start -= 1
    while end < len(text) and text[end].isascii() and text[end].isalnum() and text[end - 1].isascii():
        end += 1
    window = text[start:end]
    if sum(ch in POOL for ch in window) < 2:
        return  # the property is about pieces holding at least two Chinese characters
    assert article.pk in found(window), window


def test_every_english_word_finds_its_article(corpus):
    for article in corpus:
        for word in WORDS:
            whole = re.compile(rf"(?<![A-Za-z0-9]){re.escape(word)}(?![A-Za-z0-9])")
            if whole.search(article.body_text) or whole.search(article.title):
                assert article.pk in found(word), word


def test_absent_string_finds_nothing(corpus):
    assert found("zzqx不存在的词语") == []
    assert found("芯片zzqx") == []


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=30))
def test_any_input_is_answered_without_error(corpus, text):
    q = prepare(SearchQuery(text), context.current().tokenizer)
    res = get_backend().search(q)
    assert res.total == len(res.ids)
