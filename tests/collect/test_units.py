"""Pure helpers of the collector: canonical URLs, charset decoding, quality gate, sanitizing."""

from __future__ import annotations

from parkpulse.collect import quality
from parkpulse.collect.decode import decode_html
from parkpulse.collect.middlewares import retry_after_seconds
from parkpulse.collect.spiders.failures import classify
from parkpulse.collect.urls_canon import canonical_url
from parkpulse.sanitize import clean as clean_html

ZH = "苏州工业园区在国家高新区综合评价中位列第四，开放创新和国际竞争力单项排名第一。" * 4


def test_canonical_url_drops_tracking_and_fragment_keeps_content_params():
    base = "http://Example.com/news/1.html"
    variants = [
        base, base + "?utm_source=x&utm_medium=y", base + "#comments", base + "?from=timeline",
        base + "?spm=a.b.c&utm_campaign=z#top", base + "?gclid=1&fbclid=2",
    ]
    assert {canonical_url(v) for v in variants} == {"http://example.com/news/1.html"}
    assert canonical_url("http://example.com/a?id=42&utm_source=x") == "http://example.com/a?id=42"
    assert canonical_url("http://example.com/a?b=2&a=1") == "http://example.com/a?a=1&b=2"


def test_decode_gbk_labelled_utf8_and_utf8_labelled_gb2312():
    page = f'<html><head><meta charset="utf-8"></head><body>{ZH}</body></html>'
    text, enc = decode_html(page.encode("gbk"), "text/html; charset=utf-8")
    assert ZH in text and enc == "gb18030"
    page2 = page.replace("utf-8", "gb2312")
    text2, enc2 = decode_html(page2.encode("utf-8"), "text/html; charset=gb2312")
    assert ZH in text2 and enc2 == "utf-8"
    text3, _ = decode_html(page.encode("gb18030"), None)
    assert ZH in text3


def test_quality_gate_reasons():
    page = f"<html><body><p>{ZH}</p></body></html>"
    assert quality.check("t", ZH, "zh", page) == ""
    assert quality.check("t", "太短了", "zh", page) == "too_short"
    assert quality.check("t", "Здравствуйте " * 40, "", page) == "language"
    links = "".join(f'<a href="/n/{i}">{ZH[:30]}</a>' for i in range(10))
    assert quality.check("t", ZH, "zh", f"<html><body>{links}<p>短</p></body></html>") == "list_page"
    assert quality.check("t", ZH, "zh", page, include=["生物医药"]) == "keyword_missing"
    assert quality.check("t", ZH, "zh", page, exclude=["苏州"]) == "keyword_excluded"
    assert quality.guess_language("The park signed twelve new projects this quarter.") == "en"


def test_sanitize_removes_scripts_handlers_and_js_urls():
    dirty = ('<p onclick="x()">正文<script>alert(1)</script><a href="javascript:evil()">链接</a>'
             '<img src="http://e.com/a.png" onerror="x"><iframe src="http://e.com"></iframe></p>')
    clean = clean_html(dirty)
    assert "script" not in clean and "onclick" not in clean and "onerror" not in clean
    assert "javascript" not in clean and "iframe" not in clean
    assert "正文" in clean and 'src="http://e.com/a.png"' in clean


def test_retry_after_parsing():
    assert retry_after_seconds(b"3") == 3.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    assert retry_after_seconds(b"soon") is None
    assert retry_after_seconds(None) is None


def test_failure_classification():
    from scrapy.exceptions import DownloadTimeoutError, IgnoreRequest

    assert classify(IgnoreRequest("Forbidden by robots.txt")) == "robots_forbidden"
    assert classify(IgnoreRequest("max redirections reached")) == "redirect_loop"
    assert classify(DownloadTimeoutError("took too long")) == "timeout"
