"""Stored copies of article pages (parkpulse.portal.copies): rendered at enrichment, served
byte for byte as a fresh render would be, never stale, never shared with a signed-in page."""

from __future__ import annotations

import re
import zlib
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.test import override_settings
from django.utils import timezone, translation

from parkpulse.portal import cache as page_cache
from parkpulse.portal import copies, views
from parkpulse.portal.models import Article, CallToAction, PageCopy, SiteGeneration
from parkpulse.search.bulk import enrich_batch

pytestmark = pytest.mark.django_db

BOT = {"HTTP_USER_AGENT": "Baiduspider"}  # a crawler's view is not counted: pages compare equal
TEXT = "青禾湾高新区标准厂房二期竣工，集成电路封装测试企业可按需租用标准厂房，园区提供人才公寓。"


def clear_memory():
    for c in caches.all(initialized_only=True):
        c.clear()


@pytest.fixture
def article(make_article, news, source):
    CallToAction.objects.create(title="找厂房，找园区", body="留下需求，顾问联系您。")
    a = make_article(category=news, source=source, title="标准厂房二期竣工 <测试>", author="示例作者",
                     body_text=TEXT, body_html=f"<p>{TEXT}</p>", source_url="https://example.com/a.html")
    b = make_article(category=news, title="青禾湾高新区集成电路封装测试企业入驻标准厂房",
                     body_text=TEXT + "首批企业签约。", body_html=f"<p>{TEXT}首批企业签约。</p>")
    enrich_batch([a.pk, b.pk])
    return a


def get(client, path, **extra) -> str:
    response = client.get(path, **{**BOT, **extra})
    assert response.status_code == 200
    return response.content.decode()


def fresh(client, path, **extra) -> str:
    clear_memory()
    with override_settings(PAGE_COPIES=False):
        html = get(client, path, **extra)
    clear_memory()
    return html


@pytest.mark.parametrize("lang", ["", "/en"])
@pytest.mark.parametrize("host,secure", [("testserver", False), ("portal.example.org:8443", True)])
def test_a_stored_copy_is_the_page_a_fresh_render_gives(client, article, lang, host, secure, monkeypatch, settings):
    settings.ALLOWED_HOSTS = ["testserver", "portal.example.org"]
    path = f"{lang}/article/{article.pk}/"
    expected = fresh(client, path, HTTP_HOST=host, secure=secure)
    assert PageCopy.objects.filter(article=article).count() == 2  # both languages, at enrichment
    renders = []
    real = views.render_to_string
    monkeypatch.setattr(views, "render_to_string", lambda *a, **kw: renders.append(1) or real(*a, **kw))
    served = get(client, path, HTTP_HOST=host, secure=secure)
    assert renders == [], "the stored copy is served, not rendered again"
    assert served == expected
    scheme = "https" if secure else "http"
    assert f'value="{scheme}://{host}{lang}/article/{article.pk}/"' in served  # the share link
    assert copies.HOST_MARK not in served and copies.VIEWS_MARK not in served


def test_the_view_count_is_each_requests_own(client, article):
    counts = []
    for _ in range(3):
        html = client.get(f"/article/{article.pk}/").content.decode()
        counts.append(int(re.search(r'<span class="view-count">(\d+)</span>', html).group(1)))
    assert counts == [1, 2, 3]
    article.refresh_from_db()
    assert article.view_count == 3


def test_edits_replace_the_copy_and_show_at_once(client, article, news):
    path = f"/article/{article.pk}/"
    get(client, path)
    before = PageCopy.objects.get(article=article, language="zh-hans").stamp

    article.title = "标准厂房二期竣工并交付"
    article.save()
    clear_memory()
    assert "标准厂房二期竣工并交付" in get(client, path)
    assert PageCopy.objects.get(article=article, language="zh-hans").stamp != before

    news.name = "园区新闻"  # a site-wide name: the site generation moves on
    news.save()
    clear_memory()
    crumb = re.search(r'<nav class="breadcrumb".*?</nav>', get(client, path), re.S).group(0)
    assert "园区新闻" in crumb and "园区动态" not in crumb

    cta = CallToAction.objects.get()
    cta.title = "免费匹配厂房"
    cta.save()
    clear_memory()
    html = get(client, path)
    assert "免费匹配厂房" in html and "找厂房，找园区" not in html


