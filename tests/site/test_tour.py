"""The site tour: every page a user meets, for each role, on a phone (360 px) and a desktop
(1366 px), in Chinese and in English, in real Chromium.

A page fails the tour when it is wider than the screen, logs a console error, has a request
that fails, shows a browser-default form control or a control too small to tap, shows a
Chinese UI string on an English page, or has a serious or critical axe-core violation.
Screenshots land in ``PARKPULSE_HOME/tour/`` (``var/tour/`` by default) for a person to look at.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.sessions import session_cookie

AXE = Path(__file__).with_name("vendor") / "axe.min.js"
WIDTHS = (360, 1366)
LANGS = ("zh", "en")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
PASSWORD = "tour-pass-123"

# Browser-side checks, one round trip per page.
PAGE_FACTS = r"""
() => {
  const out = {scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth,
               lang: document.documentElement.lang, controls: [], unlabelled: []};
  for (const el of document.querySelectorAll("input, select, textarea, button")) {
    const cs = getComputedStyle(el), r = el.getBoundingClientRect();
    const type = (el.getAttribute("type") || "").toLowerCase();
    if (type === "hidden" || r.width === 0 || r.height === 0 || cs.visibility === "hidden") continue;
    if (el.closest(".hp, #changelist, .module, .submit-row, #content-main, #header, #nav-sidebar")) continue;
    const name = el.tagName.toLowerCase() + (el.name ? "[name=" + el.name + "]" : "") + (el.id ? "#" + el.id : "");
    if (type === "checkbox" || type === "radio") {
      if (r.width < 18) out.controls.push(name + ": " + r.width + "px box");
      continue;
    }
    if (cs.fontSize === "13.3333px") out.controls.push(name + ": browser-default font");
    if (r.height < 43.5) out.controls.push(name + ": " + Math.round(r.height) + "px high (< 44)");
    if ((el.tagName === "BUTTON" || type === "submit") && cs.backgroundColor === "rgb(239, 239, 239)")
      out.controls.push(name + ": browser-default button");
    if (el.tagName === "SELECT" && cs.appearance !== "none") out.controls.push(name + ": browser-default select");
    if (el.tagName !== "BUTTON" && type !== "submit") {
      const labelled = (el.labels && el.labels.length) || el.getAttribute("aria-label") || el.getAttribute("aria-labelledby");
      if (!labelled) out.unlabelled.push(name);
    }
  }
  // Text a reader sees, minus parts that declare themselves Chinese (lang="zh-…").
  const clone = document.body.cloneNode(true);
  clone.querySelectorAll('[lang^="zh"], script, style, noscript, [hidden], .visually-hidden').forEach(n => n.remove());
  out.text = clone.innerText;
  out.title = document.title;
  return out;
}
"""


def build_site(monkeypatch):
    """The demo content (minus the network crawl) and one user per role."""
    monkeypatch.setenv("PARKPULSE_DEMO_PASSWORD", PASSWORD)
    for app in ("portal", "parks", "search", "rankings", "leads"):
        importlib.import_module(f"parkpulse.{app}.demo").load_demo(lambda _msg: None)
    from django.contrib.auth import get_user_model

    from parkpulse.collect.models import CrawlRun, Source

    User = get_user_model()
    User.objects.create_superuser("admin", "admin@example.com", PASSWORD)
    src = Source.objects.create(name="示例来源（巡检）", home_url="https://example.com/", is_sample=True)
    CrawlRun.objects.create(source=src, status="finished", pages_fetched=12, articles_new=3,
                            errors={"robots_forbidden": 1},
                            failures=[{"url": "https://example.com/secret.html", "kind": "robots_forbidden"}])


def content_strings() -> list[str]:
    """Everything stored that stays in the language it was written in (articles, parks,
    listings, leads, ranking units...), longest first, so the English check can ignore it."""
    from django.apps import apps
    from django.db import models

    skip = {"Category", "CallToAction", "Industry"}  # these have English: they must show it
    values: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("parkpulse.") or model.__name__ in skip:
            continue
        fields = [f.name for f in model._meta.concrete_fields
                  if isinstance(f, (models.CharField, models.TextField, models.JSONField))]
        for row in model.objects.values(*fields)[:2000]:
            for value in row.values():
                values.update(_strings(value))
    import yaml

    from parkpulse.rankings.models import Dataset, Run

    for run in Run.objects.all():
        values.update(_strings(run.parameters.get("framework")))
    for dataset in Dataset.objects.all():  # indicator names come from the framework's own text
        values.update(_strings(yaml.safe_load(dataset.framework_yaml or "") or {}))
    values.add("园区")  # the tour's own search query, which the results page echoes
    return sorted((v for v in values if CJK.search(v)), key=len, reverse=True)


def _strings(value) -> list[str]:
    if isinstance(value, str):
        lines = [line.strip() for line in re.split(r"[\r\n]+", value)]
        pieces = [p.strip(" ，,。()（）") for p in re.split(r"https?://\S+", value)]  # around links
        return [value.strip(), *lines, *pieces]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def role_pages() -> dict[str, list[tuple[str, int]]]:
    """(path, expected status) for each role."""
    from parkpulse.leads.models import Lead
    from parkpulse.parks.models import ChangeRequest, Listing, Park, ParkClaim
    from parkpulse.portal.models import Article, Category, Tag
    from parkpulse.rankings.models import Run, UnitResult

    article = Article.objects.published().order_by("-published_at").first()
    category = Category.objects.first()
    tag = Tag.objects.filter(articles__isnull=False).first()
    sip = Park.objects.get(name="苏州工业园区")
    listing = Listing.objects.filter(is_available=True, owner__username="manager", park=sip).first()
    run = Run.objects.first()
    unit = UnitResult.objects.filter(run=run).order_by("rank").first()
    lead = Lead.objects.order_by("pk").first()
    pending_claim = ParkClaim.objects.filter(status="pending").first()
    change = ChangeRequest.objects.filter(status="pending").first()
    public = [
        ("/", 200), (category.get_absolute_url(), 200), (article.get_absolute_url(), 200),
        ("/search/?q=园区", 200), (f"/tag/{tag.kind}/{tag.slug}/", 200), (f"/park-news/{sip.pk}/", 200),
        ("/parks/", 200), (sip.get_absolute_url(), 200), (f"/parks/{sip.pk}/history/", 200),
        (f"/parks/{sip.pk}/history/2/", 200), ("/parks/listings/", 200), (f"/parks/listings/{listing.pk}/", 200),
        ("/parks/map/", 200), ("/rankings/", 200), (unit.get_absolute_url(), 200), (f"/rankings/run/{run.pk}/uncertainty/", 200),
        ("/leads/new/", 200), ("/accounts/login/", 200), ("/parks/register/", 200), ("/no-such-page/", 404),
    ]
    return {
        "anonymous": public,
        "company": [("/parks/me/", 200), (f"/parks/{sip.pk}/claim/", 200),
                    (f"/parks/claims/{pending_claim.pk}/", 200), ("/leads/", 403)],
        "manager": [("/parks/me/", 200), (f"/parks/{sip.pk}/update/", 200), ("/parks/listings/new/", 200),
                    (f"/parks/listings/{listing.pk}/edit/", 200), (f"/leads/park/{sip.pk}/", 200),
                    (f"/parks/changes/{change.pk}/", 200), ("/leads/", 403)],
        "editor": [("/parks/review/", 200), (f"/parks/claims/{pending_claim.pk}/", 200),
                   (f"/parks/changes/{change.pk}/", 200), (f"/parks/{sip.pk}/update/", 200)],
        "consultant": [("/leads/", 200), (f"/leads/{lead.pk}/", 200), (f"/leads/park/{sip.pk}/", 200),
                       ("/parks/map/", 200), ("/leads/?region=320000", 200)],
        "admin": [("/collect/", 200), ("/design/", 200), ("/rankings/import/", 200), ("/admin/", 200)],
    }


def untranslated(text: str, content: list[str]) -> list[str]:
    for value in content:
        if value in text:
            text = text.replace(value, " ")
    return sorted(set(CJK.findall(text)))


@pytest.mark.browser
def test_site_tour(live_site, browser, monkeypatch):
    build_site(monkeypatch)
    pages = role_pages()
    content = content_strings()
    axe = AXE.read_text(encoding="utf-8")
    shots = Path(settings.HOME) / "tour"
    shots.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    seen: dict[str, list[str]] = {"console": [], "failed": []}  # cleared before each page

    for role, paths in pages.items():
        for lang in LANGS:
            for width in WIDTHS:
                context = browser.new_context(viewport={"width": width, "height": 900},
                                              locale="zh-CN" if lang == "zh" else "en-US")
                if role != "anonymous":
                    context.add_cookies(session_cookie(role, live_site))
                page = context.new_page()
                page.on("console", lambda m: m.type == "error" and seen["console"].append(m.text))
                page.on("pageerror", lambda e: seen["console"].append(str(e)))
                # net::ERR_ABORTED is the browser cancelling a request itself: Chromium fetches the
                # favicon after `load`, and the next goto can abort it (CI saw this once). Python
                # gets the events late, so they cannot be told apart from the page they belong to.
                # A broken resource still shows: a server error as a status, a CSP block as a
                # console error, a refused connection as another net:: code.
                page.on("requestfailed", lambda r: r.failure != "net::ERR_ABORTED"
                        and seen["failed"].append(f"{r.url} {r.failure}"))
                page.on("response", lambda r: r.status >= 400 and r.request.resource_type != "document"
                        and seen["failed"].append(f"{r.url} {r.status}"))
                try:
                    for path, status in paths:
                        url = live_site + ("/en" if lang == "en" else "") + path
                        where = f"{role} {lang} {width}px {path}"
                        seen["console"].clear()
                        seen["failed"].clear()
                        response = page.goto(url)
                        page.wait_for_load_state("load")
                        if response.status != status:
                            problems.append(f"{where}: HTTP {response.status}, expected {status}")
                        facts = page.evaluate(PAGE_FACTS)
                        if facts["scrollWidth"] > facts["width"] + 1:
                            problems.append(f"{where}: {facts['scrollWidth']}px wide on a {width}px screen")
                        errors = [c for c in seen["console"]
                                  if not (status >= 400 and "Failed to load resource" in c)]
                        problems += [f"{where}: console error {c}" for c in errors]
                        problems += [f"{where}: request failed {f}" for f in seen["failed"]]
                        if not path.startswith("/admin/"):
                            problems += [f"{where}: control {c}" for c in facts["controls"]]
                        problems += [f"{where}: field without a label {c}" for c in facts["unlabelled"]]
                        expected_lang = "en" if lang == "en" else "zh-Hans"
                        if facts["lang"].lower() != expected_lang.lower():
                            problems.append(f"{where}: <html lang={facts['lang']!r}>, expected {expected_lang}")
                        if lang == "en":
                            left = untranslated(facts["text"] + "\n" + facts["title"], content)
                            if left:
                                problems.append(f"{where}: Chinese on an English page: {'、'.join(left[:12])}")
                        # axe is the slow part (1-3 s a page): each page once per language, the
                        # phone layout in Chinese and the desktop layout in English.
                        if (lang, width) in (("zh", 360), ("en", 1366)):
                            page.evaluate(axe)  # CDP, not an inline <script>: the CSP would block that
                            violations = page.evaluate(
                                "async () => (await axe.run(document, {resultTypes: ['violations'], runOnly: "
                                "{type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}}))"
                                ".violations"
                                ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
                                ".map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))")
                            problems += [f"{where}: axe {v}" for v in violations]
                        name = re.sub(r"[^a-z0-9]+", "_", path.lower()).strip("_") or "home"
                        page.screenshot(path=str(shots / f"{role}-{lang}-{width}-{name}.png"))
                finally:
                    context.close()

    assert not problems, f"{len(problems)} problems on the tour:\n" + "\n".join(problems)
