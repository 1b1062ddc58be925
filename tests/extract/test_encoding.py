"""Encoding traps: labels from the header, BOM and meta; wrong and malformed labels."""

import codecs

from parkpulse.extract import extract_article
from parkpulse.extract.encoding import sniff

from .pages import PARAS, page

# 镕 and 堃 are outside GB2312: a "gb2312" label needs GBK/GB18030 to read them.
RARE = "朱镕基与王堃在园区调研，强调要持续优化营商环境，推动高质量发展，确保各项政策落到实处。"


def _body(art):
    return art.text.split("\n")


def test_gbk_bytes_with_gb2312_label_read_as_gb18030():
    html = page(paras=PARAS + [RARE], charset="gb2312").encode("gbk")
    assert _body(extract_article(html)) == PARAS + [RARE]


def test_utf8_label_on_gbk_bytes():
    html = page(charset="utf-8").encode("gbk")
    assert _body(extract_article(html)) == PARAS


def test_no_label_gbk_bytes():
    html = page().replace('<meta charset="utf-8">', "").encode("gb18030")
    assert _body(extract_article(html)) == PARAS


def test_http_header_label_wins_over_nothing():
    html = page().replace('<meta charset="utf-8">', "").encode("gbk")
    art = extract_article(html, headers={"Content-Type": "text/html; charset=GBK"})
    assert _body(art) == PARAS


def test_malformed_http_equiv_meta():
    raw = page().replace('<meta charset="utf-8">',
                         '<meta http-equiv=Content-Type content="text/html;charset=gbk>')
    assert sniff(raw.encode("gbk")) == "gb18030"
    assert _body(extract_article(raw.encode("gbk"))) == PARAS


def test_bom_beats_a_wrong_meta_label():
    html = codecs.BOM_UTF8 + page(charset="gbk").encode("utf-8")
    assert _body(extract_article(html)) == PARAS


def test_utf16_with_bom():
    html = page().encode("utf-16")
    assert _body(extract_article(html)) == PARAS


def test_str_input_with_xml_declaration():
    html = '<?xml version="1.0" encoding="gbk"?>' + page()
    assert _body(extract_article(html)) == PARAS


def test_gb2312_label_on_utf8_bytes():
    html = page(charset="gb2312").encode("utf-8")
    assert _body(extract_article(html)) == PARAS