def test_a_copy_follows_the_relative_date(client, article):
    path = f"/article/{article.pk}/"
    assert "1天前" in get(client, path)  # make_article dates its first article a day back
    # The date moves without an editorial save (no new updated_at): the copy under the old
    # relative date must not be served.
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(days=40))
    clear_memory()
    html = get(client, path)
    assert "1个月前" in html and "1天前" not in html


def test_signed_in_and_search_pages_are_not_copies(client, article):
    user = get_user_model().objects.create_user("copy-reader", "r@example.com", "pw-copy-123")
    client.force_login(user)
    mine = get(client, f"/article/{article.pk}/")
    assert "copy-reader" in mine
    client.logout()
    for row in PageCopy.objects.filter(article=article):
        assert b"copy-reader" not in bytes(row.html)
    assert "copy-reader" not in get(client, f"/article/{article.pk}/")
    evil = '"><script>alert(1)</script>'
    searched = get(client, f"/article/{article.pk}/", data={"q": evil})
    assert "<script>alert(1)" not in searched and "&quot;&gt;&lt;script&gt;" in searched
    assert "&quot;&gt;&lt;script&gt;" not in get(client, f"/article/{article.pk}/")


def test_a_hidden_article_is_gone_whatever_its_copy(client, article):
    get(client, f"/article/{article.pk}/")
    Article.objects.filter(pk=article.pk).update(status=Article.Status.HIDDEN)
    assert client.get(f"/article/{article.pk}/").status_code == 404


def test_copies_off_stores_nothing_and_serves_the_same(client, make_article, news):
    with override_settings(PAGE_COPIES=False):
        a = make_article(category=news, body_text=TEXT, body_html=f"<p>{TEXT}</p>")
        enrich_batch([a.pk])
        html = get(client, f"/article/{a.pk}/")
    assert "青禾湾高新区标准厂房二期竣工" in html
    assert not PageCopy.objects.exists()


def test_a_copy_rendered_elsewhere_is_served_here(client, article):
    """What the enrichment worker stored is what a server process finds: the stamp depends on
    nothing that lives only in one process's memory."""
    row = views.count_and_version(article.pk, count=False)
    with translation.override("zh-hans"):
        stamp = copies.stamp(article.pk, *row[1:])
    assert PageCopy.objects.get(article=article, language="zh-hans").stamp == stamp
    # a new process: no memory of the site generation, the templates' digest or pages
    page_cache._generation = None
    page_cache._template_digest = None
    clear_memory()
    with translation.override("zh-hans"):
        assert copies.stamp(article.pk, *row[1:]) == stamp


def test_the_site_generation_lives_in_the_database(db):
    page_cache.bump_site_generation()
    token = SiteGeneration.objects.get(pk=1).token
    assert page_cache.site_generation() == token
    SiteGeneration.objects.filter(pk=1).update(token="elsewhere")  # another process's bump
    page_cache._generation = None  # ... seen once this process's copy is old
    assert page_cache.site_generation() == "elsewhere"


def test_copies_from_a_site_with_another_secret_are_not_served(client, article, monkeypatch):
    """A backup restored where the secret key differs: the stored copies hold marks this
    process does not fill, so they must be rendered anew, never shown with a mark in them."""
    old_host, old_views = copies.HOST_MARK, copies.VIEWS_MARK
    monkeypatch.setattr(copies, "HOST_MARK", "PPHOSTothersecret0001")
    monkeypatch.setattr(copies, "ORIGIN_MARK", "http://PPHOSTothersecret0001")
    monkeypatch.setattr(copies, "VIEWS_MARK", "PPVIEWSothersecret0001")
    clear_memory()
    html = get(client, f"/article/{article.pk}/")
    assert old_host not in html and old_views not in html
    assert "PPHOSTothersecret0001" not in html and "PPVIEWSothersecret0001" not in html
    assert f'value="http://testserver/article/{article.pk}/"' in html
    row = PageCopy.objects.get(article=article, language="zh-hans")
    assert "PPHOSTothersecret0001" in zlib.decompress(bytes(row.html)).decode()  # re-rendered here
