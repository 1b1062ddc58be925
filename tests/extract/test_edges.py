"""Notices at the ends of a body, headline sanity, bylines from the article's own lines, dates.

Pages are written for these tests (示例数据).
"""

from __future__ import annotations

import pytest

from parkpulse.extract import extract_article
from parkpulse.site.cli import main

from .pages import PARAS, page

ZHAOSHANG = "产业招商/厂房土地租售：400-000-0000 请说明您的需求、用途、税收、公司、联系人、手机号"
NOTICES = [
    # simplified
    "凡注明为其他媒体来源的信息，均为转载自其他媒体，转载并不代表本网赞同其观点，也不代表本网对其真实性负责。",
    "免责声明：本文仅代表作者个人观点，与本网无关。其原创性以及文中陈述文字和内容未经本站证实，对本文以及其中全部或者部分内容、"
    "文字的真实性、完整性、及时性本站不作任何保证或承诺，请读者仅作参考，并请自行核实相关内容。",
    "用手机随时随地看新闻",
    "关注示例产业信息网微信公众号，获取更多园区资讯",
    ZHAOSHANG,
    # traditional
    "本網站所刊載內容，未經授權不得轉載、摘編或利用其它方式使用上述作品。",
    "免責聲明：轉載文章僅代表原作者觀點，不代表本網立場。",
]


@pytest.mark.parametrize("notice", NOTICES)
def test_a_notice_at_the_end_goes_whatever_its_length(notice):
    art = extract_article(page(body_extra_after=f"<p>{notice}</p>"))
    assert art.text.split("\n") == PARAS


@pytest.mark.parametrize("notice", NOTICES[:3] + NOTICES[5:])
def test_a_notice_at_the_start_goes(notice):
    art = extract_article(page(body_extra_before=f"<p>{notice}</p>"))
    assert art.text.split("\n") == PARAS


def test_a_block_of_notices_and_a_qr_code_at_the_end_go():
    tail = "".join(f"<p>{n}</p>" for n in NOTICES[:2]) + '<p><img src="/qr.png" alt="二维码"></p>' + f"<p>{ZHAOSHANG}</p>"
    art = extract_article(page(body_extra_after=tail), url="https://example.cn/a/1.html")
    assert art.text.split("\n") == PARAS


def test_a_numbered_disclaimer_block_goes_with_its_heading():
    tail = ("<p>示例网版权与免责声明：</p><p>① 凡本网注明“来源：示例网”的所有作品，版权均属于示例网，"
            "未经本网授权不得转载。</p><p>② 如因作品内容、版权和其它问题需要同本网联系的，请在30日内进行。</p>")
    assert extract_article(page(body_extra_after=tail)).text.split("\n") == PARAS


def test_an_article_sentence_about_reposting_stays():
    inside = ("会上，市版权局通报了一起案件：某网站未经授权转载园区企业的原创报道，被依法责令删除，"
              "并就此不代表本网观点等免责条款的效力作了说明。")
    art = extract_article(page(paras=[PARAS[0], inside, PARAS[1], PARAS[2]]))
    assert inside in art.text.split("\n")
    # the same words at the very end of the body are a notice; in the middle they are text
    art = extract_article(page(paras=[PARAS[0], ZHAOSHANG + "，这是园区今年新推出的服务。", PARAS[1]]))
    assert len(art.text.split("\n")) == 3


def test_english_promos_go_but_a_wire_copyright_line_stays():
    paras = [f"The park said on Monday that it had signed {n} new projects this year, worth about "
             "thirty billion yuan in total, mostly in chips, drugs and electric cars." for n in ("forty", "ten", "six")]
    tail = "<p>Like this story? Share it with a friend!</p><p>Follow us on Twitter for more.</p>"
    art = extract_article(page(paras=paras, body_extra_after=tail))
    assert art.text.split("\n") == paras


def test_a_paragraph_shown_twice_in_a_row_is_kept_once():
    art = extract_article(page(paras=[PARAS[0], PARAS[0], PARAS[1], PARAS[2], PARAS[0]]))
    assert art.text.split("\n") == [PARAS[0], PARAS[1], PARAS[2], PARAS[0]]


def test_an_unclosed_logo_h1_is_not_the_title_and_keeps_the_body():
    body = "".join(f"<p>{p}</p>" for p in PARAS * 4)
    html = (f"<html><head><title>园区前三季度经济运行情况_示例网</title></head><body>"
            f"<h1><a href='/'>示例网</a><div class='content'>{body}</div></body></html>")
    art = extract_article(html)
    assert art.title == "园区前三季度经济运行情况"
    assert art.text.split("\n") == PARAS * 4


def test_a_title_tag_holding_the_text_is_not_the_title():
    long_title = "".join(PARAS)
    html = (f"<html><head><title>{long_title}</title></head><body><div class='content'>"
            f"{''.join(f'<p>{p}</p>' for p in PARAS)}</div></body></html>")
    art = extract_article(html)
    assert len(art.title) <= 120 and art.text.split("\n") == PARAS


def test_byline_admin_is_not_replaced_by_a_teasers_names():
    # A Z-Blog layout: the post's own line names an account; the related list below has a
    # teaser whose text carries other people's byline.
    related = ('<div class="relate"><h3>相关文章</h3><ul><li><a href="/p/2.html">园区调研报告</a>'
               '<p>作者：王丹阳 刘嘉文 梁喻 王绮静。报告认为园区需要进一步完善配套设施建设。</p></li></ul></div>')
    html = page(header_lines="作者：admin 发布时间：2024-09-28 10:30", body_extra_after="").replace(
        '<div class="sidebar">', related + '<div class="sidebar">')
    art = extract_article(html)
    assert art.author == ""
    assert art.published.date().isoformat() == "2024-09-28"


def test_byline_in_a_sidebar_teaser_is_not_the_author():
    teaser = '<div class="side2"><p>记者 李四 报道：另一条新闻的摘要文字，说明其他园区的情况。</p></div>' * 3
    html = page(header_lines="2024-09-28").replace('<div class="footer">', teaser + '<div class="footer">')
    art = extract_article(html)
    assert "李四" not in art.author


def test_a_linked_author_name_is_read():
    art = extract_article(page(header_lines='作者：<a href="/u/7">放飞&amp;心情</a> 2024-09-28'))
    assert art.author == "放飞&心情"


def test_several_names_alone_under_the_headline():
    art = extract_article(page(header_lines="王小明、李华"))
    assert art.author == "王小明 李华"


def test_a_government_documents_own_date_beats_the_posting_date():
    info = ("<table><tr><td>索引号：000000/2022-00001</td><td>发文机关：示例市人民政府</td>"
            "<td>成文日期：2022年01月27日</td><td>发布日期：2022年01月28日</td></tr></table>")
    html = page(header_lines=info, head_extra='<meta name="PubDate" content="2022-01-28">')
    assert extract_article(html).published.date().isoformat() == "2022-01-27"


def test_a_month_alone_under_the_headline_is_the_reports_date():
    html = page(header_lines="<p>示例课题组</p><p>2003年5月</p>")
    art = extract_article(html)
    assert (art.published.year, art.published.month) == (2003, 5)


def test_cli_refuses_a_pdf_in_one_line(tmp_path, capsys):
    f = tmp_path / "a.html"
    f.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    from parkpulse.site.cli import CliError
    try:
        code = main(["extract", str(f)])
    except CliError as exc:  # main may leave printing to its caller
        code, msg = 1, str(exc)
    else:
        msg = capsys.readouterr().err
    assert code != 0 and "not a web page: a PDF document" in msg
    assert len(msg.strip().splitlines()) == 1
