"""Property fuzz: every URL of the URLconf, as every role, with hostile query parameters and
form fields — random, overlong, negative, huge, superscript, full-width, other scripts'
digits, impossible dates and invalid UTF-8. No response may be a 500 (the test client
re-raises any exception a view lets escape).

A fixed hypothesis budget per URL pattern (``EXAMPLES``), seeded by the pattern so CI runs the
same requests every time; ``PARKPULSE_FUZZ_EXAMPLES=200`` explores further on a developer's
machine.
"""

from __future__ import annotations

import io
import os
import re
import zlib
from contextlib import contextmanager
from urllib.parse import quote, quote_from_bytes

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from PIL import Image

from parkpulse.leads.roles import CONSULTANT_GROUP

EXAMPLES = int(os.environ.get("PARKPULSE_FUZZ_EXAMPLES", "6"))
ROLES = ["anonymous", "company", "manager", "editor", "consultant", "admin"]

# Names the site's views read from GET and POST (and a few that no view knows).
PARAM_NAMES = [
    "page", "q", "park", "from", "to", "category", "region", "industry", "stage", "mine", "unassigned",
    "due", "year", "sort", "dir", "article", "listing", "province", "city", "level", "kind", "deal",
    "area_min", "area_max", "price_min", "price_max", "next", "o", "p", "e", "_changelist_filters", "zzz",
]
FIELD_NAMES = [
    "description", "industry", "use", "area_m2", "investment_wan", "annual_tax_wan", "regions", "company",
    "contact_name", "phone", "consent", "website", "article", "stage", "follow_up_on", "assignee", "version",
    "body", "position", "note", "decision", "reason", "park", "title", "kind", "deal", "price",
    "floor_height_m", "floor_load_kg_m2", "land_use", "land_term_years", "industries", "available_from",
    "is_available", "contact_phone", "name", "aliases", "former_names", "level", "province", "city",
    "district", "address", "founded", "planned_area_km2", "built_area_km2", "land_price_min",
    "land_price_max", "min_investment_intensity", "min_tax_per_mu", "policies", "contact_email",
    "source_note", "username", "email", "password", "password1", "password2", "language", "next",
    "framework", "impute", "replications", "seed", "sobol", "action", "_selected_action", "select_across",
]
FILE_FIELDS = ["photos", "proof", "data_file", "framework_file", "cover", "image", "logo"]

NASTY = [
    "", " ", "0", "-1", "-99999999999999999999", "9223372036854775807", "9223372036854775808",
    "99999999999999999999999999", "1e308", "-1e-308", "NaN", "inf", "0.001", "²", "¹²³", "１２３",
    "１３８１２３４５６７８", "١٢٣", "136٥٥٥٥٤٤٤٤", "९", "9999-12-31", "0001-01-01", "2024-02-30", "2026/12/01",
    "\x00", "a\x01b", "\u202e", "\ufeff", "<script>alert(1)</script>", "' OR 1=1--", "%", "%%", "..",
    "../../etc/passwd", "a" * 5000, "园" * 3000, "admin", "on", "true", "new", "desc", "rank", "score",
    "name", "csv", "xlsx", "region", "factory", "rent", "biomed", "nht", "approve", "reject", "en",
    "zh-hans", "https://evil.example.com/", "//evil.example.com", "mean", "torch2021", "upload",
]
nasty = st.sampled_from(NASTY)
value = st.one_of(nasty, nasty, nasty, st.text(max_size=40), st.integers(-(2**70), 2**70).map(str),
                  st.dates().map(str))
raw_value = st.one_of(  # already percent-encoded: may be invalid UTF-8
    value.map(lambda v: quote(v, safe="")),
    st.binary(max_size=16).map(lambda b: quote_from_bytes(b, safe="")),
)


@st.composite
def query(draw, names) -> str:
    """One to three of the view's own parameters with hostile values, sometimes beside a
    plain search word (so a search runs past its own checks), sometimes beside unknown names."""
    pairs = draw(st.lists(st.tuples(st.sampled_from(names), raw_value), min_size=1, max_size=3))
    if "q" in names and draw(st.booleans()):
        pairs.append(("q", quote("园区")))
    return "&".join(f"{k}={v}" for k, v in pairs)


def png_bytes() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buf, "PNG")
    return buf.getvalue()


upload = st.one_of(st.binary(max_size=64), st.just(png_bytes()), st.just(b"%PDF-1.4\n%%EOF\n"))


# ---- the URL patterns --------------------------------------------------------------------------

def route_of(pattern) -> str:
    if isinstance(pattern, RoutePattern):
        return str(pattern._route)
    if isinstance(pattern, RegexPattern):
        text = pattern._regex.lstrip("^").rstrip("$").replace("\\Z", "")
        return re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<str:\1>", text).replace("\\", "")
    return str(pattern)


def walk(patterns, prefix=""):
    for p in patterns:
        route = prefix + route_of(p.pattern)
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, route)
        elif isinstance(p, URLPattern):
            yield route


def all_routes() -> list[str]:
    return sorted(set(walk(get_resolver().url_patterns)))


