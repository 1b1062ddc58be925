"""A signed-in browser for tests: the session cookie of a user, made by Django's test client."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client


def session_cookie(username: str, live_url: str) -> list[dict]:
    """Playwright cookies that sign ``username`` in on the live server at ``live_url``."""
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [{"name": settings.SESSION_COOKIE_NAME, "value": value, "url": live_url}]
