"""Portal pages rendered through Django's test client: every element of each page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from parkpulse.parks.models import Park
from parkpulse.portal.models import Article, CallToAction

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


# -- home ---------------------------------------------------------------------------------

def test_home_shows_latest_each_category_newest_and_search_box(client, make_article, news, policy):
    old = make_article(category=news, title="较早的园区新闻", published_at=timezone.now() - timedelta(days=400))
    make_article(category=news, title="最新园区新闻", published_at=timezone.now())
    make_article(category=policy, title="政策解读文章")
    make_article(title="草稿文章", status=Article.Status.DRAFT)
    page = html(client.get("/"))
    assert "最新园区新闻" in page and "政策解读文章" in page and old.title in page
    assert "草稿文章" not in page
    assert page.index("最新园区新闻") < page.index("政策解读文章")  # newest first
    # a section per category, linking to the category page
    assert 'href="/category/news/"' in page and 'href="/category/policy/"' in page
    assert re.search(r'<form[^>]+action="/search/"[^>]+method="get"', page)
    assert 'name="q"' in page


def test_base_layout_nav_links(client, db):
    page = html(client.get("/"))
    for href in ('href="/parks/"', 'href="/rankings/"', 'href="/leads/new/"'):
        assert href in page
    assert "/static/parkpulse/site.css" in page


def test_static_css_is_served_locally(client, db):
    from django.contrib.staticfiles import finders

    assert finders.find("parkpulse/site.css")


# -- category -------------------------------------------------------------------------------

def test_category_page_lists_title_date_summary_and_paginates(client, make_article, news, policy):
    for i in range(25):
        make_article(category=news, title=f"分页文章{i:02d}", summary=f"摘要{i:02d}")
    make_article(category=policy, title="别的栏目")
    first = html(client.get("/category/news/"))
    assert first.count('<li class="item') == 20
    assert "分页文章00" in first and "摘要00" in first and "别的栏目" not in first
    assert re.search(r"<time[^>]*>\d{4}-\d{2}-\d{2}</time>", first)
    assert 'href="?page=2"' in first
    second = html(client.get("/category/news/?page=2"))
    assert second.count('<li class="item') == 5 and "分页文章24" in second


def test_category_shows_cover(client, make_article, news):
    a = make_article(category=news)
    a.cover.name = "covers/x.png"
    a.save()
    assert '<img src="/media/covers/x.png"' in html(client.get("/category/news/"))


@pytest.mark.parametrize("query", [
    "?page=abc", "?page=-1", "?page=0", "?page=99999", "?page=1e9", "?page=" + "9" * 400,
    "?page=%00", "?page=1&page=2", "?page[]=x", "?%ff=%fe",
])
def test_category_malformed_page_never_500(client, make_article, news, query):
    make_article(category=news, title="唯一文章")
    response = client.get("/category/news/" + query)
    assert response.status_code == 200
    assert "唯一文章" in html(response)


def test_unknown_category_is_chinese_404(client, db):
    response = client.get("/category/nope/")
    assert response.status_code == 404
    assert "页面不存在" in html(response)


# -- article ------------------------------------------------------------------------------

@pytest.fixture
def full_article(make_article, news, source, tag):
    return make_article(
        title="青禾湾高新区启用标准厂房",
        author="陈舟",
        category=news,
        source=source,
        source_url="https://example.com/a/1.html",
        published_at=timezone.now() - timedelta(days=420),
        body_html="<p>正文第一段。</p>",
        tags=[tag("标准厂房")],
        is_sample=True,
    )


def test_article_page_elements(client, full_article):
    page = html(client.get(f"/article/{full_article.pk}/"))
    crumb = re.search(r'<nav class="breadcrumb".*?</nav>', page, re.S).group(0)
    text = re.sub(r"<[^>]+>|\s+", "", crumb)
    assert text == "首页&gt;园区动态&gt;正文内容"
    assert 'href="/category/news/"' in crumb and 'href="/"' in crumb
    assert "<h1>青禾湾高新区启用标准厂房" in page
    assert '作者：<span lang="zh-Hans">陈舟</span>' in page  # content stays Chinese on English pages too
    local = timezone.localtime(full_article.published_at).date().isoformat()
    assert f"1年前（{local}）" in page
    assert "<p>正文第一段。</p>" in page
    assert re.search(r'来源：<a href="https://example.com/"[^>]*>示例来源网</a>', page)
    assert 'href="https://example.com/a/1.html"' in page
    assert "网络蜘蛛" not in page
    assert "标准厂房" in page
    assert 'class="badge sample">示例<' in page and "示例数据" in page


def test_article_share_block_copy_link_and_qr(client, full_article):
    page = html(client.get(f"/article/{full_article.pk}/"))
    assert f'value="http://testserver/article/{full_article.pk}/"' in page
    assert 'id="copy-link" data-copy="share-url"' in page  # site.js copies it (navigator.clipboard)
    qr_url = f"/article/{full_article.pk}/qr.svg"
    assert f'src="{qr_url}"' in page
    response = client.get(qr_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.lstrip().startswith(b"<svg") and b"<path" in response.content


def test_qr_encodes_the_article_url(full_article):
    import segno

    from parkpulse.portal.qr import qr_svg

    url = f"http://testserver/article/{full_article.pk}/"
    expected = segno.make(url, error="m")
    width = expected.symbol_size(scale=4, border=2)[0]
    svg = qr_svg(url)
    assert f'width="{width}"'.encode() in svg and b"<path" in svg
    assert qr_svg(url) != qr_svg(url + "x")


def test_qr_of_unknown_or_hidden_article_is_404(client, make_article):
    hidden = make_article(status=Article.Status.HIDDEN)
    assert client.get(f"/article/{hidden.pk}/qr.svg").status_code == 404
    assert client.get("/article/987654/qr.svg").status_code == 404


def test_call_to_action_text_from_admin_and_link(client, full_article):
    CallToAction.objects.create(title="来园区建厂", body="告诉我们您的需求", button_label="立即咨询")
    page = html(client.get(f"/article/{full_article.pk}/"))
    assert "来园区建厂" in page and "立即咨询" in page
    assert f'href="/leads/new/?article={full_article.pk}"' in page


def test_call_to_action_edit_shows_up_and_disabled_hides(client, full_article):
    cta = CallToAction.objects.create(title="旧标题")
    url = f"/article/{full_article.pk}/"
    assert "旧标题" in html(client.get(url))
    cta.title = "新标题"
    cta.save()
    assert "新标题" in html(client.get(url))
    cta.enabled = False
    cta.save()
    assert 'class="cta"' not in html(client.get(url))


def test_related_list_up_to_eight_with_snippets(client, make_article, news):
    body = "青禾湾高新区标准厂房二期竣工，集成电路封装测试企业和生物医药企业可按需租用标准厂房。"
    base = make_article(category=news, title="青禾湾高新区标准厂房二期竣工", body_text=body,
                        body_html=f"<p>{body}</p>")
    # ten different stories on the subject (copies of one story would be near-duplicates)
    leads = ["首批租户入驻", "租金优惠公布", "配建人才公寓", "检测平台开放", "物业服务升级",
             "消防验收通过", "招租指南发布", "装修补贴兑现", "产线设备进场", "园区开放日举行"]
    for i, lead in enumerate(leads):
        text = f"{lead}:青禾湾高新区标准厂房迎来第{i}家集成电路封装测试企业，企业租用标准厂房扩产。"
        make_article(category=news, title=f"相关候选{i}", summary=f"候选摘要{i}",
                     body_text=text, body_html=f"<p>{text}</p>")
    make_article(category=news, title="无关的食堂菜单", body_text="本周食堂供应红烧肉和米饭。",
                 body_html="<p>本周食堂供应红烧肉和米饭。</p>")
    page = html(client.get(f"/article/{base.pk}/"))
    section = re.search(r'<section class="related">.*?</section>', page, re.S).group(0)
    assert "相关文章" in section
    assert section.count("<li>") == 8
    assert "候选摘要" in section and "相关候选" in section
    assert base.title not in section
    assert "无关的食堂菜单" not in section  # never shown just to fill the list


def test_page_shows_the_stored_related_list_in_order(client, make_article, news):
    # The page reads the list enrichment stored (portal/pagedata.py, one query); it must be
    # exactly what search's entry point related_articles() gives, in the same order.
    from parkpulse.search.related import related_articles

    text = "青禾湾高新区标准厂房二期竣工,集成电路封装测试企业可按需租用标准厂房,园区提供人才公寓。"
    base = make_article(category=news, title="标准厂房二期竣工", body_text=text, body_html=f"<p>{text}</p>")
    for i in range(3):
        make_article(category=news, title=f"相关报道{i}", body_text=text + f"第{i}批租户入驻。" * (i + 1),
                     body_html=f"<p>{text}</p>")
    expected = [a.title for a in related_articles(base)]
    assert expected, "the sample must have related articles"
    section = re.search(r'<section class="related">.*?</section>', html(client.get(f"/article/{base.pk}/")), re.S).group(0)
    shown = re.findall(r'<li><a href="/article/\d+/" lang="zh-Hans">([^<]+)</a>', section)
    assert shown == expected


def test_related_fragment_is_cached_but_view_count_is_not(client, make_article, news):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    text = "青禾湾高新区标准厂房二期竣工，集成电路封装测试企业可按需租用标准厂房。"
    base = make_article(category=news, title="标准厂房二期竣工", body_text=text, body_html=f"<p>{text}</p>")
    other = "首批集成电路封装测试企业租户入驻青禾湾高新区标准厂房二期,园区配建人才公寓和检测平台。"
    make_article(category=news, title="相关一", body_text=other, body_html=f"<p>{other}</p>")
    url = f"/article/{base.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        page = html(client.get(url))
    # a cached page costs one statement: the counter's UPDATE … RETURNING the versions
    statements = [q["sql"].split()[0].upper() for q in ctx.captured_queries]
    assert statements == ["UPDATE"]
    assert "相关一" in page
    assert '<span class="view-count">2</span>' in page


def test_mentioned_parks_are_linked(client, full_article):
    park = Park.objects.create(name="示例园区甲", is_sample=True)
    full_article.parks.add(park)
    assert f'href="/parks/{park.pk}/"' in html(client.get(f"/article/{full_article.pk}/"))


def test_article_without_category_or_source(client, make_article):
    a = make_article(title="无栏目文章")
    page = html(client.get(f"/article/{a.pk}/"))
    crumb = re.sub(r"<[^>]+>|\s+", "", re.search(r'<nav class="breadcrumb".*?</nav>', page, re.S).group(0))
    assert crumb == "首页&gt;正文内容"
    assert "来源：" in page


def test_article_with_only_source_url_links_original(client, make_article):
    a = make_article(source_url="https://news.example.org/x.html")
    assert 'href="https://news.example.org/x.html"' in html(client.get(f"/article/{a.pk}/"))


# -- sanitizing -----------------------------------------------------------------------------

def test_script_in_stored_body_never_reaches_the_page(client, make_article):
    a = make_article(body_html=(
        '<p onclick="steal()">安全段落</p><script>alert("xss")</script>'
        '<a href="javascript:alert(1)">链接</a><img src="x.png" onerror="alert(2)">'
        '<iframe src="https://evil.example/"></iframe><style>body{display:none}</style>'
    ))
    page = html(client.get(f"/article/{a.pk}/"))
    body = re.search(r'<div class="article-body">(.*?)</div>', page, re.S).group(1)
    assert "安全段落" in body
    for bad in ("<script", "alert(", "onclick", "onerror", "javascript:", "<iframe", "<style"):
        assert bad not in body
    assert '<img src="x.png"' in body


def test_title_and_summary_are_escaped(client, make_article):
    a = make_article(title='<script>alert("t")</script>标题', summary="<b>摘要</b>")
    page = html(client.get(f"/article/{a.pk}/"))
    assert '<script>alert("t")' not in page
    assert "&lt;script&gt;" in page


# -- view counter -----------------------------------------------------------------------------

def test_view_count_increments_once_per_view(client, make_article):
    a = make_article()
    for expected in (1, 2, 3):
        page = html(client.get(f"/article/{a.pk}/"))
        assert f'<span class="view-count">{expected}</span>' in page
    a.refresh_from_db()
    assert a.view_count == 3


@pytest.mark.parametrize("ua", [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
    "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Scrapy/2.11 (+https://scrapy.org)",
    "facebookexternalhit/1.1",
])
def test_crawlers_do_not_count(client, make_article, ua):
    a = make_article()
    response = client.get(f"/article/{a.pk}/", headers={"user-agent": ua})
    assert response.status_code == 200
    a.refresh_from_db()
    assert a.view_count == 0


def test_browsers_count_and_head_and_prefetch_do_not(client, make_article):
    a = make_article()
    chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0 Safari/537.36"
    client.get(f"/article/{a.pk}/", headers={"user-agent": chrome})
    client.head(f"/article/{a.pk}/")
    client.get(f"/article/{a.pk}/", headers={"sec-purpose": "prefetch;prerender"})
    a.refresh_from_db()
    assert a.view_count == 1


def test_view_count_untouched_for_hidden_article(client, make_article):
    a = make_article(status=Article.Status.HIDDEN, view_count=5)
    assert client.get(f"/article/{a.pk}/").status_code == 404
    a.refresh_from_db()
    assert a.view_count == 5


# -- errors ---------------------------------------------------------------------------------

@pytest.mark.parametrize("path", [
    "/article/0/", "/article/987654/", "/article/" + "9" * 30 + "/", "/article/abc/",
    "/article/-1/", "/nope/", "/article/1/qr.svg/../x",
])
def test_unknown_ids_are_chinese_404(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "404" in html(response) and "页面不存在" in html(response)


def test_draft_and_duplicate_articles_are_404(client, make_article):
    draft = make_article(status=Article.Status.DRAFT)
    original = make_article()
    repost = make_article(duplicate_of=original)
    assert client.get(f"/article/{draft.pk}/").status_code == 404
    assert client.get(f"/article/{repost.pk}/").status_code == 404


def test_server_error_page_is_chinese_and_needs_no_database(rf, settings):
    from parkpulse.portal.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "服务器错误" in response.content.decode()


def test_unhandled_exception_renders_chinese_500(client, make_article, monkeypatch):
    a = make_article()
    from parkpulse.portal import views

    def boom(pk, limit=8):
        raise RuntimeError("related broke")

    monkeypatch.setattr(views, "page_parts", boom)
    client.raise_request_exception = False
    response = client.get(f"/article/{a.pk}/")
    assert response.status_code == 500
    assert "服务器错误" in html(response)


def test_post_to_article_is_not_allowed(client, make_article):
    a = make_article()
    assert client.post(f"/article/{a.pk}/").status_code in (403, 405)


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"


def test_english_through_accept_language(client, make_article, news):
    a = make_article(category=news)
    page = html(client.get(f"/article/{a.pk}/", headers={"accept-language": "en"}))
    crumb = re.sub(r"<[^>]+>|\s+", "", re.search(r'<nav class="breadcrumb".*?</nav>', page, re.S).group(0))
    assert crumb == "Home&gt;园区动态&gt;Article"
    assert "Copy link" in page
    # Chinese stays the default without a header
    assert "复制链接" in html(client.get(f"/article/{a.pk}/"))


def test_cached_page_follows_edits_hiding_and_counts(client, make_article, news):
    a = make_article(category=news, title="初版标题")
    url = f"/article/{a.pk}/"
    assert "初版标题" in html(client.get(url))
    a.title = "修订后的标题"
    a.save()
    page = html(client.get(url))
    assert "修订后的标题" in page and "初版标题" not in page
    assert '<span class="view-count">2</span>' in page
    bot = {"user-agent": "Googlebot/2.1"}
    assert '<span class="view-count">2</span>' in html(client.get(url, headers=bot))
    Article.objects.filter(pk=a.pk).update(status=Article.Status.HIDDEN)  # admin "hide" action
    assert client.get(url).status_code == 404
    assert client.get(url, headers=bot).status_code == 404


def test_search_query_is_not_served_from_another_visitors_cache(client, make_article):
    a = make_article()
    client.get(f"/article/{a.pk}/")
    page = html(client.get(f"/article/{a.pk}/?q=储能"))
    assert 'value="储能"' in page
    assert 'value="储能"' not in html(client.get(f"/article/{a.pk}/"))


def test_editor_save_does_not_reset_view_count(client, make_article, admin_client):
    a = make_article(title="编辑中的文章")
    stale = Article.objects.get(pk=a.pk)  # loaded before the views happen, like an open form
    for _ in range(3):
        client.get(f"/article/{a.pk}/")
    stale.title = "编辑后的文章"
    stale.save()
    a.refresh_from_db()
    assert a.view_count == 3 and a.title == "编辑后的文章"


def test_signed_in_visitors_get_a_fresh_page_not_the_shared_one(client, admin_client, make_article, monkeypatch):
    from parkpulse.portal import views

    a = make_article()
    client.get(f"/article/{a.pk}/")  # fills the shared cache
    renders = []
    real = views.render_to_string
    monkeypatch.setattr(views, "render_to_string", lambda *args, **kw: renders.append(1) or real(*args, **kw))
    client.get(f"/article/{a.pk}/")
    assert renders == []  # anonymous: served from the cache
    admin_client.get(f"/article/{a.pk}/")
    assert renders == [1]


def test_lists_without_summaries_do_not_query_per_article(client, make_article, news,
                                                          django_assert_max_num_queries):
    for i in range(15):
        make_article(category=news, summary="", body_text=f"正文摘要来源{i}")
    with django_assert_max_num_queries(12):
        page = html(client.get("/category/news/"))
    assert "正文摘要来源0" in page
    with django_assert_max_num_queries(12):
        assert "正文摘要来源0" in html(client.get("/"))
