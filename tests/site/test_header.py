"""The header on desktops: one row of sections, the account and language links beside the
search box, nothing wrapping inside itself, the same height on every page and for every role;
on phones the sections stay in the 菜单 menu. Also: every nav label is distinct in English."""

from __future__ import annotations

import importlib

import pytest
import yaml
from django.contrib.auth import get_user_model

from tests.sessions import session_cookie

PASSWORD = "header-pass-123"
DESKTOPS = (1024, 1366)

# For each link in the header: its text lines (distinct line tops), the nav rows, the header box.
HEADER_FACTS = r"""
() => {
  const lines = el => { const r = document.createRange(); r.selectNodeContents(el);
    return new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top))).size; };
  const shown = el => el.getBoundingClientRect().width > 0;
  const items = [...document.querySelectorAll(".main-nav a, .user-bar > a, .user-name, .lang-switch a")].filter(shown);
  const search = document.querySelector(".header-row .search-box").getBoundingClientRect();
  const bar = document.querySelector(".user-bar").getBoundingClientRect();
  const brand = document.querySelector(".brand").getBoundingClientRect();
  return {
    wrapped: items.filter(el => lines(el) > 1).map(el => el.textContent.trim()),
    navRows: new Set([...document.querySelectorAll(".main-nav a")].filter(shown).map(a => Math.round(a.getBoundingClientRect().top))).size,
    labels: [...document.querySelectorAll(".main-nav a")].map(a => a.textContent.trim()),
    header: document.querySelector(".site-header").getBoundingClientRect().height,
    barBesideSearch: Math.abs((bar.top + bar.bottom) / 2 - (search.top + search.bottom) / 2) < 4,
    overlap: brand.right > search.left || search.right > bar.left,
    scrollWidth: document.documentElement.scrollWidth,
  };
}
"""


@pytest.mark.browser
def test_desktop_header_one_row_no_wrapping_same_height(live_site, browser, monkeypatch):
    monkeypatch.setenv("PARKPULSE_DEMO_PASSWORD", PASSWORD)
    for app in ("portal", "parks", "leads"):
        importlib.import_module(f"parkpulse.{app}.demo").load_demo(lambda _msg: None)
    get_user_model().objects.create_superuser("admin", "admin@example.com", PASSWORD)
    heights = set()
    for role in ("anonymous", "consultant", "editor", "admin"):
        for lang in ("zh", "en"):
            for width in DESKTOPS:
                context = browser.new_context(viewport={"width": width, "height": 800},
                                              locale="zh-CN" if lang == "zh" else "en-US")
                if role != "anonymous":
                    context.add_cookies(session_cookie(role, live_site))
                page = context.new_page()
                for path in ("/", "/search/?q=园区", "/parks/"):
                    page.goto(live_site + ("/en" if lang == "en" else "") + path)
                    facts = page.evaluate(HEADER_FACTS)
                    where = f"{role} {lang} {width}px {path}"
                    assert facts["wrapped"] == [], where
                    assert facts["navRows"] == 1, where
                    assert facts["barBesideSearch"] and not facts["overlap"], where
                    assert facts["scrollWidth"] <= width, where
                    assert len(set(facts["labels"])) == len(facts["labels"]), (where, facts["labels"])
                    heights.add(round(facts["header"]))
                context.close()
    assert len(heights) == 1, heights  # no layout shift between pages, roles or languages


@pytest.mark.browser
def test_phone_header_keeps_the_menu(live_site, browser):
    for lang in ("zh", "en"):
        context = browser.new_context(viewport={"width": 360, "height": 800},
                                      locale="zh-CN" if lang == "zh" else "en-US")
        page = context.new_page()
        page.goto(live_site + ("/en/" if lang == "en" else "/"))
        assert not page.locator(".main-nav").is_visible()
        page.click(".menu-toggle")
        assert page.locator(".main-nav").is_visible() and page.locator(".lang-switch").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        context.close()


def test_demo_section_names_do_not_repeat_the_header_links():
    """The demo's categories sit in the nav beside the fixed links; an English name that
    repeats one of them (排名榜单 and 排名 were both "Rankings") shows two identical links."""
    from pathlib import Path

    from django.utils import translation

    import parkpulse.portal.demo as demo

    data = yaml.safe_load(Path(demo.DATA).read_text(encoding="utf-8"))
    with translation.override("en"):
        fixed = {str(translation.gettext(s)) for s in ("首页", "园区", "载体", "地图", "排名", "招商需求")}
    names = [c["name_en"] for c in data["categories"]]
    assert len(set(names)) == len(names)
    assert not fixed & set(names), fixed & set(names)
