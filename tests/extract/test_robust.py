"""extract_article never raises, whatever it is given."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parkpulse.extract import ExtractedArticle, extract_article


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000))
def test_arbitrary_bytes_never_raise(data):
    art = extract_article(data)
    assert isinstance(art, ExtractedArticle)
    assert art.text or art.reason


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=2000), st.one_of(st.none(), st.text(max_size=50)))
def test_arbitrary_text_and_url_never_raise(text, url):
    art = extract_article(text, url=url)
    assert isinstance(art, ExtractedArticle)


def test_deeply_nested_and_truncated_markup():
    deep = "<div>" * 20000 + "<p>正文内容在这里，测试深度嵌套的页面不会导致异常。</p>"
    art = extract_article(deep.encode())
    assert isinstance(art, ExtractedArticle)
    truncated = "<html><body><div class='content'><p>园区新闻正文第一段，内容完整。</p><p>第二段被截"
    art = extract_article(truncated.encode("gbk")[:-1])
    assert isinstance(art, ExtractedArticle)


def test_odd_inputs():
    for value in (None, 42, b"\x00" * 100, "\x00<p>x</p>", b"\xff\xfe\x00", bytearray(b"<p>hi</p>")):
        assert isinstance(extract_article(value), ExtractedArticle)
    art = extract_article("<p>x</p>", headers={"Content-Type": None, b"x": [1]})
    assert isinstance(art, ExtractedArticle)
