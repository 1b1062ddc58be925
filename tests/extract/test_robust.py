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


def test_lone_surrogates_and_script_urls():
    text = "园区新闻正文内容很长很长，有标点，而且足够构成一个段落。" * 4
    art = extract_article(f"<html><body><p>\ud83d{text}\udc00</p></body></html>")
    assert art.text == text
    html = (f'<html><body><p><img src="javascript:alert(1)"><img src="/a.png">{text}</p>'
            f'<p><img src="data:image/png;base64,AAAA"></p></body></html>')
    art = extract_article(html, url="https://example.cn/n/1.html")
    assert art.images == ["https://example.cn/a.png"]
    assert "javascript" not in art.html and "data:" not in art.html


def test_broken_urls_do_not_cost_the_article():
    text = "园区新闻正文内容很长很长，有标点，而且足够构成一个段落。" * 4
    html = (f'<html><head><link rel="canonical" href="http://[broken"></head><body>'
            f'<p><img src="http://[::1"><img src="https://example.cn/ok.png">{text}</p></body></html>')
    art = extract_article(html, url="https://example.cn/n/1.html")
    assert art.text == text and art.reason == ""
    assert art.images == ["https://example.cn/ok.png"]
