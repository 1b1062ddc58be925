"""Search results, tag pages (region / industry / keyword / topic) and a park's news."""

from __future__ import annotations

import unicodedata

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from parkpulse.collect.models import Source
from parkpulse.parks.models import Listing, Park
from parkpulse.portal.models import Article, Category, Tag
from parkpulse.search import context
from parkpulse.search.backends import WINDOW, get_backend
from parkpulse.search.facets import facet_counts
from parkpulse.search.labels import Label, category_label, chinese, plain, tag_label
from parkpulse.search.query import SearchQuery, highlight, prepare
from parkpulse.search.suggest import nearest_words
from parkpulse.site.params import Params

PER_PAGE = 20
MAX_PAGE = WINDOW // PER_PAGE  # ranking covers the WINDOW newest matches
PARK_CARDS = 3
LISTINGS_SHOWN = 5
FILTER_PARAMS = ("category", "region", "industry", "park", "source", "from", "to")


def parse_query(g) -> tuple[SearchQuery, list[str]]:
    """The search form's GET parameters as a SearchQuery, and the problems found in them
    (read through the site's one parameter parser: bounded ids, pages and dates)."""
    p = Params(g)
    q = SearchQuery(
        text=g.get("q", ""), category=g.get("category", "").strip()[:60],
        region=g.get("region", "").strip()[:80], industry=g.get("industry", "").strip()[:80],
        park=p.id("park", label=_("园区编号")),
        source=p.id("source", label=_("来源编号")),
        date_from=p.date("from", label=_("起始日期")),
        date_to=p.date("to", label=_("截止日期")),
        page=p.int("page", 1, lo=1, hi=MAX_PAGE) or 1, per_page=PER_PAGE,  # a bad page is page 1
    )
    errors: list[str] = p.errors
    if q.date_from and q.date_to and q.date_from > q.date_to:
        errors.append(_("起始日期晚于截止日期"))
    return q, errors


def search(request):
    q, errors = parse_query(request.GET)
    prepare(q, context.current().tokenizer)
    ctx = {"q": q, "errors": errors, "results": None, "rows": [], "facets": [],
           "parks": [], "relaxed": [], "suggestions": []}
    if q.text and q.empty:
        errors.append(_("请输入文字或数字再搜索（只有标点符号无法搜索）"))
    if q.text and not q.empty:
        ctx["parks"] = park_cards(q.text)
    if q.text and not q.empty and not errors:
        backend = get_backend()
        results = backend.search(q)
        ctx["results"] = results
        ctx["rows"] = _rows([pk for pk, _s in results.hits], q)
        ctx["facets"] = _facet_groups(request, facet_counts(results))
        if not results.total:
            ctx["suggestions"] = nearest_words(q.text)
            # "any word" differs from "all words" only for two words or more; for one it would
            # walk the whole index again to find nothing (half of a no-match page at 1M articles)
            if len(q.terms) + len(q.pieces) > 1:
                ctx["relaxed"] = _rows(backend.any_word(q), q)
    ctx.update(
        categories=Category.objects.all(),
        industries=[{"slug": t.slug, "label": tag_label(t.kind, t.slug, t.name)}
                    for t in Tag.objects.filter(kind=Tag.Kind.INDUSTRY).order_by("name")],
        selected=_selected(request, q),
        base_query=_query(request, drop=("page",)),
    )
    return render(request, "search/results.html", ctx, status=400 if errors else 200)


def _rows(ids: list[int], q: SearchQuery) -> list[dict]:
    articles = Article.objects.select_related("category", "source").in_bulk(ids)
    rows = []
    for pk in ids:
        a = articles.get(pk)
        if a is None:
            continue
        rows.append({
            "article": a,
            "title_html": highlight(a.title, q.needles, width=300),
            "snippet_html": highlight(_snippet_source(a, q.needles), q.needles, width=140),
        })
    return rows


def _snippet_source(article, needles: list[str]) -> str:
    """The summary if it shows a query word, else the body where the words are."""
    summary = unicodedata.normalize("NFKC", article.summary or "").lower()
    if summary and any(n and n in summary for n in needles):
        return article.summary
    return article.body_text or article.summary


