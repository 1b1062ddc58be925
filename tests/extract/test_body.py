"""Main-content choice and paragraph-level boilerplate removal, one page per boilerplate kind."""

import pytest

from parkpulse.extract import ExtractedArticle, extract_article

from .pages import GOV_BODY, GOV_PAGE, NAV, PARAS, SPIDER_BODY, page, spider_page


def test_returns_dataclass_with_body_and_no_furniture():
    art = extract_article(page().encode("utf-8"), url="https://example.cn/a/1.html")
    assert isinstance(art, ExtractedArticle)
    assert art.reason == ""
    assert art.text.split("\n") == PARAS
    assert "栏目1" not in art.text and "热门文章" not in art.text and "ICP" not in art.text
    assert art.title == "园区前三季度经济运行情况"
    assert art.site_name == "示例产业信息网"


BOILERPLATE = {
    "share": '<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>',
    "spider_copyright": "<p>版权声明：本文由网络蜘蛛自动收集于网络，如有侵权请联系删除。</p>",
    "related": '<h3>相关文章</h3><ul><li><a href="/1">园区招商政策解读</a><p>园区出台了一系列优惠政策，涵盖税收、用地和人才。</p></li>'
               '<li><a href="/2">产业基金设立</a><p>首期规模二十亿元，重点投向新兴产业。</p></li></ul>',
    "prev_next": '<p>上一篇：<a href="/p">园区召开安全生产会议</a></p><p>下一篇：<a href="/n">新能源项目签约</a></p>',
    "contact": "<p>联系电话：0512-66668888</p><p>长按识别二维码，添加微信号 yuanqu2024 获取更多资讯</p>",
    "qr": "<p>扫一扫关注我们的公众号</p>",
    "cookies": "<p>This website uses cookies. By continuing to browse it you agree to our use of cookies.</p>",
    "footer_phrase": "<p>示例产业信息网 版权所有 苏ICP备00000000号</p>",
    "wechat_signoff": ("<p>END</p><p>来源：示例园区公众号</p><p>编辑：张三 审核：李四</p><p>阅读原文</p>"
                       '<p>往期推荐</p><p><a href="/x">园区召开年度总结大会</a></p><p>点个在看，你最好看</p>'),
}


@pytest.mark.parametrize("kind", sorted(BOILERPLATE))
def test_boilerplate_inside_body_is_removed(kind):
    art = extract_article(page(body_extra_after=BOILERPLATE[kind]))
    assert art.text.split("\n") == PARAS, kind


def test_header_lines_above_body_are_not_body():
    header = "<span>作者：王小明</span> <span>来源：示例日报</span> <span>发布时间：2024-09-28 10:30</span>"
    art = extract_article(page(body_extra_before=f"<p>{header}</p>"))
    assert art.text.split("\n") == PARAS


def test_paragraph_mentioning_a_keyword_is_kept():
    para = ("关于相关文章的转载问题，园区宣传部门表示，欢迎各类媒体在注明出处的前提下转载，"
            "并将于下月上线新的新闻发布平台，方便公众及时了解园区动态。")
    art = extract_article(page(paras=PARAS + [para]))
    assert para in art.text


def test_nav_heavy_page_picks_the_article_not_the_menu():
    html = page().replace(NAV, NAV * 6)
    assert extract_article(html).text.split("\n") == PARAS


def test_html_is_sanitized_and_images_are_absolute():
    extra = ('<p><img src="/img/a.jpg" onerror="alert(1)"></p><script>alert(2)</script>'
             '<p onclick="evil()">园区夜景如图所示，灯火通明，一派繁忙景象，展示了园区的发展活力。</p>')
    art = extract_article(page(body_extra_after=extra), url="https://example.cn/news/1.html")
    assert art.images == ["https://example.cn/img/a.jpg"]
    assert '<img src="https://example.cn/img/a.jpg"' in art.html
    assert "script" not in art.html and "onerror" not in art.html and "onclick" not in art.html
    assert "alert" not in art.text


def test_empty_and_bodiless_pages_give_a_reason():
    for raw in (b"", b"   ", "<html><body></body></html>", b"<html><body><a href='/'>home</a></body></html>"):
        art = extract_article(raw)
        assert art.text == "" and art.reason


