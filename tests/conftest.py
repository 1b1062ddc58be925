"""Shared test fixtures: service availability rules and the real Chromium browser.

Tests that need PostgreSQL, Redis or Chromium skip on a user's machine that lacks them, with
the reason; with ``PARKPULSE_REQUIRE_SERVICES=1`` (set by ``.ci/run``) they fail instead, so CI
can never pass by skipping them.
"""

from __future__ import annotations

import os
import shutil
import socket

import pytest

REQUIRE = os.environ.get("PARKPULSE_REQUIRE_SERVICES") == "1" or bool(os.environ.get("CI"))


def need(condition: bool, reason: str) -> None:
    """Skip (user machine) or fail (CI) when a needed service is missing."""
    if condition:
        return
    if REQUIRE:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


def port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(autouse=True)
def _clear_cache():
    """Pages, fragments and the menu are cached (in Redis when REDIS_URL is set, as in CI,
    where the cache outlives each test's rolled-back rows): no test sees another's."""
    from django.conf import settings
    from django.core.cache import caches

    for alias in settings.CACHES:
        caches[alias].clear()
    yield
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Users made by tests (and the live server's logins, same process) hash with MD5: the
    production hasher costs ~0.3 s a password by design, seconds for a test's set of users.
    What is tested is who may do what, not the hasher; subprocess servers keep the real one."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
    need(port_open("127.0.0.1", 6379) or "127.0.0.1" not in url, f"Redis not reachable at {url}")
    return url


def chromium_path() -> str | None:
    return os.environ.get("PARKPULSE_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """A real headless Chromium (Debian's), driven by Playwright; no browser download."""
    path = chromium_path()
    need(path is not None, "Chromium not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in the main thread for the rest of the
    # session; Django would then refuse every ORM call made by tests (SynchronousOnlyOperation).
    # The tests are plain synchronous code, so the check does not apply to them.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def site_server(live_server, transactional_db):
    """The site served over HTTP, the one way the tests that talk to it start it.

    The server is pytest-django's ``live_server``: one threaded server for the whole session,
    started by the first test that asks. Its thread has its own database connection, so the
    test's rows are committed (``transactional_db``: no ``django_db(transaction=True)`` mark
    needed); the flush after each such test also empties the tables a data migration seeded
    (the industry taxonomy), which are put back here. Caches are emptied by ``_clear_cache``.
    Yields the base URL (http://localhost:PORT)."""
    from parkpulse.parks.models import Industry
    from parkpulse.textkit.taxonomy import INDUSTRIES

    for order, item in enumerate(INDUSTRIES):
        Industry.objects.get_or_create(code=item.code, defaults={"name": item.name, "order": order})
    yield live_server.url


@pytest.fixture
def live_site(browser, site_server):
    """``site_server`` for a test driving the real browser. ``browser`` (session-scoped) is set
    up first: it sets DJANGO_ALLOW_ASYNC_UNSAFE before the database fixtures run under
    Playwright's event loop."""
    return site_server
