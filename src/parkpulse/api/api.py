"""The read-only JSON API (Django Ninja), mounted at /api/v1/ (docs/api.md).

Every GET answer carries a strong ETag (a hash of the body) and answers ``If-None-Match``
with 304. Lists are paginated (``page``, ``page_size`` ≤ 100). Filters are parsed by the same
forms the site's pages use; where a page drops a bad value with a notice, the API answers 400
naming the parameter. Lead reads need a token with the ``leads`` scope, return only the
token holder's own leads with phones masked, and write one audit row per lead read.
"""


import hashlib
from datetime import date, datetime, time
from typing import Any

from django.core.cache import cache
from django.db.models import Q
from django.http import HttpResponseNotModified
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.pagination import PaginationBase, paginate
from pydantic import field_validator

from parkpulse.api import schemas as S
from parkpulse.api.auth import TokenRateThrottle, optional_token, token_with_scope
from parkpulse.parks.fact_models import ParkFact
from parkpulse.parks.forms import ListingFilterForm, ParkFilterForm
from parkpulse.parks.models import Listing, Park
from parkpulse.parks.views.directory import filter_parks
from parkpulse.parks.views.listings import filter_listings
from parkpulse.portal.models import Article, Category, Tag


class ParkPulseAPI(NinjaAPI):
    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(request, data, status=status, temporal_response=temporal_response)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
            response["ETag"] = etag
            # lead data is per token; public data may be cached by clients, revalidated each time
            private = request.path.startswith(LEADS_PREFIX)
            response["Cache-Control"] = "private, no-cache" if private else "public, no-cache"
            patch_vary_headers(response, ["Authorization"])
            wanted = parse_etags(request.headers.get("If-None-Match", ""))
            if etag in wanted or "*" in wanted:
                not_modified = HttpResponseNotModified()
                for header in ("ETag", "Cache-Control", "Vary"):
                    not_modified[header] = response[header]
                return not_modified
        return response


api = ParkPulseAPI(
    title="ParkPulse 园区情报 API", version="1",
    description="只读数据接口：文章、栏目、标签、园区、载体、排名；凭令牌读取自己的招商线索。见 docs/api.md。",
    auth=optional_token, throttle=[TokenRateThrottle()], urls_namespace="api",
)
LEADS_PREFIX = "/api/v1/leads"


@api.exception_handler(ValidationError)
def on_validation_error(request, exc):
    names = sorted({str(e.get("loc", ["?"])[-1]) for e in exc.errors})
    return api.create_response(request, {"detail": f"参数无效：{', '.join(names)}", "errors": exc.errors},
                               status=422)


@api.exception_handler(Throttled)
def on_throttled(request, exc):
    return api.create_response(request, {"detail": "请求过于频繁，请稍后再试"}, status=429)


@api.exception_handler(AuthenticationError)
def on_auth_error(request, exc):
    message = str(exc.message) if getattr(exc, "message", None) else "需要有效的令牌"
    return api.create_response(request, {"detail": message}, status=401)


class PagePagination(PaginationBase):
    class Input(Schema):
        page: int = Field(1, ge=1, le=100_000, description="页码，从 1 开始")
        page_size: int = Field(20, ge=1, le=100, description="每页条数，≤ 100")

    class Output(Schema):
        items: list[Any]
        count: int
        page: int
        page_size: int
        pages: int

    items_attribute = "items"

    def paginate_queryset(self, queryset, pagination: Input, **params):
        count = _count(queryset)
        start = (pagination.page - 1) * pagination.page_size
        items = list(queryset[start:start + pagination.page_size])
        pages = (count + pagination.page_size - 1) // pagination.page_size
        return {"items": items, "count": count, "page": pagination.page,
                "page_size": pagination.page_size, "pages": pages}


COUNT_TTL = 30  # seconds a list's total may lag behind (a COUNT over 100,000 rows is most of a page's cost)


def _count(rows) -> int:
    qs = getattr(rows, "qs", rows)
    try:
        sql, params = qs.query.sql_with_params()
    except Exception:  # an empty result set (e.g. filter on nothing) has no SQL
        return rows.count()
    key = "api-count:" + hashlib.sha256(repr((sql, params)).encode()).hexdigest()[:40]
    count = cache.get(key)
    if count is None:
        count = rows.count()
        cache.set(key, count, COUNT_TTL)
    return count