def test_related_box_inside_the_text_is_skipped_until_prose_resumes():
    box = ('<p>相关阅读：</p><p><a href="/1">园区召开年度工作会议</a></p>'
           '<p><a href="/2">新能源项目集中签约</a></p>')
    art = extract_article(page(paras=PARAS[:1] + [box] + PARAS[1:]).replace(
        f"<p>{box}</p>", box))
    assert art.text.split("\n") == PARAS


def test_hidden_duplicate_and_comments_are_not_body():
    extra = (f'<em style="display: none">{PARAS[0]}</em>'
             '<div class="comment-list"><p>网友甲：这篇报道写得很好，园区发展越来越快了，希望继续加油！</p></div>')
    art = extract_article(page(body_extra_after=extra))
    assert art.text.split("\n") == PARAS


def test_table_layout_with_paragraphs_between_link_tables():
    links = "".join(f'<tr><td><a href="/x/{i}">链接标题第{i}条新闻内容</a></td></tr>' for i in range(30))
    body = "".join(f"<p>{p}" for p in PARAS)
    html = (f'<html><head><meta charset="utf-8"><title>旧式页面</title></head><body><table><tr><td>'
            f'<table>{links}</table>{body}<table>{links}</table>'
            f'</td></tr></table><table><tr><td>版权所有 示例网站 联系电话：010-12345678，地址：北京市。</td></tr></table>'
            f'</body></html>')
    art = extract_article(html)
    for p in PARAS:
        assert p in art.text
    assert "链接标题" not in art.text


def test_table_of_figures_is_kept_as_a_table():
    rows = "".join(f"<tr><td>{i}</td><td>园区{i}</td><td>{100 - i}.5</td></tr>" for i in range(1, 9))
    table = f"<table><tr><th>排名</th><th>园区</th><th>得分</th></tr>{rows}</table>"
    art = extract_article(page(body_extra_after=table))
    assert "<table>" in art.html and "<td>园区3</td>" in art.html
    assert "园区3" in art.text


def test_blog_page_listing_several_posts_gives_the_first():
    def post(i):
        text = f"这是第{i}篇日志的正文内容，记录了园区参观的见闻和感想。" * (2 + 3 * i)
        return f'<div class="post"><h2>第{i}篇日志</h2><div class="post-body"><p>{text}</p></div></div>'
    html = ('<html><head><meta charset="utf-8"><title>某人的博客</title></head><body>'
            + "".join(post(i) for i in range(1, 4)) + "</body></html>")
    art = extract_article(html)
    assert "第1篇日志的正文" in art.text and "第3篇日志的正文" not in art.text


@pytest.mark.parametrize("related_class", ["xgwz", "box2"])
def test_spider_fed_portal_page(related_class):
    art = extract_article(spider_page(related_class).encode("utf-8"), url="https://example.cn/a/2.html")
    assert art.text.split("\n") == SPIDER_BODY
    assert art.title == "示例工业园区综合排名第四"
    assert art.author == ""  # the poster account "admin" is no author
    assert art.published.date().isoformat() == "2024-09-28"
    assert art.images == []


def test_wechat_article_revealed_by_script_is_read():
    paras = "".join(f"<p><span>{p}</span></p>" for p in PARAS)
    side = "".join(f"<p>{PARAS[0]}</p>" for _ in range(3))  # long page furniture around it
    html = (f'<html><head><meta charset="utf-8"><title>园区动态</title></head><body>'
            f'<div id="js_article"><h1 class="rich_media_title">园区动态</h1>'
            f'<div class="rich_media_content" id="js_content" style="visibility: hidden;">{paras}</div>'
            f'</div><div class="qr_code_pc"><p>微信扫一扫关注该公众号</p></div>'
            f'<div style="display:none" class="tips">{side}</div></body></html>')
    assert extract_article(html).text.split("\n") == PARAS


def test_government_notice_on_a_table_layout():
    art = extract_article(GOV_PAGE.encode("gbk"), url="http://swt.example.gov.cn/tzgg/1.html")
    assert art.text.split("\n") == GOV_BODY
    assert art.title == "关于开展开发区综合发展水平评价工作的通知"
    assert art.author == "示例省商务厅"  # the issuing authority
    assert art.published.isoformat() == "2024-03-05T09:30:00+08:00"


def test_wechat_follow_prompt_above_the_text():
    art = extract_article(page(body_extra_before="<p>点击上方蓝字关注我们</p>"))
    assert art.text.split("\n") == PARAS
