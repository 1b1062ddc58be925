"""Search results, tag pages (region / industry / keyword / topic) and a park's news."""

from __future__ import annotations

from datetime import date

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from parkpulse.parks.models import Park
from parkpulse.portal.models import Article, Category, Tag
from parkpulse.search import context
from parkpulse.search.backends import get_backend
from parkpulse.search.query import SearchQuery, highlight, prepare

PER_PAGE = 20


def _date(value: str, label: str, errors: list[str]) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors.append(f"{label}「{value}」格式不对，应为 年-月-日，例如 2024-09-28")
        return None


def search(request):
    g = request.GET
    errors: list[str] = []
    try:
        page = max(1, int(g.get("page", "1")))
    except ValueError:
        page = 1
    park = g.get("park", "").strip()
    if park and not park.isdigit():
        errors.append(f"园区编号「{park}」无效")
        park = ""
    q = SearchQuery(
        text=g.get("q", ""), category=g.get("category", "").strip(),
        region=g.get("region", "").strip(), industry=g.get("industry", "").strip(),
        park=int(park) if park else None,
        date_from=_date(g.get("from", ""), "起始日期", errors),
        date_to=_date(g.get("to", ""), "截止日期", errors),
        page=page, per_page=PER_PAGE,
    )
    if q.date_from and q.date_to and q.date_from > q.date_to:
        errors.append("起始日期晚于截止日期")
    prepare(q, context.current().tokenizer)
    results, rows = None, []
    if q.text and not q.empty and not errors:
        results = get_backend().search(q)
        articles = Article.objects.select_related("category").in_bulk([pk for pk, _ in results.hits])
        needles = [*q.terms, q.substring, q.text]
        for pk, score in results.hits:
            a = articles.get(pk)
            if a is None:
                continue
            rows.append({
                "article": a, "score": score,
                "title_html": highlight(a.title, needles, width=300),
                "snippet_html": highlight(_snippet_source(a, needles), needles, width=140),
            })
    elif q.text and q.empty:
        errors.append("请输入文字或数字再搜索（只有标点符号无法搜索）")
    ctx = {
        "q": q, "results": results, "rows": rows, "errors": errors,
        "categories": Category.objects.all(),
        "industries": Tag.objects.filter(kind=Tag.Kind.INDUSTRY).order_by("name"),
        "region_tag": Tag.objects.filter(kind=Tag.Kind.REGION, slug=q.region).first() if q.region else None,
        "park_obj": Park.objects.filter(pk=q.park).first() if q.park else None,
        "query_string": _query_without_page(request),
    }
    return render(request, "search/results.html", ctx, status=400 if errors else 200)


def _snippet_source(article, needles: list[str]) -> str:
    """The summary if it shows a query word, else the body where the words are."""
    summary = (article.summary or "").lower()
    if summary and any(n and n.lower() in summary for n in needles):
        return article.summary
    return article.body_text or article.summary


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def tag_page(request, kind, slug):
    if kind not in Tag.Kind.values:
        raise Http404("no such tag kind")
    tag = get_object_or_404(Tag, kind=kind, slug=slug)
    qs = Article.objects.published().filter(tags=tag).select_related("category")
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "search/tag.html", {"tag": tag, "page": page})


def park_news(request, pk):
    park = get_object_or_404(Park, pk=pk)
    qs = Article.objects.published().filter(parks=park).select_related("category")
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "search/park_news.html", {"park": park, "page": page})
