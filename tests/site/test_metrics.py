"""``/metrics``: who may read it, the request, lead and crawl counters after real traffic and a
real crawl, and counts that add up across the worker processes of ``parkpulse serve``."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

from parkpulse.collect.models import CrawlRun, Source
from tests.collect.conftest import crawl_cmd, crawl_env
from tests.collect.sitekit import Site, article_html, list_html
from tests.conftest import port_open
from tests.site.test_health import free_port

TOKEN = "s3cret-metrics-token"


def value(text: str, name: str, **labels) -> float:
    """The sample ``name`` with these labels (0 when absent: counters start at nothing)."""
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                return s.value
    return 0.0


@pytest.fixture
def scrape(client, settings):
    settings.METRICS_TOKEN = TOKEN

    def get():
        r = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        assert r.status_code == 200, r.status_code
        assert r["Content-Type"].startswith("text/plain")
        return r.content.decode()

    return get


@pytest.mark.django_db
def test_only_staff_or_the_token(client, settings, django_user_model):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 403  # no token set
    settings.METRICS_TOKEN = TOKEN
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION=TOKEN).status_code == 403  # not a Bearer header
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 200
    client.force_login(django_user_model.objects.create_user("reader"))
    assert client.get("/metrics").status_code == 403
    client.force_login(django_user_model.objects.create_user("ops", is_staff=True))
    assert client.get("/metrics").status_code == 200


@pytest.mark.django_db
def test_requests_queries_and_leads_are_counted(client, scrape):
    from tests.leads.conftest import ensure_industries

    ensure_industries()
    before = scrape()
    for _ in range(3):
        assert client.get("/healthz").status_code == 200
    assert client.get("/no/such/page/").status_code == 404
    assert client.get("/").status_code == 200
    lead = {"description": "示例数据:需要五千平方米厂房", "industry": "biomed", "use": "factory",
            "area_m2": "5000", "regions": "江苏", "company": "示例度量有限公司", "contact_name": "李女士",
            "phone": "13700001234", "consent": "on", "website": ""}
    assert client.post("/leads/new/", lead).status_code == 302
    assert client.post("/leads/new/", {**lead, "description": "示例数据:再补充一点"}).status_code == 302
    after = scrape()

    def delta(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("parkpulse_http_requests_total", view="portal:healthz", method="GET", status="200") == 3
    assert delta("parkpulse_http_requests_total", view="<unmatched>", status="404") == 1
    assert delta("parkpulse_http_requests_total", view="leads:new", method="POST", status="302") == 2
    assert delta("parkpulse_http_request_duration_seconds_count", view="portal:healthz") == 3
    assert delta("parkpulse_db_queries_total", view="portal:home") >= 1
    assert delta("parkpulse_db_queries_total", view="portal:healthz") == 0  # the cheap probe stays cheap
    assert delta("parkpulse_leads_received_total", outcome="new") == 1
    assert delta("parkpulse_leads_received_total", outcome="merged") == 1
    assert value(after, "parkpulse_metrics_database_up") == 1


@pytest.mark.django_db
def test_last_backup_time(scrape, settings, tmp_path, monkeypatch):
    monkeypatch.setenv("PARKPULSE_BACKUP_DIR", str(tmp_path))
    assert "parkpulse_backup_last_success_timestamp_seconds" not in scrape()  # none yet
    (tmp_path / "parkpulse-20261201T031500Z.tar.gz.partial").write_bytes(b"half")
    archive = tmp_path / "parkpulse-20261201T031500Z.tar.gz"
    archive.write_bytes(b"whole")
    os.utime(archive, (1_700_000_000, 1_700_000_000))
    assert value(scrape(), "parkpulse_backup_last_success_timestamp_seconds") == 1_700_000_000


SHORT = ('<html><head><meta charset="utf-8"><title>短讯</title></head><body><h1>短讯</h1>'
         '<div class="content"><p>示例数据:太短。</p></div></body></html>')


@pytest.mark.django_db(transaction=True)
@pytest.mark.slow
def test_crawl_counters(scrape):
    links = [f"/n/{i}.html" for i in range(4)] + ["/n/short.html", "/n/private/x.html"]
    routes = {f"/n/{i}.html": (200, {}, article_html(i)) for i in range(4)}
    routes.update({"/list.html": (200, {}, list_html(links)), "/n/short.html": (200, {}, SHORT),
                   "/n/private/x.html": (200, {}, article_html(9))})
    before = scrape()
    with Site(routes, robots="User-agent: *\nDisallow: /n/private/\n") as site:
        Source.objects.create(name="度量站", home_url=site.url + "/", start_urls=site.url + "/list.html",
                              article_pattern=r"/n/", publish=True)
        proc = subprocess.run(crawl_cmd("--source", "度量站"), env=crawl_env(), capture_output=True,
                              text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
    after = scrape()

    def delta(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("parkpulse_crawl_runs_total") == 1
    assert value(after, "parkpulse_crawl_runs_by_status", status="finished") >= 1
    assert delta("parkpulse_crawl_articles_total", outcome="new") == 4
    # the short page is refused; its reason is the extractor's word for it, whatever that is
    (run,) = CrawlRun.objects.all()
    assert sum(run.rejected_reasons.values()) == 1
    for reason, n in run.rejected_reasons.items():
        assert delta("parkpulse_crawl_pages_rejected_total", reason=reason) == n
    assert delta("parkpulse_crawl_errors_total", kind="robots_forbidden") == 1
    assert delta("parkpulse_crawl_pages_total", outcome="fetched") == 6  # the list and five pages
    assert value(after, "parkpulse_articles_stored") == 4
    assert value(after, "parkpulse_queue_depth", queue="crawl_due_sources") == 0  # just crawled
    again = scrape()  # a second scrape: finished runs come from the kept totals, not added twice
    assert value(again, "parkpulse_crawl_articles_total", outcome="new") == value(
        after, "parkpulse_crawl_articles_total", outcome="new")


@pytest.mark.slow
def test_workers_add_up(tmp_path, fresh_sqlite):
    """Two gunicorn workers, each replaced after 10 requests: every scrape, whichever worker
    answers it, reports all requests, those of workers gone included (multiprocess mode)."""
    env = dict(os.environ, PARKPULSE_HOME=str(tmp_path), PARKPULSE_METRICS_TOKEN=TOKEN,
               DATABASE_URL=fresh_sqlite(tmp_path / "parkpulse.sqlite3"))
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "parkpulse.site.cli", "serve", "--port", str(port),
                               "--workers", "2", "--threads", "2", "--max-requests", "10"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            if port_open("127.0.0.1", port):
                break
            assert server.poll() is None, server.stderr.read().decode()
            time.sleep(0.1)
        for _ in range(40):
            with urllib.request.urlopen(base + "/healthz", timeout=30) as r:
                assert r.status == 200
        seen = set()
        for _ in range(8):
            req = urllib.request.Request(base + "/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
            with urllib.request.urlopen(req, timeout=30) as r:
                text = r.read().decode()
            assert value(text, "parkpulse_http_requests_total", view="portal:healthz", status="200") == 40
            seen.add(r.headers.get("X-Request-ID"))
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(base + "/metrics", timeout=30)
        assert err.value.code == 403
        files = list((tmp_path / "metrics").glob("*/counter_*.db"))
        assert len(files) >= 4  # one file per worker process: 48 requests, 10 per worker
    finally:
        server.terminate()
        server.wait(30)
    assert len(seen) == 8  # every response carries its own request id
