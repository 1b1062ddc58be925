"""Title, byline and date forms."""

import datetime as dt

import pytest

from parkpulse.extract import extract_article

from .pages import PARAS, page

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


MORE_BYLINES = {
    # a reporter in parentheses closing the text
    "trailing": (f"<p>{'园区今年新增高新技术企业一百余家，研发投入持续增长。' * 3}（记者 胡晓蓉）</p>", "胡晓蓉"),
    # a wire dateline opening the text
    "dateline": (f"<p>据新华社拉萨电（记者 格桑边觉）{'园区建设稳步推进，各项指标好于预期。' * 3}</p>", "格桑边觉"),
    # only an editor is named
    "editor": ("<p>（责任编辑：魏喆）</p>", "魏喆"),
    # a name followed by /文
    "slash_wen": ("<p>河南商报记者 马俊峰/文 受访者供图</p>", "马俊峰"),
}


@pytest.mark.parametrize("kind", sorted(MORE_BYLINES))
def test_bylines_inside_the_text(kind):
    html, expected = MORE_BYLINES[kind]
    if kind in ("editor",):
        art = extract_article(page(body_extra_after=html))
    else:
        art = extract_article(page(body_extra_before=html))
    assert art.author == expected


def test_blog_handle_after_by():
    art = extract_article(page(header_lines="<span>发布时间 2005/03/15 22:36:13 by duscha</span>"))
    assert art.author == "duscha"
    assert art.published == dt.datetime(2005, 3, 15, 22, 36, 13, tzinfo=SH)


def test_menu_link_is_not_a_reporter():
    # "记者江湖" is a forum section in a menu, not a byline
    art = extract_article(page().replace("栏目1</a>", "记者江湖</a>"))
    assert art.author == ""


def test_labelled_post_date_beats_archive_months():
    archive = "".join(f'<li><a href="/m/{m}">2004年{m}月 ({m})</a></li>' for m in range(1, 13))
    html = page(header_lines="<span>发表于 2004年12月27日 12:40</span>").replace(
        '<div class="sidebar">', f'<div class="sidebar"><ul>{archive}</ul>')
    art = extract_article(html)
    assert art.published == dt.datetime(2004, 12, 27, 12, 40, tzinfo=SH)


def test_month_first_only_when_the_day_says_so():
    art = extract_article(page(header_lines="<span>发布日期： 9/17/2004 5:54:13 AM</span>"))
    assert art.published == dt.datetime(2004, 9, 17, 5, 54, 13, tzinfo=SH)
    art = extract_article(page(header_lines="<span>发表时间： 06/02/2022 - 13:48</span>"))
    assert art.published == dt.datetime(2022, 2, 6, 13, 48, tzinfo=SH)


def test_a_date_the_text_talks_about_is_not_the_publication_date():
    para = "根据规划，园区将于2026年3月15日启动二期建设，届时将新增标准厂房二十万平方米，吸引更多企业入驻发展。"
    art = extract_article(page(paras=[para] * 3))
    assert art.published is None


COMMON_BYLINES = {
    "作者：张三 责任编辑：李四": "张三",
    "人民网北京9月28日电（记者张三）": "张三",
    "文/张三 图/李四": "张三",
    "来源：人民网-人民日报": "",
}


@pytest.mark.parametrize("line,expected", sorted(COMMON_BYLINES.items()))
def test_common_news_bylines(line, expected):
    art = extract_article(page(header_lines=f"<span>{line}</span> <span>2024-09-28 10:30</span>"))
    assert art.author == expected


def test_logo_in_h1_is_not_the_title():
    html = page().replace('<a href="/">示例产业信息网</a>', "<h1>示例产业信息网</h1>", 1)
    assert html.index("<h1>示例产业信息网</h1>") < html.index("<h1>园区前三季度")
    art = extract_article(html)
    assert art.title == "园区前三季度经济运行情况"


TITLES = {
    "劳伦斯：一个无法定义的“洛克菲勒”-示例财经网": ("劳伦斯：一个无法定义的“洛克菲勒”", "示例财经网"),
    "示例博客 » 播客热潮迅速蔓延": ("播客热潮迅速蔓延", "示例博客"),
    "海姑娘 - blog.example.com": ("海姑娘", "blog.example.com"),
    "园区动态_新闻中心_示例产业信息网": ("园区动态", "示例产业信息网"),
}


@pytest.mark.parametrize("raw", sorted(TITLES))
def test_title_and_site_from_the_title_tag(raw):
    html = (f'<html><head><meta charset="utf-8"><title>{raw}</title></head><body>'
            f'<div>{"".join(f"<p>{p}</p>" for p in PARAS)}</div></body></html>')
    art = extract_article(html)
    assert (art.title, art.site_name) == TITLES[raw]


def test_todays_date_in_the_site_bar_is_not_the_article_date():
    # some templates print the site bar (today's date, 旧版, 登录) right under the headline
    bar = '<div class="bar">2024年10月08日 <a href="/old">查看旧版</a> <a href="/login">登录</a></div>'
    art = extract_article(page(header_lines=bar))
    assert art.published is None


def test_name_line_under_the_headline():
    assert extract_article(page(header_lines="<p>胡平</p>")).author == "胡平"
    # a place under the headline is no author
    assert extract_article(page(header_lines="<p>高新区</p>")).author == ""
