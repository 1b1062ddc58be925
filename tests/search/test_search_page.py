"""The search page: park cards, facets with true counts, snippets, empty results and bad input."""

import re

import pytest

from parkpulse.parks.models import Industry, Listing, Park

pytestmark = pytest.mark.django_db


def get(client, **params):
    return client.get("/search/", params)


def test_a_park_name_shows_its_card_and_listings(client, samples):
    park = Park.objects.get(name="苏州工业园区")
    park.level = Park.Level.NATIONAL_ETDZ
    park.district = "工业园区"
    park.save()
    park.industries.add(Industry.objects.get_or_create(code="bio", defaults={"name": "生物医药"})[0])
    for i in range(7):
        Listing.objects.create(park=park, title=f"示例标准厂房{i}", kind="factory", area_m2=1000 + i, is_sample=True)
    Listing.objects.create(park=park, title="示例已租出", kind="factory", area_m2=5, is_available=False)
    for text in ("苏州工业园区", "苏州园区 创新药"):  # name, alias
        res = get(client, q=text)
        html = res.content.decode()
        cards = res.context["parks"]
        assert [c["park"].pk for c in cards] == [park.pk], text
        assert cards[0]["listing_count"] == 7 and len(cards[0]["listings"]) == 5
        assert park.get_absolute_url() in html and "国家级经开区" in html and "生物医药" in html
        assert f"?park={park.pk}" in html  # all seven listings, on the listings page
        # the card sits above the articles
        assert html.index('class="park-card"') < html.index('class="results"')
    assert get(client, q="创新药").context["parks"] == []


def test_every_facet_count_is_what_choosing_it_leaves(client, samples):
    from parkpulse.collect.models import Source
    from parkpulse.portal.models import Article

    src = Source.objects.create(name="示例来源", home_url="https://example.org/")
    Article.objects.filter(pk__in=[samples["chip2"].pk, samples["bio3"].pk]).update(source=src)
    res = get(client, q="示例数据")
    groups = {g["key"]: g for g in res.context["facets"]}
    assert set(groups) == {"category", "region", "industry", "park", "source", "year"}
    total = res.context["results"].total
    for key, group in groups.items():
        assert group["choices"], key
        for choice in group["choices"]:
            narrowed = client.get("/search/" + choice["link"])
            assert narrowed.status_code == 200, choice
            assert narrowed.context["results"].total == choice["count"] <= total, (key, choice)
    # combined filters narrow further and still count right
    policy = next(c for c in groups["category"]["choices"] if c["label"] == "政策解读")
    both = client.get("/search/" + policy["link"] + "&source=" + str(src.pk))
    assert {pk for pk, _ in both.context["results"].hits} == {samples["chip2"].pk, samples["bio3"].pk}
    assert "示例来源" in both.content.decode()  # the active filter, with a link that removes it


def test_snippet_starts_at_a_clause_and_marks_the_query(client, samples):
    html = get(client, q="晶圆服务").content.decode()
    snippet = re.search(r'<p class="snippet"[^>]*>(.*?)</p>', html, re.S).group(1)
    assert "<mark>" in snippet
    text = re.sub(r"<[^>]+>", "", snippet).lstrip("…")
    body = samples["chip1"].body_text
    at = body.index(text[:8])
    assert at == 0 or body[at - 1] in "。！？；，、:：,;"
    assert 'class="badge sample"' in html


def test_nothing_found_says_so_and_suggests(client, samples):
    res = get(client, q="zzqx不存在的词语")
    html = res.content.decode()
    assert res.status_code == 200 and res.context["results"].total == 0
    assert "没有文章包含「zzqx不存在的词语」" in html and 'class="results"' not in html.split("relaxed")[0]
    res = get(client, q="碳化硅晶体管")
    assert res.context["results"].total == 0
    assert samples["chip3"].get_absolute_url() in html_of(res.context["relaxed"])
    assert "碳化硅" in res.context["suggestions"]
    assert "只包含部分词语的文章" in res.content.decode()


def html_of(rows):
    return " ".join(r["article"].get_absolute_url() for r in rows)


@pytest.mark.parametrize("params, message", [
    ({"q": "芯片", "park": "x"}, "园区编号"),
    ({"q": "芯片", "from": "2024-13-01"}, "格式不对"),
    ({"q": "芯片", "from": "2024-02-01", "to": "2024-01-01"}, "起始日期晚于截止日期"),
    ({"q": "!!!"}, "无法搜索"),
])
def test_bad_input_is_a_clear_400(client, samples, params, message):
    res = get(client, **params)
    assert res.status_code == 400 and message in res.content.decode()


def test_english_page(client, samples):
    res = client.get("/search/", {"q": "zzqx"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "No article contains" in res.content.decode()
    # a Chinese query quoted in the English sentence is marked as Chinese; the Latin one is not
    assert '<span lang="zh-Hans">' not in res.content.decode().split("no-results")[1].split("</p>")[0]
    html = client.get("/search/", {"q": "碳化硅晶体管"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<span lang="zh-Hans">碳化硅晶体管</span>' in html
    assert re.search(r'<a href="\?q=[^"]+"><span lang="zh-Hans">碳化硅</span></a>', html)


@pytest.mark.parametrize("page", ["abc", "100000", "0", "-3"])
def test_a_bad_page_number_is_the_first_page(client, page):
    # page numbers come from links, not from readers: the site's rule (site/params.py) is
    # that anything unusable is page 1, never an error page
    resp = client.get("/search/", {"q": "芯片", "page": page})
    assert resp.status_code == 200 and resp.context["q"].page == 1
