"""The header and footer rendered once per language and site version (parkpulse.site.chrome):
each visitor still gets their own search text and ?next= addresses, signed-in visitors their
own name, and a renamed category shows in the menu at once."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from parkpulse.portal.models import Category

pytestmark = pytest.mark.django_db


def _header(response) -> str:
    return re.search(r'<header class="site-header">.*?</header>', response.content.decode(), re.S).group(0)


def test_each_request_gets_its_own_search_text_and_addresses(client):
    evil = '"><script>alert(1)</script>'
    first = _header(client.get("/search/", {"q": evil}))
    assert "<script>alert(1)" not in first and "&quot;&gt;&lt;script&gt;" in first
    second = _header(client.get("/parks/", {"page": "2"}))
    assert 'value=""' in second and "script" not in second
    # sign-in and language links carry this page's address, not the first page's
    assert 'href="/accounts/login/?next=/parks/%3Fpage%3D2"' in second
    assert 'href="/lang/en/?next=/en/parks/%3Fpage%3D2"' in second
    assert "/search/" not in re.sub(r'action="[^"]*"', "", second)
    home = _header(client.get("/"))
    assert 'href="/accounts/login/"' in home  # no ?next= on the home page
    english = _header(client.get("/en/parks/"))
    assert 'href="/en/accounts/login/?next=/en/parks/"' in english and ">Parks<" in english


def test_signed_in_header_is_the_users_own(client):
    User = get_user_model()
    a_user = User.objects.create_user("chrome-a", "a@example.com", "pw-chrome-123")
    b_user = User.objects.create_user("chrome-b", "b@example.com", "pw-chrome-123")
    client.get("/")  # the visitors' header is cached
    client.force_login(a_user)
    a = _header(client.get("/"))
    client.logout()
    client.force_login(b_user)
    b = _header(client.get("/"))
    assert "chrome-a" in a and "chrome-b" not in a
    assert "chrome-b" in b and "chrome-a" not in b
    assert 'name="csrfmiddlewaretoken"' in b  # the sign-out form
    client.logout()
    assert "chrome-b" not in _header(client.get("/"))


def test_a_renamed_category_shows_in_the_menu_at_once(client):
    cat = Category.objects.create(name="示例栏目甲", slug="chrome-a")
    assert "示例栏目甲" in _header(client.get("/"))
    cat.name = "示例栏目乙"
    cat.save()
    header = _header(client.get("/"))
    assert "示例栏目乙" in header and "示例栏目甲" not in header
