"""Every page carries canonical, description and Open Graph meta (issue 7, SEO)."""

import re

import pytest

from parkpulse.parks.models import Park
from parkpulse.portal.models import Article, Category


def head(response) -> str:
    html = response.content.decode()
    return html[: html.index("</head>")]


@pytest.fixture
def pages(db):
    cat = Category.objects.create(slug="news", name="园区动态")
    art = Article.objects.create(
        title="示例：标准厂房竣工", category=cat, status=Article.Status.PUBLISHED,
        summary="示例摘要：标准厂房二期竣工。", body_text="示例正文", body_html="<p>示例正文</p>",
    )
    park = Park.objects.create(name="示例高新区", description="示例简介：一个示例园区。", is_sample=True)
    return {"/": None, f"/category/{cat.slug}/": cat, f"/article/{art.pk}/": art,
            f"/parks/{park.pk}/": park, "/parks/": None, "/search/?q=厂房": None}


def test_every_page_has_canonical_description_and_open_graph(client, pages):
    for url, obj in pages.items():
        h = head(client.get(url))
        assert len(re.findall(r'<link rel="canonical"', h)) == 1, url
        assert len(re.findall(r'<meta name="description"', h)) == 1, url
        assert 'property="og:title"' in h and 'property="og:url"' in h, url
        canonical = re.search(r'<link rel="canonical" href="([^"]+)"', h).group(1)
        assert "?" not in canonical, url  # query strings never become canonical
        if obj is not None:
            assert canonical == f"http://testserver{obj.get_absolute_url()}", url


def test_article_description_is_its_summary(client, pages):
    art = Article.objects.get()
    h = head(client.get(art.get_absolute_url()))
    assert '<meta name="description" content="示例摘要：标准厂房二期竣工。">' in h
    assert 'property="og:type" content="article"' in h