ROUTES = all_routes()
SITE_ROUTES = [r for r in ROUTES if not r.startswith("admin/")]
# Django's admin has ~170 patterns: one case draws among them, with a larger budget.
ADMIN_ROUTES = [r for r in ROUTES if r.startswith("admin/")]
CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


# ---- the site's data and one user per role ---------------------------------------------------------

@pytest.fixture
def site(db, settings, tmp_path):
    from parkpulse.leads.models import Lead
    from parkpulse.parks import roles
    from parkpulse.parks.models import ChangeRequest, Listing, Park, ParkClaim
    from parkpulse.parks.versioning import record_revision
    from parkpulse.portal.models import Article, Category, Tag
    from parkpulse.rank import Options, load_framework
    from parkpulse.rank.sample import sample_panel
    from parkpulse.rankings.services import compute_run, store_dataset

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.AXES_ENABLED = False  # login POSTs would lock the address and hide the view behind 429s
    User = get_user_model()

    def user(name, *groups, **extra):
        u = User.objects.create_user(name, f"{name}@example.com", "Fuzz-pass-2026", **extra)
        for g in groups:
            roles.add_to_group(u, g)
        return u

    users = {
        "anonymous": None,
        "company": user("company", roles.COMPANY),
        "manager": user("manager", roles.COMPANY, roles.MANAGER),
        "editor": user("editor", roles.EDITOR, is_staff=True),
        "consultant": user("consultant", CONSULTANT_GROUP),
        "admin": User.objects.create_superuser("admin", "admin@example.com", "Fuzz-pass-2026"),
    }
    park = Park.objects.create(name="示例模糊测试园区", province="江苏省", city="苏州市", is_sample=True)
    park.managers.add(users["manager"])
    record_revision(park, author=users["editor"], reason="示例")
    listing = Listing.objects.create(park=park, title="示例厂房", kind="factory", area_m2=1000, price=20,
                                     owner=users["manager"], is_sample=True)
    cat = Category.objects.create(slug="news", name="示例栏目")
    tag = Tag.objects.create(name="苏州", slug="苏州", kind=Tag.Kind.REGION)
    article = Article.objects.create(title="示例文章", body_html="<p>示例园区正文</p>", body_text="示例园区正文",
                                     category=cat, status=Article.Status.PUBLISHED, is_sample=True)
    article.tags.add(tag)
    from django.utils import timezone

    lead = Lead.objects.create(description="示例需求", use="factory", company="示例公司", company_key="示例公司",
                               contact_name="张", phone="13812345678", consent=True, area_m2=100,
                               last_submitted_at=timezone.now(), is_sample=True)
    claim = ParkClaim.objects.create(park=park, user=users["company"], position="示例", phone="13812345678",
                                     note="示例", proof=SimpleUploadedFile("p.pdf", b"%PDF-1.4\n"))
    change = ChangeRequest.objects.create(park=park, author=users["manager"], base={}, proposed={"city": "苏州"},
                                          note="示例")
    fw = load_framework("torch2021")
    ds = store_dataset("示例", fw, sample_panel(fw, n_units=4, seed=1), is_sample=True)
    run = compute_run(ds, Options(impute="linear"), replications=10, seed=1)
    ids = sorted({o.pk for o in (park, listing, article, lead, claim, change, run, cat, users["admin"])} | {1, 2})
    strs = {
        "slug": [cat.slug, "no-such"], "kind": ["region", "industry", "topic", "castle"],
        "fmt": ["csv", "xlsx", "pdf"], "code": [ds.data["units"][0], "NOPE"], "section": ["articles", "parks", "x"],
        "app_label": ["parks", "leads", "auth", "nope"], "object_id": [str(i) for i in ids] + ["x"],
        "path": ["listings/a.png", "../secret_key", "a.html"], "number": ["1", "2"],
    }
    route_ids = {
        "article/": article.pk, "leads/": lead.pk, "leads/park/": park.pk, "parks/": park.pk,
        "parks/listings/": listing.pk, "parks/claims/": claim.pk, "parks/changes/": change.pk,
        "park-news/": park.pk, "rankings/run/": run.pk,
    }
    strs["slug"] = [cat.slug, tag.slug, "no-such"]
    return {"users": users, "ids": ids, "strs": strs, "tag_slug": tag.slug, "route_ids": route_ids}


def path_for(route: str, site, draw) -> str:
    def fill(m):
        conv, name = m.group(1) or "str", m.group(2)
        if conv == "int":
            n = draw(st.one_of(st.sampled_from(site["ids"]), st.integers(0, 2**66)))
            return str(n)
        known = site["strs"].get(name, [])
        if name == "slug" and "tag" in route:
            known = [site["tag_slug"], *known]
        text = draw(st.one_of(st.sampled_from(known or ["x"]), value.filter(lambda v: "/" not in v)))
        return quote(text[:200], safe="") or "x"

    return "/" + CONVERTER.sub(fill, route)


def client_for(role, site) -> Client:
    """One signed-in client per role, made again after a request may have signed it out."""
    clients = site.setdefault("clients", {})
    if role not in clients:
        client = Client()
        if site["users"][role] is not None:
            client.force_login(site["users"][role])
        clients[role] = client
    return clients[role]


