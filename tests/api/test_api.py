"""The read-only API: every endpoint, its filters and pagination, ETag 304s, the OpenAPI
schema, the docs page, token scopes, masking, audit and rate limits."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.utils import timezone

from parkpulse.api.models import ApiToken
from parkpulse.leads.models import AuditLog, Lead
from parkpulse.parks import news_facts, roles
from parkpulse.parks.fact_models import ParkFact
from parkpulse.parks.models import Industry, Listing, Park
from parkpulse.portal.models import Article, Category, Tag
from parkpulse.search.enrich import paused
from tests.parks.conftest import make_user

pytestmark = pytest.mark.django_db
API = "/api/v1"


def reset_counters():
    """Drop rate-limit counters only: clear() on a Redis cache would flush the whole database."""
    cache = caches["api"]
    if cache.__class__.__name__ == "LocMemCache":
        cache.clear()
        return
    client = cache._cache.get_client(None, write=True)
    for key in client.scan_iter("*api-rate:*"):
        client.delete(key)


@pytest.fixture(autouse=True)
def fresh_counters():
    caches["default"].clear()  # list totals are cached for COUNT_TTL seconds
    reset_counters()
    yield
    reset_counters()


@pytest.fixture
def data(db):
    cat = Category.objects.create(slug="news", name="新闻")
    Category.objects.create(slug="policy", name="政策")
    tag = Tag.objects.create(kind=Tag.Kind.TOPIC, slug="ai", name="人工智能")
    park = Park.objects.create(name="甲示例高新区", level=Park.Level.NATIONAL_HIGH_TECH, province="江苏省",
                               city="苏州市", is_sample=True)
    park.industries.set(Industry.objects.filter(code__in=["ic"]))
    other = Park.objects.create(name="乙示例经开区", level=Park.Level.NATIONAL_ETDZ, province="湖南省",
                                city="株洲市", is_sample=True)
    now = timezone.now()
    with paused():
        arts = []
        for i in range(25):
            a = Article.objects.create(title=f"示例文章{i}", body_text=f"示例数据。正文{i}", category=cat,
                                       status="published", published_at=now - timedelta(days=i), is_sample=True)
            arts.append(a)
        arts[0].tags.add(tag)
        arts[0].parks.add(park)
        Article.objects.create(title="草稿", body_text="x", category=cat, status="draft")
    Listing.objects.create(park=park, title="示例厂房", kind="factory", deal="rent", area_m2=2000, is_sample=True)
    Listing.objects.create(park=other, title="示例土地", kind="land", deal="sale", area_m2=50000, is_sample=True)
    Listing.objects.create(park=other, title="已下架", kind="land", deal="sale", area_m2=1, is_available=False)
    return {"park": park, "other": other, "articles": arts, "tag": tag}


def make_consultant(name="consult_api"):
    user = make_user(name)
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_desk"))
    return user


def make_lead(assignee=None, phone="13812345678", company="示例公司"):
    return Lead.objects.create(description="示例数据。需要厂房", use="factory", company=company,
                               company_key=company, contact_name="张三", phone=phone, consent=True,
                               assignee=assignee, last_submitted_at=timezone.now(), is_sample=True)


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_articles_list_paginates_and_hides_drafts(client, data):
    body = client.get(f"{API}/articles?page_size=10").json()
    assert body["count"] == 25 and body["pages"] == 3 and len(body["items"]) == 10
    assert body["items"][0]["title"] == "示例文章0" and body["items"][0]["url"].startswith("/")
    last = client.get(f"{API}/articles?page_size=10&page=3").json()
    assert [a["title"] for a in last["items"]] == [f"示例文章{i}" for i in range(20, 25)]
    assert client.get(f"{API}/articles?page=99").json()["items"] == []
    assert "草稿" not in json.dumps(body, ensure_ascii=False)


@pytest.mark.parametrize("qs,count", [
    ("category=news", 25), ("category=policy", 0), ("tag=ai", 1), ("q=示例文章1", 11),
    ("since=2000-01-01", 25),
])
def test_article_filters(client, data, qs, count):
    assert client.get(f"{API}/articles?{qs}").json()["count"] == count


def test_article_filter_by_park_and_date(client, data):
    park = data["park"]
    body = client.get(f"{API}/articles?park={park.pk}").json()
    assert [a["title"] for a in body["items"]] == ["示例文章0"]
    assert body["items"][0]["parks"] == [{"id": park.pk, "name": park.name}]
    assert body["items"][0]["tags"][0]["slug"] == "ai"
    day = (timezone.localdate() - timedelta(days=3)).isoformat()
    assert client.get(f"{API}/articles?until={day}").json()["count"] == 22


@pytest.mark.parametrize("qs", ["page=0", "page=abc", "page_size=101", "since=yesterday", "park=x"])
def test_bad_parameters_are_named(client, data, qs):
    resp = client.get(f"{API}/articles?{qs}")
    assert resp.status_code == 422
    assert qs.split("=")[0] in resp.json()["detail"]


@pytest.mark.parametrize("qs", ["q=%00", "tag=a%00b", "category=%00"])
def test_nul_in_the_query_string_is_dropped_before_the_api(client, data, qs):
    # the site's request limits drop NUL from every query string (PostgreSQL refuses it)
    resp = client.get(f"{API}/articles?{qs}")
    assert resp.status_code == 200
    same = client.get(f"{API}/articles?{qs.replace('%00', '')}")
    assert resp.json()["count"] == same.json()["count"]


def test_article_detail(client, data):
    a = data["articles"][1]
    body = client.get(f"{API}/articles/{a.pk}").json()
    assert body["body_text"] == "示例数据。正文1" and body["category"] == "news"
    draft = Article.objects.get(title="草稿")
    assert client.get(f"{API}/articles/{draft.pk}").status_code == 404
    assert client.get(f"{API}/articles/999999").status_code == 404


def test_categories_and_tags(client, data):
    assert [c["slug"] for c in client.get(f"{API}/categories").json()] == ["news", "policy"]
    tags = client.get(f"{API}/tags?kind=topic").json()
    assert tags["items"] == [{"slug": "ai", "name": "人工智能", "kind": "topic"}]
    assert client.get(f"{API}/tags?kind=moon").status_code == 400


def test_parks_filters_and_detail_with_confirmed_facts(client, data):
    park = data["park"]
    assert client.get(f"{API}/parks").json()["count"] == 2
    body = client.get(f"{API}/parks?level=nht").json()
    assert [p["name"] for p in body["items"]] == ["甲示例高新区"] and body["items"][0]["industries"] == ["ic"]
    assert client.get(f"{API}/parks?province=湖南").json()["count"] == 1
    assert client.get(f"{API}/parks?industry=ic").json()["count"] == 1
    resp = client.get(f"{API}/parks?level=moon")
    assert resp.status_code == 400 and "level" in resp.json()["detail"]
    editor = make_user("ed_api", roles.EDITOR)
    pending = ParkFact.objects.create(park=park, metric="营业收入", value=100, unit="亿元", sentence="示例")
    confirmed = ParkFact.objects.create(park=park, metric="企业数", value=1800, unit="家", sentence="示例")
    news_facts.review(confirmed, editor, "confirm")
    detail = client.get(f"{API}/parks/{park.pk}").json()
    assert [f["id"] for f in detail["facts"]] == [confirmed.pk] and pending.pk != confirmed.pk
    assert client.get(f"{API}/parks/0").status_code == 404


def test_listings_only_available_with_filters(client, data):
    body = client.get(f"{API}/listings").json()
    assert body["count"] == 2 and "已下架" not in json.dumps(body, ensure_ascii=False)
    assert client.get(f"{API}/listings?kind=land").json()["count"] == 1
    assert client.get(f"{API}/listings?park={data['park'].pk}").json()["items"][0]["title"] == "示例厂房"
    assert client.get(f"{API}/listings?area_min=10000").json()["count"] == 1
    assert client.get(f"{API}/listings?kind=castle").status_code == 400
    assert "contact_phone" not in json.dumps(body)


def test_rankings_runs_and_results(client, db):
    from parkpulse.rankings.demo import load_demo

    load_demo(lambda *a, **k: None)
    runs = client.get(f"{API}/rankings/runs").json()
    assert runs["count"] >= 1
    run = runs["items"][0]
    assert client.get(f"{API}/rankings/runs/{run['id']}").json()["id"] == run["id"]
    res = client.get(f"{API}/rankings/runs/{run['id']}/results?page_size=5").json()
    assert res["count"] > 5 and [r["rank"] for r in res["items"]] == sorted(r["rank"] for r in res["items"])
    first = res["items"][0]
    assert first["year"] == max(run["years"])
    if run["replications"]:
        assert first["rank_q05"] is not None and first["rank_q05"] <= first["rank_q95"]
    older = min(run["years"])
    assert client.get(f"{API}/rankings/runs/{run['id']}/results?year={older}").json()["items"][0]["year"] == older
    assert client.get(f"{API}/rankings/runs/{run['id']}/results?year=1900").status_code == 400
    assert client.get(f"{API}/rankings/runs/0/results").status_code == 404


def test_etag_and_304(client, data):
    first = client.get(f"{API}/parks")
    etag = first["ETag"]
    assert etag and first["Cache-Control"] == "public, no-cache"
    again = client.get(f"{API}/parks", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    Park.objects.filter(pk=data["park"].pk).update(city="无锡市")
    changed = client.get(f"{API}/parks", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    # each endpoint family answers 304 for its own body
    for url in (f"{API}/articles", f"{API}/categories", f"{API}/tags", f"{API}/listings",
                f"{API}/articles/{data['articles'][0].pk}"):
        tag = client.get(url)["ETag"]
        assert client.get(url, HTTP_IF_NONE_MATCH=tag).status_code == 304


def test_openapi_schema_is_valid_and_docs_are_local(client, db):
    schema = client.get(f"{API}/openapi.json").json()
    from openapi_spec_validator import validate

    validate(schema)
    paths = set(schema["paths"])
    assert {"/api/v1/articles", "/api/v1/parks", "/api/v1/listings", "/api/v1/rankings/runs",
            "/api/v1/leads", "/api/v1/tags", "/api/v1/categories"} <= paths
    docs = client.get(f"{API}/docs").content.decode()
    assert "swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
    assert "/static/" in docs


def test_tokens_scopes_and_revocation(client, data):
    user = make_user("reader")
    token, raw = ApiToken.issue(user, "test", ["public"])
    assert client.get(f"{API}/parks", **bearer(raw)).status_code == 200
    assert client.get(f"{API}/parks", **bearer("pp_wrong")).status_code == 401
    assert client.get(f"{API}/parks", HTTP_AUTHORIZATION="Basic abc").status_code == 401
    assert client.get(f"{API}/leads", **bearer(raw)).status_code == 403  # no leads scope
    assert client.get(f"{API}/leads").status_code == 401
    token.revoked = True
    token.save()
    assert client.get(f"{API}/parks", **bearer(raw)).status_code == 401
    assert ApiToken.objects.get(pk=token.pk).key_hash != raw  # only the hash is stored
    with pytest.raises(ValueError):
        ApiToken.issue(user, "bad", ["admin"])


def test_consultant_reads_own_leads_masked_and_audited(client, db):
    me = make_consultant("me")
    other = make_consultant("other")
    mine = make_lead(me, phone="13812345678", company="示例甲公司")
    make_lead(other, phone="13900001111", company="示例乙公司")
    make_lead(None, phone="13700002222", company="示例丙公司")
    _token, raw = ApiToken.issue(me, "desk", ["public", "leads"])
    body = client.get(f"{API}/leads", **bearer(raw)).json()
    assert [x["company"] for x in body["items"]] == ["示例甲公司"]
    assert body["items"][0]["phone_masked"] == "138****5678"
    text = json.dumps(body)
    assert "13812345678" not in text and "13900001111" not in text
    detail = client.get(f"{API}/leads/{mine.pk}", **bearer(raw))
    assert detail.status_code == 200 and "13812345678" not in detail.content.decode()
    theirs = Lead.objects.get(company="示例乙公司")
    assert client.get(f"{API}/leads/{theirs.pk}", **bearer(raw)).status_code == 404
    audit = AuditLog.objects.filter(action="api_read", user=me)
    assert audit.count() == 2 and set(audit.values_list("lead_id", flat=True)) == {mine.pk}
    assert all(raw[:10] in a.detail for a in audit) and raw not in "".join(a.detail for a in audit)
    # a 304 is still a read: audited too
    etag = detail["ETag"]
    assert client.get(f"{API}/leads/{mine.pk}", HTTP_IF_NONE_MATCH=etag, **bearer(raw)).status_code == 304
    assert AuditLog.objects.filter(action="api_read", user=me).count() == 3
    assert detail["Cache-Control"] == "private, no-cache"


def test_lead_stage_filter(client, db):
    me = make_consultant("stager")
    make_lead(me)
    _t, raw = ApiToken.issue(me, "s", ["leads"])
    assert client.get(f"{API}/leads?stage=new", **bearer(raw)).json()["count"] == 1
    assert client.get(f"{API}/leads?stage=signed", **bearer(raw)).json()["count"] == 0
    assert client.get(f"{API}/leads?stage=nosuchstage", **bearer(raw)).status_code == 400


def test_leads_scope_needs_a_consultant(client, db):
    plain = make_user("plain")
    _t, raw = ApiToken.issue(plain, "x", ["leads"])
    assert client.get(f"{API}/leads", **bearer(raw)).status_code == 403


def test_rate_limit_per_token_and_anonymous(client, data, settings):
    user = make_user("fast")
    _t, raw = ApiToken.issue(user, "slow", ["public"], rate_per_minute=3)
    codes = [client.get(f"{API}/categories", **bearer(raw)).status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    limited = client.get(f"{API}/categories", **bearer(raw))
    assert int(limited["Retry-After"]) >= 1 and "频繁" in limited.json()["detail"]
    # another token and anonymous clients have their own counters
    _t2, raw2 = ApiToken.issue(user, "other", ["public"], rate_per_minute=3)
    assert client.get(f"{API}/categories", **bearer(raw2)).status_code == 200
    settings.PARKPULSE_API_ANON_RATE = 2
    anon = [client.get(f"{API}/categories").status_code for _ in range(3)]
    assert anon == [200, 200, 429]


def test_api_token_command(db, capsys):
    make_user("cmd_user")
    call_command("api_token", "cmd_user", "--scope", "leads", "--scope", "public", "--rate", "30")
    raw = capsys.readouterr().out.strip()
    token = ApiToken.objects.get()
    assert raw.startswith("pp_") and token.prefix == raw[:10] and token.scopes == ["leads", "public"]
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("api_token", "nobody")


def test_rate_limit_shared_through_redis(client, data, settings, redis_url):
    from tests.conftest import need, port_open

    need(port_open("127.0.0.1", 6379), "Redis not running")
    settings.CACHES = {**settings.CACHES, "api": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url,
        "KEY_PREFIX": "pp-api-test"}}
    reset_counters()
    user = make_user("redis_user")
    _t, raw = ApiToken.issue(user, "r", ["public"], rate_per_minute=2)
    codes = [client.get(f"{API}/categories", **bearer(raw)).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    # the counter lives in Redis, where another worker process would see it
    import redis

    r = redis.Redis.from_url(redis_url)
    assert any(b"api-rate:t" in k for k in r.keys("pp-api-test*"))
    reset_counters()