class _Rows:
    """A queryset seen through a row function: the paginator counts in SQL, then only the
    page's objects become dicts."""

    def __init__(self, qs, fn=None, batch=None):
        self.qs, self.fn, self.batch = qs, fn, batch

    def count(self):
        return self.qs.count()

    def __getitem__(self, s):
        page = list(self.qs[s])
        return self.batch(page) if self.batch else [self.fn(x) for x in page]


def _form_filters(form_class, params: dict) -> dict:
    form = form_class({k: v for k, v in params.items() if v not in (None, "")})
    filters = form.filters()
    bad = [name for name in form.errors if name in form.fields]
    if bad:
        raise HttpError(400, f"无效的筛选条件：{', '.join(bad)}")
    return filters


# ---- articles, categories, tags -----------------------------------------------------------


def _article_rows(articles: list[Article], body: bool = False) -> list[dict]:
    """Rows for a page of articles: tags and parks in one query each (values, no model objects:
    a prefetch builds a related manager per article and costs more than the page's SQL)."""
    ids = [a.pk for a in articles]
    tags: dict[int, list] = {i: [] for i in ids}
    for aid, slug, name, kind in (Article.tags.through.objects.filter(article_id__in=ids)
                                  .order_by("tag__kind", "tag__slug")
                                  .values_list("article_id", "tag__slug", "tag__name", "tag__kind")):
        tags[aid].append({"slug": slug, "name": name, "kind": kind})
    parks: dict[int, list] = {i: [] for i in ids}
    for aid, pid, name in (Article.parks.through.objects.filter(article_id__in=ids)
                           .order_by("park__name").values_list("article_id", "park_id", "park__name")):
        parks[aid].append({"id": pid, "name": name})
    rows = []
    for a in articles:
        row = {
            "id": a.pk, "title": a.title, "url": a.get_absolute_url(), "author": a.author,
            "published_at": a.published_at, "category": a.category.slug if a.category_id else None,
            "summary": a.summary, "source_url": a.source_url, "is_sample": a.is_sample,
            "tags": tags[a.pk], "parks": parks[a.pk],
        }
        if body:
            row["body_text"] = a.body_text
        rows.append(row)
    return rows


def _no_nul(value):
    # PostgreSQL text cannot hold NUL: refuse it here (422 naming the field), not in the database
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("不能包含 NUL 字符")
    return value


class ArticleFilters(Schema):
    category: str | None = Field(None, description="栏目标识 (slug)")
    tag: str | None = Field(None, description="标签标识 (slug)")
    park: int | None = Field(None, description="园区 id")
    q: str | None = Field(None, max_length=100, description="标题或摘要包含")
    since: date | None = Field(None, description="发布日期不早于 (YYYY-MM-DD)")
    until: date | None = Field(None, description="发布日期不晚于 (YYYY-MM-DD)")

    _clean = field_validator("category", "tag", "q")(_no_nul)


def _articles(filters: ArticleFilters):
    qs = (Article.objects.published().select_related("category")
          .defer("body_html", "body_text").order_by("-published_at", "-id"))
    if filters.category:
        qs = qs.filter(category__slug=filters.category)
    # link tables first, as id lists: SQLite then reads the few linked articles instead of
    # walking the date index over all of them and probing each one's links
    if filters.tag:
        qs = qs.filter(pk__in=Article.tags.through.objects.filter(tag__slug=filters.tag).values("article_id"))
    if filters.park:
        qs = qs.filter(pk__in=Article.parks.through.objects.filter(park_id=filters.park).values("article_id"))
    if filters.q:
        qs = qs.filter(Q(title__icontains=filters.q) | Q(summary__icontains=filters.q))
    tz = timezone.get_current_timezone()
    if filters.since:
        qs = qs.filter(published_at__gte=datetime.combine(filters.since, time.min, tz))
    if filters.until:
        qs = qs.filter(published_at__lte=datetime.combine(filters.until, time.max, tz))
    return qs


@api.get("/articles", response=list[S.ArticleOut], tags=["文章"], summary="已发布的文章")
@paginate(PagePagination)
def list_articles(request, filters: Query[ArticleFilters]):
    return _Rows(_articles(filters), batch=_article_rows)


@api.get("/articles/{article_id}", response=S.ArticleDetail, tags=["文章"], summary="一篇文章（含正文纯文本）")
def get_article(request, article_id: int):
    a = get_object_or_404(Article.objects.published().select_related("category"), pk=article_id)
    return _article_rows([a], body=True)[0]


@api.get("/categories", response=list[S.CategoryOut], tags=["文章"], summary="栏目")
def list_categories(request):
    return [{"slug": c.slug, "name": c.name, "parent": c.parent.slug if c.parent_id else None}
            for c in Category.objects.select_related("parent").order_by("order", "id")]