def forget_clients(site, path):
    if "logout" in path or "setlang" in path:
        site["clients"] = {}


@contextmanager
def names_read():
    """Record the keys views read from request.GET / request.POST (QueryDicts only: the URL
    resolver's own MultiValueDicts would record every URL name a template reverses)."""
    seen: set[str] = set()
    patched = ("get", "__getitem__", "getlist", "__contains__")

    def spy(original):
        def wrapped(self, key, *args, **kwargs):
            if isinstance(key, str):
                seen.add(key)
            return original(self, key, *args, **kwargs)
        return wrapped

    for name in patched:
        setattr(QueryDict, name, spy(getattr(MultiValueDict, name)))
    try:
        yield seen
    finally:
        for name in patched:
            delattr(QueryDict, name)


def plain_path(route, site) -> str:
    """The route with real objects: the id of the kind of object its prefix names."""
    best = max((prefix for prefix in site["route_ids"] if route.startswith(prefix)), key=len, default="")

    def fill(m):
        if (m.group(1) or "str") == "int":
            return "1" if m.group(2) == "number" else str(site["route_ids"].get(best, site["ids"][0]))
        return quote((site["strs"].get(m.group(2)) or ["x"])[0], safe="")

    return "/" + CONVERTER.sub(fill, route)


def discover(route, site) -> tuple[list[str], list[str]]:
    """The GET and POST names this route's view reads, for any role, on a plain request."""
    ignore = {"csrfmiddlewaretoken", "next", "_popup", "_to_field", "_changelist_filters"}
    path = plain_path(route, site)
    got, posted = set(), set()
    for role in ("anonymous", "admin"):  # what the public and a superuser can reach
        with names_read() as seen:
            client_for(role, site).get(path, {"q": "园区"})
        got |= seen
        with names_read() as seen:
            client_for(role, site).post(path, {"zzz": "1"})  # non-empty: `request.POST or None` binds
        posted |= seen
        forget_clients(site, path)
    return sorted(got - ignore), sorted(posted - ignore - FILE_FIELDS_SET)


FILE_FIELDS_SET = set(FILE_FIELDS)
# One hostile value in one parameter the view reads, the rest plain: what hides a bug when
# every parameter is hostile at once (the first error stops the view before the second).
KILLERS = ["²", "99999999999999999999", "-1", "٣", "9999-12-31", "%FF%FE", "%00"]


@pytest.mark.slow
def test_no_url_answers_500(site):
    """All URL patterns in one test, so the site's data is built once; each pattern gets the
    killer sweep over the parameters its view reads and its own hypothesis run (seeded by the
    pattern, so patterns see different values)."""
    for route in SITE_ROUTES:
        got, posted = discover(route, site)
        sweep(route, site, got)
        fuzz_route(route, site, [route], got, posted)
    fuzz_route("admin/*", site, ADMIN_ROUTES, PARAM_NAMES, FIELD_NAMES, examples=EXAMPLES * 8)


def sweep(route, site, names):
    path = plain_path(route, site)
    for i, name in enumerate(names):
        for j, killer in enumerate(KILLERS):
            role = ROLES[(i + j) % len(ROLES)]
            v = killer if killer.startswith("%") else quote(killer, safe="")
            qs = f"{name}={v}" + ("&q=%E5%9B%AD%E5%8C%BA" if name != "q" else "")
            r = client_for(role, site).get(f"{path}?{qs}")
            forget_clients(site, path)
            assert r.status_code < 500, (role, "GET", f"{path}?{qs}", r.status_code)


def fuzz_route(route, site, routes, got, posted, examples=EXAMPLES):
    get_names = sorted(set(got) | {"page", "zzz"})
    post_names = sorted(set(posted) | {"zzz"})

    @seed(zlib.crc32(route.encode()))
    @settings(max_examples=examples, deadline=None, derandomize=False, database=None,
              suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def check(data):
        role = data.draw(st.sampled_from(ROLES))
        client = client_for(role, site)
        path = path_for(data.draw(st.sampled_from(routes)), site, data.draw)
        qs = data.draw(query(get_names))
        url = f"{path}?{qs}" if qs else path
        method = data.draw(st.sampled_from(["GET", "GET", "POST", "POST-multipart", "HEAD"]))
        if method == "GET":
            r = client.get(url)
        elif method == "HEAD":
            r = client.head(url)
        elif method == "POST":
            r = client.post(url, data.draw(query(post_names)), content_type="application/x-www-form-urlencoded")
        else:
            fields = data.draw(st.dictionaries(st.sampled_from(post_names), value, max_size=12))
            for name in data.draw(st.lists(st.sampled_from(FILE_FIELDS), max_size=2, unique=True)):
                fields[name] = SimpleUploadedFile(data.draw(st.sampled_from(["a.png", "a.pdf", "a.xlsx", "a.csv",
                                                                          "a.yaml", "a"])), data.draw(upload))
            r = client.post(url, fields)
        forget_clients(site, path)
        assert r.status_code < 500, (role, method, url, r.status_code)

    check()
