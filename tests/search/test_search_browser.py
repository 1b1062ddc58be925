"""The search page in real Chromium: park card, facet links that narrow, no sideways scroll on a phone."""

import os
from pathlib import Path

import pytest

from parkpulse.parks.models import Listing, Park
from parkpulse.portal.models import Article, Category
from parkpulse.search.samples import load_samples


@pytest.mark.browser
def test_search_page_in_chromium(browser, live_site):
    load_samples(Category, Article, Park)
    park = Park.objects.get(name="苏州工业园区")
    Listing.objects.create(park=park, title="示例标准厂房", kind="factory", area_m2=1200, is_sample=True)
    shots = Path(os.environ.get("PARKPULSE_HOME", "var")) / "screens"
    shots.mkdir(parents=True, exist_ok=True)
    for width in (1366, 360):
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(f"{live_site}/search/?q=苏州工业园区 创新药")
        assert page.locator(".park-card h2").inner_text().startswith("苏州工业园区")
        assert page.locator(".park-card").get_by_text("示例标准厂房").is_visible()
        before = page.locator("ol.results > li").count()
        assert before >= 2
        page.screenshot(path=str(shots / f"search-{width}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
        page.locator(".facets a", has_text="政策解读").first.click()
        page.wait_for_load_state()
        assert "category=policy" in page.url
        after = page.locator("ol.results > li").count()
        assert 0 < after < before
        page.close()
