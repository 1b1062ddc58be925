"""Portal pages: home, category list, article page, share QR code, health check, error pages.

The article page makes one query when its cached copy is fresh: ``UPDATE … SET view_count =
view_count + 1 … RETURNING`` the count and the versions of what the page shows (a SELECT for
crawlers, whose views do not count). The rest of the page is cached under a key made of those
versions (parkpulse.portal.cache), with the count spliced in, so the count is never stale and
an edit shows at once. Below that cache, a copy stored at enrichment (parkpulse.portal.copies)
spares a cold page its render: one more indexed read.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime, timedelta

from django.core.paginator import Paginator
from django.db import connections, router
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from parkpulse.portal import cache as page_cache
from parkpulse.portal import copies
from parkpulse.portal.models import Article, CallToAction, Category
from parkpulse.portal.pagedata import page_parts
from parkpulse.portal.qr import qr_svg
from parkpulse.search.models import SearchDocument

PAGE_SIZE = 20
HOME_LATEST = 12
HOME_PER_CATEGORY = 4
MAX_PK = 2**63 - 1  # larger ids cannot exist and make the database driver overflow

# Well-known crawler tokens (search engines, archivers, link previewers, our own Scrapy).
# Headless browsers are not listed: they are how people and our browser test read pages.
BOT_UA = re.compile(
    r"bot|crawl|spider|slurp|archiver|scrapy|facebookexternalhit|bingpreview|mediapartners"
    r"|feedfetcher|yandex|baidu|sogou",
    re.IGNORECASE,
)


def counts_as_view(request) -> bool:
    """A GET by a person's browser counts; crawlers, HEAD requests and prefetches do not."""
    if request.method != "GET":
        return False
    if BOT_UA.search(request.headers.get("User-Agent", "")):
        return False
    purpose = request.headers.get("Sec-Purpose", "") or request.headers.get("Purpose", "")
    return "prefetch" not in purpose.lower()


def _published_or_404(pk: int):
    if pk > MAX_PK:
        raise Http404("no such article")
    return Article.objects.published().filter(pk=pk)


@require_safe
def home(request):
    published = Article.objects.published().select_related("category").defer("body_html")
    sections = []
    for cat in Category.objects.filter(parent__isnull=True):
        items = list(published.filter(category__in=_with_children(cat))[:HOME_PER_CATEGORY])
        if items:
            sections.append((cat, items))
    return render(request, "portal/home.html", {
        "latest": published[:HOME_LATEST],
        "sections": sections,
    })


def _with_children(cat: Category) -> list[int]:
    return [cat.pk, *cat.children.values_list("pk", flat=True)]


@require_safe
def category(request, slug):
    """Numbered pages near the top (``?page=N``), then keyset pages (``?before=<cursor>``).

    A numbered page costs an OFFSET and a count, both of which grow with the category; they
    are kept for the first NUMBERED_PAGES pages (the count is capped there). Beyond, each
    page starts after the last article of the one before, ``(published_at, id) <`` the
    cursor, read from the (category, status, published_at) index: the same cost on page 10
    and page 50,000.
    """
    cat = get_object_or_404(Category, slug=slug)
    articles = (
        Article.objects.published()
        .filter(category__in=_with_children(cat))
        .select_related("category")
        .defer("body_html")
        .order_by("-published_at", "-id")
    )
    before = _cursor(request.GET.get("before"))
    if before is not None:
        ts, last_id = before
        older = articles.filter(Q(published_at__lt=ts) | Q(published_at=ts, id__lt=last_id))
        items = list(older[: PAGE_SIZE + 1])
        more = len(items) > PAGE_SIZE
        items = items[:PAGE_SIZE]
        return render(request, "portal/category.html", {
            "category": cat, "page": items, "keyset": True,
            "older": _make_cursor(items[-1]) if more else None,
        })
    # get_page() turns "abc", "-1", "1e9" and out-of-range numbers into a valid page.
    page = CappedPaginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    last = page.number == page.paginator.num_pages
    return render(request, "portal/category.html", {
        "category": cat,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        # past the numbered pages, "older" continues with a cursor
        "older": _make_cursor(page[len(page) - 1]) if last and page.paginator.capped and len(page) else None,
    })


NUMBERED_PAGES = 50


class CappedPaginator(Paginator):
    """Counts at most NUMBERED_PAGES pages' worth of rows; ``capped`` says there are more."""

    @cached_property
    def count(self):
        limit = NUMBERED_PAGES * self.per_page
        n = self.object_list[: limit + 1].count()
        self.capped = n > limit
        return min(n, limit)

    capped = False


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)


def _make_cursor(article) -> str:
    # whole microseconds since the epoch: exact, where a float timestamp may be off by one
    return f"{(article.published_at - EPOCH) // MICROSECOND}_{article.pk}"


def _cursor(raw: str | None):
    """``<microseconds since 1970>_<id>`` → (aware datetime, id); anything malformed → None
    (the first page)."""
    if not raw:
        return None
    try:
        us, _, pk = raw.partition("_")
        us, pk = int(us), int(pk)
        if not (0 < pk <= MAX_PK) or not (-10**17 < us < 10**17):
            return None
        return EPOCH + us * MICROSECOND, pk
    except (ValueError, OverflowError):
        return None