@api.get("/tags", response=list[S.TagOut], tags=["文章"], summary="标签")
@paginate(PagePagination)
def list_tags(request, kind: str | None = Query(None, description="类型：topic/keyword/region/industry")):
    qs = Tag.objects.order_by("kind", "slug")
    if kind:
        if kind not in Tag.Kind.values:
            raise HttpError(400, f"无效的筛选条件：kind（可选 {', '.join(Tag.Kind.values)}）")
        qs = qs.filter(kind=kind)
    return qs.values("slug", "name", "kind")


# ---- parks, facts, listings -----------------------------------------------------------------


def _park_row(p: Park, detail: bool = False) -> dict:
    row = {
        "id": p.pk, "name": p.name, "url": p.get_absolute_url(), "aliases": p.aliases or [],
        "level": p.level, "level_name": p.get_level_display(), "province": p.province, "city": p.city,
        "district": p.district, "industries": [i.code for i in p.industries.all()],
        "planned_area_km2": p.planned_area_km2, "is_sample": p.is_sample, "source_note": p.source_note,
    }
    if detail:
        row.update(
            former_names=p.former_names or [], address=p.address, founded=p.founded,
            built_area_km2=p.built_area_km2, description=p.description, website=p.website,
            facts=[_fact_row(f) for f in p.facts.filter(status=ParkFact.Status.CONFIRMED)
                   .order_by("metric", "-year", "-source_date")[:200]],
        )
    return row


def _fact_row(f: ParkFact) -> dict:
    return {"id": f.pk, "metric": f.metric, "value": f.value, "unit": f.unit, "qualifier": f.qualifier,
            "period": f.period, "year": f.year, "source_title": f.source_title, "source_url": f.source_url,
            "source_date": f.source_date, "article_id": f.article_id}


class ParkFilters(Schema):
    q: str | None = Field(None, description="名称、别名、曾用名、城市或简介包含")
    province: str | None = None
    city: str | None = None
    level: str | None = Field(None, description="nht / netdz / provincial / other")
    industry: str | None = Field(None, description="产业代码")


@api.get("/parks", response=list[S.ParkOut], tags=["园区"], summary="园区名录")
@paginate(PagePagination)
def list_parks(request, filters: Query[ParkFilters]):
    qs = filter_parks(_form_filters(ParkFilterForm, filters.dict())).prefetch_related("industries")
    return _Rows(qs.order_by("name", "id"), _park_row)


@api.get("/parks/{park_id}", response=S.ParkDetail, tags=["园区"], summary="一个园区（含已确认的新闻数据）")
def get_park(request, park_id: int):
    return _park_row(get_object_or_404(Park.objects.prefetch_related("industries"), pk=park_id), detail=True)


class ListingFilters(Schema):
    q: str | None = None
    park: int | None = None
    kind: str | None = Field(None, description="factory / land / office / warehouse")
    deal: str | None = Field(None, description="rent / sale")
    area_min: float | None = None
    area_max: float | None = None
    price_min: float | None = None
    price_max: float | None = None
    industry: str | None = None
    province: str | None = None
    city: str | None = None


def _listing_row(x: Listing) -> dict:
    return {"id": x.pk, "url": reverse("parks:listing", args=[x.pk]),
            "title": x.title, "park": {"id": x.park_id, "name": x.park.name}, "kind": x.kind,
            "deal": x.deal, "area_m2": x.area_m2, "price": x.price,
            "industries": [i.code for i in x.industries.all()], "available_from": x.available_from,
            "is_sample": x.is_sample, "updated_at": x.updated_at}


@api.get("/listings", response=list[S.ListingOut], tags=["园区"], summary="在租/在售载体（仅可用的）")
@paginate(PagePagination)
def list_listings(request, filters: Query[ListingFilters]):
    qs = filter_listings(_form_filters(ListingFilterForm, filters.dict()))
    qs = qs.select_related("park").prefetch_related("industries").order_by("-updated_at", "-id")
    return _Rows(qs, _listing_row)


# ---- rankings -----------------------------------------------------------------------------


def _run_row(run) -> dict:
    return {"id": run.pk, "url": run.get_absolute_url(), "dataset": run.dataset.name,
            "framework": run.dataset.framework_key, "is_sample": run.dataset.is_sample,
            "source_note": run.dataset.source_note, "years": run.years, "replications": run.replications,
            "groups": run.groups, "created_at": run.created_at}