def park_cards(text: str) -> list[dict]:
    """Parks the query names (name or alias, as the article tagger reads them), with listings."""
    mentions = context.current().parks.find(unicodedata.normalize("NFKC", text))
    ids = [m.park_id for m in mentions][:PARK_CARDS]
    if not ids:
        return []
    parks = Park.objects.prefetch_related("industries").in_bulk(ids)
    cards = []
    for pk in ids:
        park = parks.get(pk)
        if park is None:
            continue
        listings = Listing.objects.filter(park=park, is_available=True).order_by("-updated_at", "-id")
        cards.append({"park": park, "listing_count": listings.count(),
                      "listings": list(listings[:LISTINGS_SHOWN])})
    return cards


def _query(request, drop=(), **changes) -> str:
    params = request.GET.copy()
    for key in drop:
        params.pop(key, None)
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()


def _selected(request, q: SearchQuery) -> list[dict]:
    """The active filters, each with its name in the reader's language (a Label) and the
    link that removes it."""
    def category(v):
        row = Category.objects.filter(slug=v).values_list("name", "name_en").first()
        return category_label(*row) if row else None

    def tag(kind):
        def name(v):
            found = Tag.objects.filter(kind=kind, slug=v).values_list("name", flat=True).first()
            return tag_label(kind, v, found) if found else None
        return name

    def named(qs):
        found = qs.values_list("name", flat=True).first()
        return chinese(found) if found else None

    names = {
        "category": category,
        "region": tag(Tag.Kind.REGION),
        "industry": tag(Tag.Kind.INDUSTRY),
        "park": lambda v: named(Park.objects.filter(pk=q.park)),
        "source": lambda v: named(Source.objects.filter(pk=q.source)),
    }
    labels = {"category": _("栏目"), "region": _("地区"), "industry": _("产业"), "park": _("园区"),
              "source": _("来源"), "from": _("起始日期"), "to": _("截止日期")}
    out = []
    for key in FILTER_PARAMS:
        value = request.GET.get(key, "").strip()
        if not value:
            continue
        name: Label | None = names[key](value) if key in names else None
        out.append({"key": key, "label": labels[key], "name": name or plain(value),
                    "remove": _query(request, drop=(key, "page"))})
    return out


def _facet_groups(request, counts: dict) -> list[dict]:
    """Facet choices with their counts and the link that applies each."""
    titles = [("category", _("栏目")), ("region", _("地区")), ("industry", _("产业")),
              ("park", _("园区")), ("source", _("来源")), ("year", _("年份"))]
    groups = []
    for key, title in titles:
        choices = []
        for c in counts.get(key, []):
            if key == "year":
                link = _query(request, drop=("page",), **{"from": f"{c.value}-01-01", "to": f"{c.value}-12-31"})
                active = request.GET.get("from") == f"{c.value}-01-01" and request.GET.get("to") == f"{c.value}-12-31"
            else:
                link = _query(request, drop=("page",), **{key: c.value})
                active = request.GET.get(key, "").strip() == c.value
            choices.append({"label": c.label, "lang": c.lang, "count": c.count, "link": "?" + link,
                            "active": active})
        if choices:
            groups.append({"key": key, "title": title, "choices": choices})
    return groups


def tag_page(request, kind, slug):
    if kind not in Tag.Kind.values:
        raise Http404("no such tag kind")
    tag = get_object_or_404(Tag, kind=kind, slug=slug)
    qs = Article.objects.published().filter(tags=tag).select_related("category")
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    label = tag_label(tag.kind, tag.slug, tag.name)
    kind = tag.get_kind_display()
    description = _("%(kind)s「%(name)s」相关文章") % {"kind": kind, "name": label.text}
    return render(request, "search/tag.html", {"tag": tag, "label": label, "kind": kind, "page": page,
                                               "description": description})


def park_news(request, pk):
    park = get_object_or_404(Park, pk=pk)
    qs = Article.objects.published().filter(parks=park).select_related("category")
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "search/park_news.html", {"park": park, "page": page})
