"""Feeds, sitemap and page meta, validated by parsing them."""

import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def xml(client, url):
    resp = client.get(url)
    assert resp.status_code == 200, url
    return ET.fromstring(resp.content)


def test_site_rss_and_atom(client, samples):
    rss = xml(client, "/feed/")
    items = rss.findall("./channel/item")
    assert len(items) == 23  # published originals; the repost is left out
    assert items[0].findtext("title") == samples["lone2"].title  # newest first
    assert all(i.findtext("link").startswith("http://testserver/article/") for i in items)
    atom = xml(client, "/feed/atom/")
    assert len(atom.findall(f"{ATOM}entry")) == 23


def test_category_and_tag_feeds(client, samples):
    titles = {i.findtext("title") for i in xml(client, "/feed/category/policy/").findall("./channel/item")}
    assert samples["bio3"].title in titles and samples["bio1"].title not in titles
    tag_items = xml(client, "/feed/tag/region/220104/").findall("./channel/item")
    assert {i.findtext("title") for i in tag_items} == {samples[k].title for k in ("ccauto1", "ccauto2", "ccauto3")}
    atom = xml(client, "/feed/tag/industry/food/atom/")
    assert len(atom.findall(f"{ATOM}entry")) == 3
    assert client.get("/feed/tag/region/999999/").status_code == 404


def test_sitemap_index_and_sections(client, samples):
    index = xml(client, "/sitemap.xml")
    sections = [loc.text for loc in index.iter(f"{SM}loc")]
    assert any("sitemap-articles.xml" in s for s in sections)
    urls = set()
    for s in sections:
        urls |= {loc.text for loc in xml(client, s.replace("http://testserver", "")).iter(f"{SM}loc")}
    assert f"http://testserver{samples['chip1'].get_absolute_url()}" in urls
    assert f"http://testserver{samples['bio1-repost'].get_absolute_url()}" not in urls
    assert "http://testserver/tag/industry/biomed/" in urls
    assert "http://testserver/category/policy/" in urls


def test_tag_and_park_pages_have_meta(client, samples):
    html = client.get("/tag/region/110105/").content.decode()
    assert samples["bjai1"].title in html and samples["ccauto1"].title not in html
    assert '<link rel="canonical" href="http://testserver/tag/region/110105/">' in html
    assert 'property="og:title"' in html and 'name="description"' in html
    park = samples["bio1"].parks.get()
    html = client.get(f"/park-news/{park.pk}/").content.decode()
    assert samples["bio4"].title in html and samples["chip1"].title not in html


def test_admin_lists_related_links(admin_client, samples):
    # every list is filled to eight now: more than one admin page, so search for it
    html = admin_client.get("/admin/search/relatedlink/", {"q": "创新药研发"}).content.decode()
    assert samples["bio1"].title in html
