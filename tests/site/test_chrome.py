"""The site chrome: the user bar and where each role lands, error pages, languages, the
design page, the admin's titles, favicon and robots.txt."""

from __future__ import annotations

import logging
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from parkpulse.site.errors import QuietPermissionDenied

pytestmark = pytest.mark.django_db
PASSWORD = "chrome-pass-123"


@pytest.fixture
def users():
    from parkpulse.leads.roles import CONSULTANT_GROUP
    from parkpulse.parks import roles
    from parkpulse.parks.models import Park

    User = get_user_model()
    made = {}
    for name in ("company", "manager", "editor", "consultant", "multi"):
        made[name] = User.objects.create_user(name, f"{name}@example.com", PASSWORD)
    made["admin"] = User.objects.create_superuser("admin", "admin@example.com", PASSWORD)
    roles.add_to_group(made["company"], roles.COMPANY)
    roles.add_to_group(made["manager"], roles.MANAGER)
    roles.add_to_group(made["editor"], roles.EDITOR)
    roles.add_to_group(made["consultant"], CONSULTANT_GROUP)
    park = Park.objects.create(name="甲示例高新区")
    park.managers.add(made["manager"])
    for name in ("乙示例园区", "丙示例园区"):
        Park.objects.create(name=name).managers.add(made["multi"])
    made["park"] = park
    return made


@pytest.mark.parametrize("role, where", [
    ("admin", "/collect/"), ("consultant", "/leads/"), ("editor", "/parks/review/"),
    ("company", "/parks/me/"), ("multi", "/parks/me/"),
])
def test_each_role_lands_where_its_work_is(client, users, role, where):
    r = client.post("/accounts/login/", {"username": role, "password": PASSWORD})
    assert r.status_code == 302 and r["Location"] == where


def test_a_manager_of_one_park_lands_on_it_and_next_still_wins(client, users):
    r = client.post("/accounts/login/", {"username": "manager", "password": PASSWORD})
    assert r["Location"] == users["park"].get_absolute_url()
    client.logout()
    r = client.post("/accounts/login/", {"username": "manager", "password": PASSWORD, "next": "/rankings/"})
    assert r["Location"] == "/rankings/"


def test_user_bar_shows_login_or_name_role_links_and_logout(client, users):
    html = client.get("/").content.decode()
    assert 'href="/accounts/login/"' in html and 'href="/parks/register/"' in html and "退出" not in html
    client.force_login(users["consultant"])
    html = client.get("/").content.decode()
    assert "您好，consultant" in html and 'data-role="desk"' in html and 'action="/accounts/logout/"' in html
    assert 'data-role="review"' not in html and 'data-role="collect"' not in html
    client.force_login(users["admin"])
    html = client.get("/").content.decode()
    assert all(f'data-role="{k}"' in html for k in ("desk", "review", "mine", "collect", "admin"))


def test_one_search_box_in_the_header_and_none_twice_on_home(client):
    html = client.get("/").content.decode()
    assert html.count('role="search"') == 1


def test_permission_denied_is_a_page_in_the_sites_look(client, users):
    client.force_login(users["manager"])
    r = client.get("/leads/")
    html = r.content.decode()
    assert r.status_code == 403 and "没有访问权限" in html and "parkpulse/site.css" in html
    assert "您当前以 manager 的身份登录" in html and "换个账号登录" in html
    en = client.get("/en/leads/").content.decode()
    assert "No permission" in en and 'lang="en"' in en


def test_denied_permission_logs_one_line_without_traceback():
    try:
        raise PermissionDenied
    except PermissionDenied:
        record = logging.LogRecord("django.request", logging.WARNING, __file__, 1,
                                   "Forbidden (Permission denied): %s", ("/leads/",), sys.exc_info())
    assert QuietPermissionDenied().filter(record) and record.exc_info is None
    text = logging.Formatter().format(record)
    assert text == "Forbidden (Permission denied): /leads/"
    other = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "boom", (), (ValueError, ValueError(), None))
    QuietPermissionDenied().filter(other)
    assert other.exc_info is not None  # real errors keep their traceback


def test_empty_405_gets_the_error_page_and_keeps_allow(client, users):
    client.force_login(users["consultant"])
    r = client.get("/leads/1/claim/")
    assert r.status_code == 405 and "不支持这种访问方式" in r.content.decode() and "POST" in r["Allow"]


def test_404_and_400_pages(client):
    from django.test import Client

    r = client.get("/no-such-page/")
    assert r.status_code == 404 and "页面不存在" in r.content.decode() and 'role="search"' in r.content.decode()
    r = Client(raise_request_exception=False).get("/", HTTP_HOST="evil.example")  # DisallowedHost → 400
    assert r.status_code == 400 and "请求有误" in r.content.decode()


def test_english_under_en_with_hreflang_and_a_switch(client):
    zh = client.get("/parks/").content.decode()
    assert '<html lang="zh-Hans">' in zh and 'hreflang="en" href="http://testserver/en/parks/"' in zh
    en = client.get("/en/parks/").content.decode()
    assert '<html lang="en">' in en and "Park directory" in en and 'hreflang="zh-Hans" href="http://testserver/parks/"' in en
    r = client.get("/lang/en/", {"next": "/parks/?province=江苏省"})
    assert r.status_code == 302 and r["Location"].startswith("/en/parks/") and r.cookies["django_language"].value == "en"
    assert "Park directory" in client.get("/parks/").content.decode()  # the cookie holds on plain paths
    r = client.get("/lang/zh-hans/", {"next": "/en/parks/"})
    assert r["Location"] == "/parks/"
    assert client.get("/lang/en/", {"next": "https://evil.example/"})["Location"] == "/en/"


def test_category_names_and_the_call_to_action_have_english(client):
    from django.utils import translation

    from parkpulse.portal.models import CallToAction, Category

    cat = Category.objects.create(slug="news", name="园区动态", name_en="Park news")
    cta = CallToAction.objects.create()
    with translation.override("en"):
        assert str(cat) == "Park news" and cta.display_button_label == "Send your needs"
    with translation.override("zh-hans"):
        assert str(cat) == "园区动态" and cta.display_button_label == "提交招商需求"
    cat.name_en = ""
    with translation.override("en"):
        assert cat.display_name == "园区动态"  # no English given: the Chinese name


def test_design_page_is_for_staff(client, users):
    assert client.get("/design/").status_code == 302
    client.force_login(users["company"])
    assert client.get("/design/").status_code == 403
    client.force_login(users["admin"])
    html = client.get("/design/").content.decode()
    assert "设计规范" in html and 'class="error-summary"' in html and "<table" in html and 'class="pagination"' in html


def test_admin_is_titled_with_the_site_name_and_apps_are_translated(client, users):
    client.force_login(users["admin"])
    html = client.get("/admin/").content.decode()
    assert "ParkPulse 园区情报 · 管理后台" in html and "登录保护" in html and "园区排名" in html and "采集" in html
    en = client.get("/en/admin/").content.decode()
    assert "ParkPulse Park Intelligence" in en and "Login protection" in en and "Collection" in en


def test_favicon_and_robots(client):
    r = client.get("/favicon.ico")
    assert r.status_code == 200 and r["Content-Type"] == "image/x-icon"
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text and "Disallow: /admin/" in text
