"""The work budget and the refusal of what is not a web page (property tests).

Time and memory are measured in bench/extract_budget.py, never asserted here; these tests
check the bounds that keep them small: what reaches the parser and the scorer is capped, and
non-HTML input stops before any parsing.
"""

from __future__ import annotations

import gzip
import io
import json
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parkpulse.extract import budget, dom, extract_article, kind

PARA = "示例数据：园区管委会表示，将继续优化营商环境，把审批时间压缩到十个工作日以内。"
SLOW = settings(max_examples=12, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def page(paras: int, depth: int = 0, junk: str = "") -> str:
    body = "".join(f"<p>{PARA}{i}</p>" for i in range(paras))
    return (f'<html><head><meta charset="utf-8"><title>示例</title></head><body>{"<div>" * depth}'
            f'{junk}{body}{"</div>" * depth}</body></html>')


@SLOW
@given(st.integers(0, 60_000), st.integers(0, 400), st.text(max_size=300))
def test_what_reaches_the_scorer_is_bounded(paras, depth, junk):
    text, _ = budget.trim_markup(page(paras, depth, junk))
    assert len(text) <= budget.MAX_MARKUP
    root = dom.parse(text)
    if root is not None:
        budget.cut_elements(root)
        assert sum(1 for _ in root.iter()) <= budget.MAX_ELEMENTS


@SLOW
@given(st.integers(20_000, 60_000))
def test_huge_pages_are_cut_and_say_so(paras):
    art = extract_article(page(paras).encode())
    assert not art.reason
    assert art.text.startswith(PARA)
    assert any("budget" in n for n in art.notes)
    assert art.text.count("\n") < budget.MAX_ELEMENTS


def test_a_normal_page_is_not_cut():
    art = extract_article(page(40).encode())
    assert art.notes == [] and art.text.count("\n") == 39


def test_script_bloat_is_dropped_before_the_markup_cut():
    bloat = "<script>var x" + "=1;" * 1_000_000 + "</script><!--" + "x" * 500_000 + "-->"
    ld = '<script type="application/ld+json">{"@type":"NewsArticle","author":{"name":"王小明"}}</script>'
    art = extract_article(page(30, junk=ld + bloat).replace("<title>", ld + "<title>").encode())
    assert not art.reason and art.text.count("\n") == 29
    assert art.notes and "script" in art.notes[0]
    assert art.author == "王小明"  # JSON-LD survives the drop


@settings(max_examples=30, deadline=None)
@given(st.integers(257, 50_000))
def test_nesting_beyond_the_parser_limit_is_named(depth):
    art = extract_article(("<html><body>" + "<div>" * depth + f"<p>{PARA}</p>" * 5).encode())
    assert f"{budget.PARSER_DEPTH} levels" in (art.reason + " ".join(art.notes))


def test_content_before_deep_nesting_is_kept_with_a_note():
    head = "".join(f"<p>{PARA}{i}</p>" for i in range(10))
    art = extract_article(f"<html><body><div>{head}</div>{'<div>' * 600}<p>深处</p></body></html>")
    assert not art.reason and art.text.startswith(PARA)
    assert any("nested deeper" in n for n in art.notes)


# ---------------------------------------------------------------- not a web page
def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", PARA)
    return buf.getvalue()


NOT_PAGES = {
    "pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + PARA.encode() * 50,
    "zip": _zip(),
    "gzip": gzip.compress(page(10).encode()),
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200),
    "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(200),
    "json": json.dumps({"title": "示例", "body": PARA * 20}, ensure_ascii=False).encode(),
    "json list": json.dumps([{"t": PARA}] * 20, ensure_ascii=False).encode(),
    "rss": ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>示例</title>'
            f'<item><title>新闻</title><description>{PARA * 10}</description></item></channel></rss>').encode(),
    "atom": ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>示例</title>'
             f'<entry><content>{PARA * 10}</content></entry></feed>').encode(),
    "rss without declaration": f'<rss version="2.0"><channel><item><description>{PARA}</description></item></channel></rss>'.encode(),
    "xml": b'<?xml version="1.0"?><catalog><book><title>x</title></book></catalog>',
    "sitemap": b'<?xml version="1.0"?><urlset><url><loc>http://a.test/1</loc></url></urlset>',
}


def test_non_html_is_refused_with_its_kind():
    for name, data in NOT_PAGES.items():
        art = extract_article(data)
        assert art.reason.startswith(kind.NOT_A_PAGE), name
        assert not art.text, name


def test_xhtml_and_html_with_xml_declaration_are_pages():
    xhtml = ('<?xml version="1.0" encoding="utf-8"?><!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml">'
             f'<head><title>示例</title></head><body>{"".join(f"<p>{PARA}</p>" for _ in range(5))}</body></html>')
    assert extract_article(xhtml.encode()).text
    assert extract_article(xhtml).text


@settings(max_examples=60, deadline=None)
@given(st.binary(min_size=2000, max_size=50_000))
def test_random_bytes_are_binary_noise(data):
    art = extract_article(data)
    assert art.reason and not art.text


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(sorted(NOT_PAGES)), st.binary(max_size=3000))
def test_refusal_holds_whatever_follows_the_header(name, tail):
    art = extract_article(NOT_PAGES[name] + tail)
    assert art.reason and not art.text
