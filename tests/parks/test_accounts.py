"""Registration and login through the real LoginView with django-axes: lockout after
repeated failures (the right password is then refused too), Chinese messages."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from parkpulse.parks import roles
from tests.parks.conftest import make_user


@pytest.mark.django_db
def test_login_works_then_locks_after_failures(client, settings):
    assert settings.AXES_ENABLED
    user = make_user("li", roles.COMPANY)
    ok = client.post("/accounts/login/", {"username": "li", "password": "S3cure-pass-xyz", "next": "/parks/me/"})
    assert ok.status_code == 302 and ok["Location"] == "/parks/me/"
    assert client.get("/parks/me/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/parks/me/").status_code == 302

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        r = client.post("/accounts/login/", {"username": "li", "password": "wrong"})
        assert r.status_code == 200
        assert "请输入一个正确的" in r.content.decode()  # Django's Chinese message
    r = client.post("/accounts/login/", {"username": "li", "password": "wrong"})
    assert r.status_code == 429
    # locked: even the right password is refused, with a Chinese page
    r = client.post("/accounts/login/", {"username": "li", "password": "S3cure-pass-xyz"})
    assert r.status_code == 429
    html = r.content.decode()
    assert "登录已被暂时锁定" in html and str(settings.AXES_FAILURE_LIMIT) in html
    assert "_auth_user_id" not in client.session
    # another account from the same address is not locked (username + IP lockout)
    make_user("zhao")
    r = client.post("/accounts/login/", {"username": "zhao", "password": "S3cure-pass-xyz"})
    assert r.status_code == 302
    assert user.pk  # the locked user still exists, untouched


@pytest.mark.django_db
def test_register_validation_in_chinese_and_keeps_input(client):
    make_user("taken")
    r = client.post("/parks/register/", {
        "username": "taken", "email": "taken@example.com", "password1": "12345678", "password2": "87654321",
    })
    html = r.content.decode()
    assert r.status_code == 200
    assert "已存在一位使用该名字的用户。" in html
    assert "该邮箱已注册，请直接登录。" in html
    assert "输入的两个密码不一致。" in html
    assert 'value="taken@example.com"' in html
    assert get_user_model().objects.count() == 1


@pytest.mark.django_db
def test_register_then_redirect_to_safe_next_only(client):
    data = {"username": "chen", "email": "chen@example.com", "password1": "Yuanqu-2026-pass",
            "password2": "Yuanqu-2026-pass", "next": "https://evil.example.com/"}
    r = client.post("/parks/register/", data)
    assert r["Location"] == "/parks/me/"
    user = get_user_model().objects.get(username="chen")
    assert list(user.groups.values_list("name", flat=True)) == [roles.COMPANY]
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_login_page_is_chinese_and_links_registration(client):
    html = client.get("/accounts/login/?next=/parks/me/").content.decode()
    assert "登录" in html and "/parks/register/" in html and 'value="/parks/me/"' in html
    assert "ParkPulse" in html  # the site name, not the host name
