"""Content-Security-Policy: scripts only from the site or with the request's nonce, and the
pages that run scripts still work in real Chromium under it."""

from __future__ import annotations

import re

import pytest

from parkpulse.rank import Options, load_framework
from parkpulse.rank.sample import sample_panel
from parkpulse.rankings.services import compute_run, store_dataset


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {d.split()[0]: d for d in (p.strip() for p in header.split(";")) if d}


@pytest.fixture
def run(db):
    fw = load_framework("torch2021")
    ds = store_dataset("示例", fw, sample_panel(fw, n_units=6, seed=1), is_sample=True)
    return compute_run(ds, Options(impute="linear"), replications=50, seed=1)


@pytest.mark.django_db
def test_every_page_has_a_policy_without_unsafe_scripts(client):
    p = policy(client.get("/"))
    assert "'unsafe-inline'" not in p["script-src"] and "'unsafe-eval'" not in p["script-src"]
    assert p["object-src"] == "object-src 'none'" and "frame-ancestors 'none'" in p.values()


def test_inline_scripts_carry_the_header_nonce(client, run):
    code = run.dataset.data["units"][0]
    r = client.get(f"/rankings/run/{run.pk}/unit/{code}/")
    nonce = re.search(r"'nonce-([^']+)'", policy(r)["script-src"]).group(1)
    html = r.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    inline = [attrs for attrs in inline if "application/json" not in attrs]
    assert inline and all(f'nonce="{nonce}"' in attrs for attrs in inline)
    # a new request, a new nonce
    assert nonce not in client.get(f"/rankings/run/{run.pk}/unit/{code}/")["Content-Security-Policy"]


@pytest.mark.browser
def test_pages_with_scripts_run_under_the_policy_in_chromium(browser, live_site):
    from parkpulse.portal.models import Article

    fw = load_framework("torch2021")
    ds = store_dataset("浏览器示例", fw, sample_panel(fw, n_units=6, seed=1), is_sample=True)
    run = compute_run(ds, Options(impute="linear"), replications=50, seed=1)
    article = Article.objects.create(title="示例文章", body_html="<p>示例正文</p>", body_text="示例正文",
                                     status=Article.Status.PUBLISHED, is_sample=True)
    page = browser.new_page()
    page.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation',"
                         " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")
    code = ds.data["units"][0]
    page.goto(f"{live_site}/rankings/run/{run.pk}/unit/{code}/")
    page.wait_for_selector("#radar canvas", timeout=15000)
    assert page.evaluate("window.__csp") == []
    page.goto(f"{live_site}/rankings/run/{run.pk}/uncertainty/")
    page.wait_for_selector("#unc canvas", timeout=15000)
    assert page.evaluate("window.__csp") == []
    page.goto(f"{live_site}/article/{article.pk}/")
    page.click("#copy-link")
    assert page.evaluate("window.__csp") == []
    # an injected inline script is blocked: the policy is really enforced
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1';"
                  " document.body.appendChild(s); }")
    # The violation event is queued as a task, so it may arrive after evaluate() returns.
    page.wait_for_function("window.__csp.length > 0", timeout=5000)
    assert page.evaluate("window.__ran") is None and page.evaluate("window.__csp.length") == 1
    page.close()
