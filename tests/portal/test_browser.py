"""The demo in real Chromium: home → article, breadcrumb, view count, related list, share QR."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from parkpulse.portal.demo import load_demo


@pytest.mark.browser
def test_demo_article_page_in_chromium(live_site, browser):
    load_demo(lambda _msg: None)
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_site)
    page = context.new_page()
    try:
        page.goto(live_site + "/")
        assert page.locator("form.search-box input[name=q]").first.is_visible()
        first = page.locator(".latest .article-list h3 a").first
        title = first.inner_text()
        first.click()
        page.wait_for_load_state()
        assert re.fullmatch(r".*/article/\d+/", page.url)
        assert page.locator("h1").inner_text().startswith(title)

        crumb = re.sub(r"\s+", " ", page.locator("nav.breadcrumb").inner_text()).strip()
        assert re.fullmatch(r"首页 > \S+ > 正文内容", crumb), crumb
        assert re.search(r"\d+(天|个月|年)前（\d{4}-\d{2}-\d{2}）|刚刚|小时前", page.locator(".article-meta").inner_text())

        before = int(page.locator(".view-count").inner_text())
        page.reload()
        after = int(page.locator(".view-count").inner_text())
        assert after == before + 1

        related = page.locator("section.related li")
        assert 1 <= related.count() <= 8
        assert related.first.locator(".snippet").inner_text().strip()

        qr = page.locator(".share-qr img")
        qr.scroll_into_view_if_needed()
        # locator assertions, not wait_for_function: its polling evaluates a string in the page,
        # which the site's Content-Security-Policy (no 'unsafe-eval') rightly refuses
        expect(page.locator(".share-qr img")).to_have_js_property("complete", True)
        assert qr.evaluate("img => img.naturalWidth") > 0

        docs_copy = os.environ.get("PARKPULSE_DOCS_SCREENSHOT")
        if docs_copy:  # `PARKPULSE_DOCS_SCREENSHOT=docs/screenshot-article.png pytest -m browser`
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=docs_copy, full_page=True)

        page.locator("#copy-link").click()
        expect(page.locator("#copy-link")).to_have_text("已复制")
        assert page.evaluate("navigator.clipboard.readText()") == page.url

        assert page.locator(".cta a.button").get_attribute("href").startswith("/leads/new/?article=")

        shots = Path(settings.HOME) / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / "article.png"), full_page=True)
        assert (shots / "article.png").stat().st_size > 10_000
    finally:
        context.close()
