"""Portal pages: home, category list, article page, share QR code, health check, error pages.

The article page makes two queries when its cached copy is fresh: an atomic ``UPDATE … SET
view_count = view_count + 1`` (skipped for crawlers), and a read of the count and of the
article's ``updated_at``. The rest of the page is cached per article version and language,
with the count spliced in, so the count is never stale and an edit shows at once.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connections, transaction
from django.db.models import F
from django.http import Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from parkpulse.portal.models import Article, CallToAction, Category
from parkpulse.portal.qr import qr_svg
from parkpulse.portal.related import related_articles

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


def count_view(qs) -> int:
    """Add one view atomically in the database (``F()``); returns the number of rows hit."""
    connection = connections[qs.db]
    if connection.vendor != "postgresql":
        return qs.update(view_count=F("view_count") + 1)
    with transaction.atomic(using=qs.db):
        # A crash may lose the last fraction of a second of views, never corrupt anything;
        # that is not worth waiting for a disk flush on every page view.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        return qs.update(view_count=F("view_count") + 1)


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
    cat = get_object_or_404(Category, slug=slug)
    articles = (
        Article.objects.published()
        .filter(category__in=_with_children(cat))
        .select_related("category")
        .defer("body_html")
    )
    # get_page() turns "abc", "-1", "1e9" and out-of-range numbers into a valid page.
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/category.html", {
        "category": cat,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
    })


@require_safe
def article(request, pk):
    qs = _published_or_404(pk)
    if counts_as_view(request) and not count_view(qs):
        raise Http404("no such article")
    row = qs.values_list("view_count", "updated_at").first()
    if row is None:
        raise Http404("no such article")
    view_count, updated_at = row
    cta = CallToAction.cached()
    key = _page_key(request, pk, updated_at, cta)
    page = cache.get(key) if key else None
    if page is None:
        obj = get_object_or_404(qs.select_related("category", "source"))
        page = render_to_string("portal/article.html", {
            "article": obj,
            "view_count": VIEW_COUNT_MARK,
            "share_url": request.build_absolute_uri(obj.get_absolute_url()),
            "cta": cta,
            # called by the template only when its cached fragment has expired
            "related": lambda: related_articles(obj),
            "fragment_ttl": FRAGMENT_TTL,
        }, request=request)
        # A page that drew a CSRF token belongs to this visitor alone; never share it.
        if key and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            cache.set(key, page, PAGE_TTL)
    return HttpResponse(page.replace(VIEW_COUNT_MARK, str(view_count)))


# The article page is cached whole, minus the view count, which is spliced in per request.
# The key holds the article's updated_at, so an edit shows at once; the related list, the
# menu and tags may lag by these many seconds.
PAGE_TTL = 300
FRAGMENT_TTL = 300
VIEW_COUNT_MARK = f"VIEWS-{secrets.token_hex(8)}"  # unguessable: article text cannot contain it


def _page_key(request, pk, updated_at, cta) -> str | None:
    if "q" in request.GET:  # the header search box echoes ?q=
        return None
    if request.user.is_authenticated:  # signed-in pages may show who is signed in
        return None
    parts = [
        pk, updated_at.timestamp(), get_language(), request.scheme, request.get_host(),
        cta.pk if cta else 0, cta.updated_at.timestamp() if cta else 0,
    ]
    return "portal:page:" + hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()




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
