"""Title, byline and date forms."""

import datetime as dt

import pytest

from parkpulse.extract import extract_article

from .pages import page

BYLINES = {
    "作者：王小明": "王小明",
    "作者: 王小明 李华": "王小明 李华",
    "记者 王小明": "王小明",
    "本报记者 王小明 通讯员 李华": "王小明",
    "文/王小明": "王小明",
    "发布者：admin": "",
}


@pytest.mark.parametrize("line,expected", sorted(BYLINES.items()))
def test_byline_forms(line, expected):
    art = extract_article(page(header_lines=f"<span>{line}</span> <span>2024-09-28</span>"))
    assert art.author == expected


def test_author_meta_tag_and_admin_is_not_an_author():
    art = extract_article(page(head_extra='<meta name="author" content="张三">'))
    assert art.author == "张三"
    art = extract_article(page(head_extra='<meta name="author" content="admin">'))
    assert art.author == ""


SH = dt.timezone(dt.timedelta(hours=8))
DATES = {
    "2024年9月28日": dt.datetime(2024, 9, 28, tzinfo=SH),
    "发布时间：2024-09-28 10:30": dt.datetime(2024, 9, 28, 10, 30, tzinfo=SH),
    "1年前 (2024-09-28)": dt.datetime(2024, 9, 28, tzinfo=SH),
    "2024/9/28 08:05:09": dt.datetime(2024, 9, 28, 8, 5, 9, tzinfo=SH),
}


@pytest.mark.parametrize("line,expected", sorted(DATES.items()))
def test_date_line_forms(line, expected):
    art = extract_article(page(header_lines=f"<span>{line}</span>"))
    assert art.published == expected
    assert art.published.utcoffset() == dt.timedelta(hours=8)


def test_article_date_beats_footer_copyright_year():
    art = extract_article(page(header_lines="<span>2023-05-06</span>"))
    assert art.published.date() == dt.date(2023, 5, 6)


def test_json_ld_and_meta_dates_keep_their_zone():
    ld = '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-03-01T09:00:00+00:00"}</script>'
    art = extract_article(page(head_extra=ld))
    assert art.published == dt.datetime(2024, 3, 1, 9, tzinfo=dt.UTC)
    art = extract_article(page(head_extra='<meta property="article:published_time" content="2024-03-02">'))
    assert art.published == dt.datetime(2024, 3, 2, tzinfo=SH)


def test_title_from_h1_without_site_suffix_and_canonical():
    art = extract_article(page(head_extra='<link rel="canonical" href="/a/9.html">'), url="https://example.cn/x?id=9")
    assert art.title == "园区前三季度经济运行情况"
    assert art.canonical_url == "https://example.cn/a/9.html"
    assert art.language.startswith("zh")