@api.get("/rankings/runs", response=list[S.RunOut], tags=["排名"], summary="排名计算")
@paginate(PagePagination)
def list_runs(request):
    from parkpulse.rankings.models import Run

    return _Rows(Run.objects.select_related("dataset").order_by("-created_at", "-id"), _run_row)


@api.get("/rankings/runs/{run_id}", response=S.RunOut, tags=["排名"], summary="一次排名计算")
def get_run(request, run_id: int):
    from parkpulse.rankings.models import Run

    return _run_row(get_object_or_404(Run.objects.select_related("dataset"), pk=run_id))


@api.get("/rankings/runs/{run_id}/results", response=list[S.ResultOut], tags=["排名"],
         summary="排名结果（一年；含蒙特卡洛排名区间，若有）")
@paginate(PagePagination)
def list_results(request, run_id: int, year: int | None = Query(None, description="年份，缺省为最近一年"),
                 park: int | None = Query(None, description="园区 id")):
    from parkpulse.rankings.models import Run

    run = get_object_or_404(Run, pk=run_id)
    years = run.years
    if year is None:
        year = max(years) if years else None
    elif years and year not in years:
        raise HttpError(400, f"无效的年份：{year}（可选 {', '.join(map(str, years))}）")
    intervals = {}
    if years and year == max(years):  # uncertainty is computed for the latest year
        intervals = {u["code"]: u for u in run.uncertainty or []}
    qs = run.units.filter(year=year).order_by("rank", "code")
    if park:
        qs = qs.filter(park_id=park)

    def row(u):
        i = intervals.get(u.code, {})
        return {"code": u.code, "name": u.name, "year": u.year, "rank": u.rank, "score": u.score,
                "park_id": u.park_id, "rank_q05": i.get("q05"), "rank_median": i.get("median_rank"),
                "rank_q95": i.get("q95"), "scores": u.scores, "ranks": u.ranks}

    return _Rows(qs, row)


# ---- leads (token with the leads scope) --------------------------------------------------------


def _lead_row(lead, detail: bool = False) -> dict:
    row = {"id": lead.pk, "company": lead.company, "contact_name": lead.contact_name,
           "phone_masked": lead.masked_phone, "industry": lead.industry_id, "use": lead.use,
           "area_m2": lead.area_m2, "investment_wan": lead.investment_wan, "regions": lead.regions,
           "stage": lead.stage, "follow_up_on": lead.follow_up_on, "created_at": lead.created_at,
           "last_submitted_at": lead.last_submitted_at}
    if detail:
        row["description"] = lead.description
    return row


def _my_leads(request):
    from parkpulse.leads.models import Lead

    user = request.auth.user
    if not user.has_perm("leads.access_desk"):
        raise HttpError(403, "该令牌的用户不是招商顾问")
    return Lead.objects.filter(assignee=user).order_by("-last_submitted_at", "-id")


def _audit(request, leads) -> None:
    from parkpulse.leads.models import AuditLog
    from parkpulse.leads.views import client_ip

    detail = f"{request.method} {request.get_full_path()[:200]} token={request.auth.prefix}"
    AuditLog.objects.bulk_create([
        AuditLog(user=request.auth.user, action=AuditLog.Action.API_READ, lead_id=lead.pk,
                 detail=detail[:300], ip=client_ip(request))
        for lead in leads
    ])


class _AuditedLeads(_Rows):
    def __init__(self, qs, request):
        super().__init__(qs, _lead_row)
        self.request = request

    def __getitem__(self, s):
        page = list(self.qs[s])
        _audit(self.request, page)
        return [_lead_row(x) for x in page]


@api.get("/leads", response=list[S.LeadOut], tags=["线索"], auth=token_with_scope("leads"),
         summary="我的线索（手机号遮蔽，每次读取记入审计日志）")
@paginate(PagePagination)
def list_leads(request, stage: str | None = Query(None, description="阶段")):
    qs = _my_leads(request)
    if stage:
        from parkpulse.leads.models import Stage

        if stage not in Stage.values:
            raise HttpError(400, f"无效的筛选条件：stage（可选 {', '.join(Stage.values)}）")
        qs = qs.filter(stage=stage)
    return _AuditedLeads(qs, request)


@api.get("/leads/{lead_id}", response=S.LeadDetail, tags=["线索"], auth=token_with_scope("leads"),
         summary="我的一条线索")
def get_lead(request, lead_id: int):
    lead = get_object_or_404(_my_leads(request), pk=lead_id)
    _audit(request, [lead])
    return _lead_row(lead, detail=True)
