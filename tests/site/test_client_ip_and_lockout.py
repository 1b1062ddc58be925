"""One trusted-proxy setting for every user of the visitor's address, and the two login
limits: username + IP (a person's typos) and per IP (password spraying)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from parkpulse.site.client_ip import client_ip

rf = RequestFactory()


def request(remote="10.0.0.9", xff=None):
    extra = {"REMOTE_ADDR": remote}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return rf.get("/", **extra)


def test_without_a_trusted_proxy_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request(xff="1.2.3.4")) == "10.0.0.9"


def test_behind_proxies_the_nth_from_the_right_is_the_visitor(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request("127.0.0.1", "6.6.6.6, 203.0.113.5")) == "203.0.113.5"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request("127.0.0.1", "6.6.6.6, 203.0.113.5, 10.1.1.1")) == "203.0.113.5"
    # too few hops or garbage: the connecting address, never the forged text
    assert client_ip(request("127.0.0.1", "203.0.113.5")) == "127.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request("127.0.0.1", "not-an-ip")) == "127.0.0.1"


def login(client, username, password, ip="127.0.0.1", xff=None):
    extra = {"REMOTE_ADDR": ip}
    if xff:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return client.post("/accounts/login/", {"username": username, "password": password}, **extra)


@pytest.mark.django_db
def test_behind_a_proxy_one_attacker_cannot_lock_the_admin_out(client, settings):
    """Finding 4: with every visitor arriving from the proxy, axes keyed on REMOTE_ADDR."""
    settings.TRUSTED_PROXY_COUNT = 1
    get_user_model().objects.create_superuser("admin", "a@example.com", "Right-pass-2026")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "admin", "wrong", xff="198.51.100.66")
    assert login(client, "admin", "Right-pass-2026", xff="198.51.100.66").status_code == 429
    # the real admin, another visitor behind the same proxy, still gets in
    assert login(client, "admin", "Right-pass-2026", xff="203.0.113.10").status_code == 302


@pytest.mark.django_db
def test_password_spraying_from_one_address_is_locked(client, settings):
    """Finding 11: one wrong password each for many usernames never hit the user+IP limit."""
    settings.AXES_IP_FAILURE_LIMIT = 12
    get_user_model().objects.create_user("real", "r@example.com", "Right-pass-2026")
    for i in range(settings.AXES_IP_FAILURE_LIMIT - 1):
        assert login(client, f"user{i}", "Summer2026!", ip="192.0.2.7").status_code == 200
    # under the per-IP limit, a right password from that address still works
    assert login(client, "real", "Right-pass-2026", ip="192.0.2.7").status_code == 302
    client.post("/accounts/logout/")
    login(client, "user-last", "Summer2026!", ip="192.0.2.7")
    # the address is locked now, for every username, the right password included
    assert login(client, "real", "Right-pass-2026", ip="192.0.2.7").status_code == 429
    assert login(client, "real", "Right-pass-2026", ip="192.0.2.8").status_code == 302
