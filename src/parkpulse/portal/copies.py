"""Stored copies of article pages: rendered once when an article is enriched, then served.

A cold article page (one that no server process holds in memory) cost a full template
render, most of its time. Nearly all of that page changes only when the article, its tags
or its related list change, which is when enrichment runs. So enrichment also renders the
page in each language and stores it (``PageCopy``, zlib-compressed); a reader's request
then costs the view-count statement, one indexed read and two string replacements.

A copy is the page an anonymous visitor sees at the article's own address, with marks
where each request's origin (absolute links, the share URL) and view count go. Its stamp
holds the versions of everything the page shows (``parkpulse.portal.cache``): the article,
its index and related list, the site generation, the templates, the language and the
relative date ("3天前"). A request that finds no copy under its stamp renders the page the
same way and stores it, so a copy goes stale (a renamed category, a deploy, a date that
turned from "3天前" to "4天前") without ever being shown stale. Signed-in visitors and
search-box requests get the page rendered for them, as before.

``PARKPULSE_PAGE_COPIES=0`` turns copies off (about 4 KB per article and language).
"""

from __future__ import annotations

import hashlib
import logging
import zlib
from collections.abc import Iterable
from functools import cache

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError, connections, router, transaction
from django.http import HttpRequest
from django.urls import get_script_prefix
from django.utils import translation

from parkpulse.portal import cache as page_cache
from parkpulse.portal.models import PageCopy
from parkpulse.portal.pagedata import aware_datetime

log = logging.getLogger(__name__)


def _mark(purpose: str) -> str:
    # Stable across processes (copies outlive the process that rendered them), unguessable
    # without the secret key, so no article text can forge one; letters and digits only,
    # which no filter or escape alters.
    digest = hashlib.blake2b(f"{settings.SECRET_KEY}:{purpose}".encode(), digest_size=8).hexdigest()
    return f"PP{purpose.upper()}{digest}"


HOST_MARK = _mark("host")
VIEWS_MARK = _mark("views")
ORIGIN_MARK = f"http://{HOST_MARK}"


def enabled() -> bool:
    # Not under DEBUG: a template being edited must show without a restart.
    return getattr(settings, "PAGE_COPIES", True) and not settings.DEBUG


def stamp(pk: int, updated_at, indexed_at, related_at, published_at) -> str:
    """The versions of everything an article page shows, in the current language."""
    from parkpulse.portal.templatetags.portal_tags import reltime

    language = translation.get_language()
    # Dates as aware datetimes, whatever the database handed back, so that a stamp reads
    # the same on SQLite and PostgreSQL.
    updated_at, indexed_at, related_at, published_at = (
        aware_datetime(v) for v in (updated_at, indexed_at, related_at, published_at))
    # The marks too: a copy restored into a site with another secret key holds marks this
    # process would not fill, so it must not match.
    return page_cache.key(pk, str(updated_at), str(indexed_at), str(related_at),
                          page_cache.site_generation(), page_cache.template_digest(), language,
                          reltime(published_at), HOST_MARK, VIEWS_MARK)


def read(pk: int, language: str, stamp_: str) -> str | None:
    """The stored copy under this stamp, marks included, or None."""
    connection = connections[router.db_for_read(PageCopy)]
    with connection.cursor() as cursor:
        cursor.execute(_read_statement(), [pk, language, stamp_])
        row = cursor.fetchone()
    return zlib.decompress(row[0]).decode() if row else None


@cache
def _read_statement() -> str:
    """The read's SQL, made once the models are loaded (a raw statement: an ORM query
    would be compiled anew on every cold page)."""
    return (f"SELECT html FROM {PageCopy._meta.db_table} "
            "WHERE article_id = %s AND language = %s AND stamp = %s")


def store(copies: Iterable[tuple[int, str, str, str]]) -> int:
    """Keep (article id, language, stamp, html) copies, replacing older ones; returns how
    many were stored. A failure is logged, never raised: a copy only saves work."""
    rows = [PageCopy(article_id=pk, language=lang, stamp=s, html=zlib.compress(html.encode(), 6))
            for pk, lang, s, html in copies]
    if not rows:
        return 0
    try:
        with transaction.atomic(using=router.db_for_write(PageCopy)):
            PageCopy.objects.bulk_create(rows, update_conflicts=True, unique_fields=["article", "language"],
                                         update_fields=["stamp", "html", "rendered_at"])
    except DatabaseError:  # e.g. SQLite busy under load, the article deleted meanwhile
        log.warning("could not store %d page copies", len(rows), exc_info=True)
        return 0
    return len(rows)


def fill(html: str, request) -> str | None:
    """The copy as this request is served (its origin in the links), or None if a mark is
    left in a form this does not fill."""
    page = html.replace(ORIGIN_MARK, f"{request.scheme}://{request.get_host()}")
    return None if HOST_MARK in page else page


class _CopyRequest(HttpRequest):
    """An anonymous visitor's GET of the article's own address, at a marked host."""

    def get_host(self) -> str:
        return HOST_MARK


def copy_request(path: str, language: str) -> HttpRequest:
    request = _CopyRequest()
    request.method = "GET"
    prefix = get_script_prefix()
    request.path_info = path[len(prefix) - 1:] if path.startswith(prefix) else path
    request.path = path
    request.META = {"REQUEST_METHOD": "GET", "SERVER_NAME": HOST_MARK, "SERVER_PORT": "80",
                    "PATH_INFO": request.path_info, "SCRIPT_NAME": prefix.rstrip("/")}
    request.user = AnonymousUser()
    request.LANGUAGE_CODE = language
    return request


def render(pk: int, row, language: str, stamp_: str) -> str | None:
    """Render the copy of one article in the current language and store it; None if the
    page cannot be shared (it drew a CSRF token, say) or the article is not shown. ``row``
    is the article's versions as ``count_and_version`` read them."""
    html = _render(pk, row, language)
    if html is not None:
        store([(pk, language, stamp_, html)])
    return html


def _render(pk: int, row, language: str) -> str | None:
    from parkpulse.portal.models import Article
    from parkpulse.portal.views import render_article

    path = Article(pk=pk).get_absolute_url()
    request = copy_request(path, language)
    try:
        html = render_article(request, pk, row, VIEWS_MARK)
    except Exception:  # e.g. a template reaching for what a copy's request lacks (a session)
        # The reader's own request renders the page instead; the log names the cause.
        log.exception("could not render the copy of article %s (%s)", pk, language)
        return None
    if html is None or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return None
    return html


def refresh(ids: Iterable[int]) -> int:
    """Render and store the copies of these articles in every language (enrichment calls
    this). Articles that are not shown are skipped. Returns how many copies were stored."""
    if not enabled():
        return 0
    from parkpulse.portal.views import count_and_version

    stored, made = 0, []
    for pk in dict.fromkeys(ids):
        row = count_and_version(pk, count=False)
        if row is None:
            continue
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                html = _render(pk, row, language)
                if html is not None:
                    made.append((pk, language, stamp(pk, *row[1:]), html))
        if len(made) >= 200:
            stored += store(made)
            made = []
    return stored + store(made)