@require_safe
def article(request, pk):
    if pk > MAX_PK:
        raise Http404("no such article")
    row = count_and_version(pk, counts_as_view(request))
    if row is None:
        raise Http404("no such article")
    view_count = row[0]
    page = None
    if _shared(request):
        # What every anonymous visitor sees: this process's copy, else the stored copy,
        # else rendered now (and stored for every process and restart).
        stamp = copies.stamp(pk, *row[1:])
        key = "portal:page:" + page_cache.key(stamp, request.scheme, request.get_host())
        page = page_cache.get_page(key)
        if page is None and copies.enabled():
            language = get_language()
            stored = copies.read(pk, language, stamp) or copies.render(pk, row, language, stamp)
            page = copies.fill(stored, request) if stored else None
            if page is not None:
                page_cache.set_page(key, page, PAGE_TTL)
        elif page is None:
            page = render_article(request, pk, row, copies.VIEWS_MARK)
            # A page that drew a CSRF token belongs to this visitor alone; never share it.
            if page is not None and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
                page_cache.set_page(key, page, PAGE_TTL)
    if page is None:
        page = render_article(request, pk, row, copies.VIEWS_MARK)
        if page is None:
            raise Http404("no such article")
    return HttpResponse(page.replace(copies.VIEWS_MARK, str(view_count)))


def render_article(request, pk: int, row, view_count) -> str | None:
    """The article page for this request (None if the article is gone); ``row`` is what
    ``count_and_version`` read, ``view_count`` what the page shows as its count."""
    _count, updated_at, indexed_at, related_at, _published = row
    # no ORDER BY: one row by primary key
    obj = next(iter(Article.objects.select_related("category", "source").filter(pk=pk).order_by()), None)
    if obj is None:
        return None
    gen, digest = page_cache.site_generation(), page_cache.template_digest()
    parts = functools.cache(lambda: page_parts(pk))  # one query, only if a fragment misses
    return render_to_string("portal/article.html", {
        "article": obj,
        "view_count": view_count,
        "share_url": request.build_absolute_uri(obj.get_absolute_url()),
        "cta": CallToAction.cached(),
        # Called by the template only when its cached fragment is missing. An article
        # stored by a crawl is shown at once; its list appears once a worker enriched it.
        "page_tags": lambda: parts()["tags"],
        "page_parks": lambda: parts()["parks"],
        "related": lambda: parts()["related"],
        "fragment_ttl": FRAGMENT_TTL,
        "fragment_cache": page_cache.fragment_cache(),
        # fragment keys: what each fragment is rendered from, plus the site and templates
        "tags_version": page_cache.key(updated_at, indexed_at, gen, digest),
        "related_version": page_cache.key(related_at, gen, digest),
    }, request=request)


def count_and_version(pk: int, count: bool):
    """(view count, updated_at, index stamp, related-list stamp, published_at) of a published
    article, or None; with ``count`` the view is added in the same statement (UPDATE …
    RETURNING).

    One round trip either way. The count is an atomic ``view_count + 1`` in the database, so
    concurrent views never lose increments. On PostgreSQL the statement also turns off
    ``synchronous_commit`` for its own transaction (``set_config(…, true)``): a crash may lose
    the last fraction of a second of views, never corrupt anything, and a page view does not
    wait for a disk flush.
    """
    a, d = Article._meta.db_table, SearchDocument._meta.db_table
    stamps = (f"(SELECT updated_at FROM {d} WHERE article_id = {a}.id), "
              f"(SELECT related_at FROM {d} WHERE article_id = {a}.id), published_at")
    shown = f"{a}.id = %s AND {a}.status = %s AND {a}.duplicate_of_id IS NULL"
    connection = connections[router.db_for_write(Article)]
    if count:
        extra = (" AND set_config('synchronous_commit', 'off', true) IS NOT NULL"
                 if connection.vendor == "postgresql" else "")
        sql = (f"UPDATE {a} SET view_count = view_count + 1 WHERE {shown}{extra} "
               f"RETURNING view_count, updated_at, {stamps}")
    else:
        sql = f"SELECT view_count, updated_at, {stamps} FROM {a} WHERE {shown}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk, Article.Status.PUBLISHED])
        return cursor.fetchone()


# The article page is cached whole, minus the view count, which is spliced in per request.
# Keys hold the versions of everything the page shows, the relative date included
# (parkpulse.portal.copies.stamp), so an edit shows at once; PAGE_TTL bounds how long a
# process keeps a page in memory.
PAGE_TTL = 300
FRAGMENT_TTL = 3600


def _shared(request) -> bool:
    """Whether this request sees the page every anonymous visitor sees."""
    if "q" in request.GET:  # the header search box echoes ?q=
        return False
    return not request.user.is_authenticated  # signed-in pages may show who is signed in


@require_safe
@cache_control(public=True, max_age=86400)
def article_qr(request, pk):
    """The article's address as an SVG QR code (WeChat "scan to share"), made offline."""
    if not _published_or_404(pk).exists():
        raise Http404("no such article")
    url = request.build_absolute_uri(reverse("portal:article", args=[pk]))
    return HttpResponse(qr_svg(url), content_type="image/svg+xml")


def healthz(request):
    """Liveness probe and the benchmark's baseline: no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No request context: the failure may be the database the context processors read.
    return HttpResponseServerError(loader.get_template("500.html").render({}))
