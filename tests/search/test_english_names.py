"""English pages name categories, industries and regions in English (facets, the industry
filter, active-filter chips, tag pages); parks and sources stay Chinese, marked lang=zh-Hans.
The Chinese pages keep the Chinese names."""

import re

import pytest

from parkpulse.portal.models import Category, Tag
from parkpulse.textkit.place_en import english_name

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_categories(samples):
    Category.objects.filter(slug="news").update(name_en="Park news")
    Category.objects.filter(slug="policy").update(name_en="Policy")
    return samples


def facet_items(html: str, key_title: str) -> list[tuple[str, str]]:
    """(lang attribute or "", text) of each choice under the facet headed ``key_title``."""
    section = re.search(rf"<h2>{key_title}</h2>\s*<ul>(.*?)</ul>", html, re.S).group(1)
    out = []
    for attrs, inner in re.findall(r"<li([^>]*)>(.*?)</li>", section, re.S):
        lang = re.search(r'lang="([^"]+)"', attrs)
        text = re.sub(r"<[^>]+>", "", inner.split('<span class="count">')[0]).strip()
        out.append((lang.group(1) if lang else "", text))
    return out


def test_english_search_page_names_categories_industries_and_regions_in_english(client, english_categories):
    html = client.get("/en/search/", {"q": "示例数据"}).content.decode()
    categories = facet_items(html, "Section")
    assert ("", "Policy") in categories and ("", "Park news") in categories
    assert not any("政策" in text or "资讯" in text for _lang, text in categories)
    industries = facet_items(html, "Industry")
    assert ("", "Biomedicine") in industries and ("", "Artificial intelligence") in industries
    regions = facet_items(html, "Region")
    assert ("", "Suzhou") in regions and ("", "Jiangsu") in regions
    assert ("", "Chaoyang District, Beijing") in regions and ("", "Chaoyang District, Changchun") in regions
    assert all(not re.search(r"[\u4e00-\u9fff]", text) for _lang, text in categories + industries + regions)
    # parks have no English name: Chinese, marked as Chinese
    parks = facet_items(html, "Parks")
    assert ("zh-Hans", "苏州工业园区") in parks
    # the industry filter of the form, too
    assert re.search(r'<option value="biomed"[^>]*>Biomedicine</option>', html)


def test_chinese_search_page_keeps_the_chinese_names(client, english_categories):
    html = client.get("/search/", {"q": "示例数据"}).content.decode()
    assert ("zh-Hans", "政策解读") in facet_items(html, "栏目")
    assert ("zh-Hans", "生物医药") in facet_items(html, "产业")
    regions = facet_items(html, "地区")
    assert ("zh-Hans", "苏州市") in regions and ("zh-Hans", "北京市朝阳区") in regions
    assert "Biomedicine" not in html and "Suzhou" not in html and "Policy" not in html


def test_active_filter_chips_use_the_english_names(client, english_categories):
    park = Tag.objects.get(kind="park", name="苏州工业园区").slug
    res = client.get("/en/search/", {"q": "示例数据", "category": "policy", "industry": "biomed",
                                     "region": "320500", "park": park})
    chips = re.search(r'<ul class="reasons active-filters"[^>]*>(.*?)</ul>', res.content.decode(), re.S).group(1)
    assert "Section: <span>Policy</span>" in chips
    assert "Industry: <span>Biomedicine</span>" in chips
    assert "Region: <span>Suzhou</span>" in chips
    assert re.search(r'Parks?: <span lang="zh-Hans">苏州工业园区</span>', chips)
    assert "：" not in chips  # the English colon
    zh = client.get("/search/", {"q": "示例数据", "region": "320500"}).content.decode()
    assert '地区：<span lang="zh-Hans">苏州市</span>' in zh


def test_tag_pages_head_region_and_industry_tags_in_english(client, samples):
    region = client.get("/en/tag/region/320500/").content.decode()
    assert re.search(r"<h1>Region: <span>Suzhou</span></h1>", region)
    assert "<title>Suzhou - Region" in region and 'placeholder="Search in “Suzhou”"' in region
    industry = client.get("/en/tag/industry/biomed/").content.decode()
    assert re.search(r"<h1>Industry: <span>Biomedicine</span></h1>", industry)
    park = Tag.objects.get(kind="park", name="苏州工业园区")
    html = client.get(f"/en/tag/park/{park.slug}/").content.decode()
    assert re.search(r'<h1>Parks?: <span lang="zh-Hans">苏州工业园区</span></h1>', html)
    zh = client.get("/tag/region/320500/").content.decode()
    assert re.search(r'<h1>地区：<span lang="zh-Hans">苏州市</span></h1>', zh)


def test_place_names_are_romanised_with_their_level():
    assert english_name("320000") == "Jiangsu"
    assert english_name("320500") == "Suzhou"
    assert english_name("610000") == "Shaanxi" and english_name("140000") == "Shanxi"
    assert english_name("610100") == "Xi'an"
    assert english_name("500000") == "Chongqing"  # 重 read as in the name, not zhòng
    assert english_name("110105") == "Chaoyang District, Beijing"
    assert english_name("320583") == "Kunshan, Suzhou"  # a county-level city: no level word
    assert english_name("623000") == "Gannan Prefecture"
    assert english_name("999999") is None


def test_an_english_page_leaves_the_chinese_links_chinese(client, samples):
    """Article URLs are built from a cached pattern: one per language, or a Chinese page
    served after an English one would link to /en/ articles."""
    assert "/en/article/" in client.get("/en/tag/region/320500/").content.decode()
    zh = client.get("/tag/region/320500/").content.decode()
    assert "/article/" in zh and "/en/article/" not in zh
    feed = client.get("/feed/").content.decode()
    assert "http://testserver/article/" in feed and "/en/article/" not in feed
