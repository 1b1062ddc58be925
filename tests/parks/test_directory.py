"""Directory filters, the park page (news, listings, rankings slot, sample label), and
query strings that must never cause a server error."""

from __future__ import annotations

import pytest
from django.utils import timezone

from parkpulse.parks.models import Industry, Listing, Park
from parkpulse.portal.models import Article


def names(response) -> set[str]:
    return {p.name for p in response.context["page"].object_list}


@pytest.fixture
def parks(park_a, park_b):
    c = Park.objects.create(name="丙示例省级园区", level=Park.Level.PROVINCIAL, province="江苏省", city="南京市",
                            former_names=["丙旧名开发区"])
    c.industries.set(Industry.objects.filter(code="ai"))
    return park_a, park_b, c


@pytest.mark.django_db
@pytest.mark.parametrize("query,expected", [
    ("", {"甲示例高新区", "乙示例经开区", "丙示例省级园区"}),
    ("province=江苏省", {"甲示例高新区", "丙示例省级园区"}),
    ("province=江苏省&city=南京市", {"丙示例省级园区"}),
    ("city=株洲", {"乙示例经开区"}),
    ("level=nht", {"甲示例高新区"}),
    ("level=netdz", {"乙示例经开区"}),
    ("industry=biomed", {"甲示例高新区"}),
    ("industry=ai&province=江苏省", {"丙示例省级园区"}),
    ("q=甲高新", {"甲示例高新区"}),  # alias
    ("q=丙旧名", {"丙示例省级园区"}),  # former name
    ("q=株洲", {"乙示例经开区"}),
    ("q=不存在的园区", set()),
])
def test_directory_filters(client, parks, query, expected):
    r = client.get(f"/parks/?{query}")
    assert r.status_code == 200
    assert names(r) == expected


@pytest.mark.django_db
def test_invalid_filter_is_dropped_with_a_chinese_notice_and_others_still_apply(client, parks):
    r = client.get("/parks/?level=moon&province=江苏省")
    assert names(r) == {"甲示例高新区", "丙示例省级园区"}
    assert "已忽略无效的筛选条件：级别" in r.content.decode()


MALFORMED = [
    "page=abc", "page=-1", "page=0", "page=99999999999999999999999", "page=1.5",
    "q=%00", "q=" + "长" * 500, "q=%27%3B+DROP+TABLE+parks_park%3B--", "q=<script>alert(1)</script>",
    "q=%ff%fe", "q=%E4%B8", "industry=%00", "industry=nope", "level=" + "x" * 1000,
    "province=%00&city=%00", "q=a&q=b&q=c", "q[]=1", "%zz=%zz", "=&&&=", "park=abc", "park=-5",
    "park=999999999999999999999999", "kind=spaceship", "deal=%00", "area_min=abc", "area_min=1e999",
    "area_min=-5", "area_max=NaN", "price_max=Infinity", "price_min=1%2C000", "area_min=10&area_max=1",
    "sort=price;drop", "sort=", "industry=biomed&industry=ai",
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/parks/", "/parks/listings/"])
@pytest.mark.parametrize("query", MALFORMED)
def test_malformed_query_strings_never_500(client, parks, listing_a, path, query):
    client.raise_request_exception = False
    r = client.get(f"{path}?{query}")
    assert r.status_code == 200, (path, query, r.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("path", [
    "/parks/99999999999999999999/", "/parks/0/", "/parks/1/history/999999999999999999999/",
    "/parks/listings/99999999999999999999/", "/parks/abc/",
])
def test_unknown_ids_are_404(client, parks, path):
    client.raise_request_exception = False
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_park_page_profile_listings_news_and_update_link(client, park_a, park_b, listing_a):
    Listing.objects.create(park=park_a, title="已下架的仓库", kind="warehouse", area_m2=100, is_available=False)
    Listing.objects.create(park=park_b, title="乙园区的土地", kind="land", area_m2=100)
    now = timezone.now()
    linked = Article.objects.create(title="园区新政发布", status="published", published_at=now)
    linked.parks.add(park_a)
    Article.objects.create(title="甲示例高新区 一季度招商签约", status="published", published_at=now)
    Article.objects.create(title="产业观察", body_text="……甲高新（简称）新增三家企业……", status="published", published_at=now)
    Article.objects.create(title="甲示例高新区 草稿", status="draft", published_at=now)
    Article.objects.create(title="乙示例经开区 动态", status="published", published_at=now)
    html = client.get(f"/parks/{park_a.pk}/").content.decode()
    assert "我是园区负责人，我要更新园区资料" in html
    assert f'href="/parks/{park_a.pk}/update/"' in html
    assert listing_a.title in html and "已下架的仓库" not in html and "乙园区的土地" not in html
    for title in ("园区新政发布", "甲示例高新区 一季度招商签约", "产业观察"):
        assert title in html
    assert "甲示例高新区 草稿" not in html and "乙示例经开区 动态" not in html
    assert "示例数据" in html  # is_sample park: labelled on the page
    assert "暂无该园区的排名数据" in html  # the rankings slot, empty but present
    assert "生物医药" in html


@pytest.mark.django_db
def test_rankings_slot_uses_the_rankings_hook(client, park_a, monkeypatch):
    import sys
    import types

    module = types.ModuleType("parkpulse.rankings.queries")
    module.rankings_for_park = lambda park: [
        {"title": "示例排名", "rank": 4, "total": 169, "score": "88.1", "url": "/rankings/1/"}
    ]
    monkeypatch.setitem(sys.modules, "parkpulse.rankings.queries", module)
    html = client.get(f"/parks/{park_a.pk}/").content.decode()
    assert '<a href="/rankings/1/">示例排名</a>' in html and "第 4 名" in html and "169" in html
    module.rankings_for_park = lambda park: 1 / 0  # a broken hook must not break the page
    assert client.get(f"/parks/{park_a.pk}/").status_code == 200


@pytest.mark.django_db
def test_directory_paginates(client, db):
    Park.objects.bulk_create(Park(name=f"分页园区{i:02d}") for i in range(45))
    first = client.get("/parks/")
    assert len(first.context["page"].object_list) == 20
    third = client.get("/parks/?page=3")
    assert [p.name for p in third.context["page"].object_list] == [f"分页园区{i:02d}" for i in range(40, 45)]


@pytest.mark.django_db
def test_directory_counts_available_listings_per_park(client, park_a, park_b, listing_a):
    Listing.objects.create(park=park_a, title="下架", kind="office", area_m2=1, is_available=False)
    Listing.objects.create(park=park_a, title="在租", kind="office", area_m2=1)
    r = client.get("/parks/")
    counts = {p.name: p.listing_count for p in r.context["page"].object_list}
    assert counts == {"甲示例高新区": 2, "乙示例经开区": 0}
    assert "2 个在租/在售载体" in r.content.decode()


@pytest.mark.django_db
def test_news_text_match_is_bounded_to_the_newest_articles_but_links_are_not(client, park_a, monkeypatch):
    from datetime import timedelta

    from parkpulse.parks.views import directory

    monkeypatch.setattr(directory, "NEWS_TEXT_WINDOW", 2)
    now = timezone.now()
    old_linked = Article.objects.create(title="很久以前的关联文章", status="published", published_at=now - timedelta(days=900))
    old_linked.parks.add(park_a)
    unlinked = Article.objects.create(title="甲高新 旧闻", status="published", published_at=now - timedelta(days=800))
    unlinked.parks.clear()  # the search app links on save; this one predates the park, say
    Article.objects.create(title="甲高新 新闻一", status="published", published_at=now - timedelta(days=1))
    Article.objects.create(title="无关新闻", status="published", published_at=now)
    titles = [a.title for a in directory.park_news(park_a)]
    assert titles == ["甲高新 新闻一", "很久以前的关联文章"]


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["sip", "SIP", "园区\"引号", "100%"])
def test_alias_search_ascii_case_and_special_characters(client, db, q):
    Park.objects.create(name="某园区", aliases=["SIP", "园区\"引号", "100%园"])
    Park.objects.create(name="别的园区", aliases=["其他"])
    r = client.get("/parks/", {"q": q})
    assert names(r) == {"某园区"}


@pytest.mark.django_db
def test_rankings_slot_reads_stored_ranking_results(client, park_a, park_b):
    from parkpulse.rankings.models import Dataset, Run, UnitResult

    ds = Dataset.objects.create(name="示例高新区评价", framework_key="custom", framework_yaml="", data={},
                                is_sample=True)
    old = Run.objects.create(dataset=ds)
    new = Run.objects.create(dataset=ds)
    UnitResult.objects.create(run=old, year=2023, code="A", name=park_a.name, park=park_a, rank=9, score=50.0)
    for year, rank in ((2023, 5), (2024, 2)):
        UnitResult.objects.create(run=new, year=year, code="A", name=park_a.name, park=park_a, rank=rank, score=80.123)
        UnitResult.objects.create(run=new, year=year, code="B", name=park_b.name, park=park_b, rank=1, score=90.0)
    r = client.get(f"/parks/{park_a.pk}/")
    assert r.context["rankings"] == [{
        "title": "示例高新区评价 2024（示例数据）", "rank": 2, "total": 2, "score": 80.12,
        "url": f"/rankings/run/{new.pk}/unit/A/?year=2024",
    }]
    html = r.content.decode()
    assert "第 2 名" in html and "示例高新区评价 2024" in html


@pytest.mark.django_db
def test_pages_are_chinese_by_default_and_english_on_request(client, park_a):
    zh = client.get(f"/parks/{park_a.pk}/").content.decode()
    assert "我是园区负责人，我要更新园区资料" in zh
    en = client.get(f"/parks/{park_a.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "I manage this park and want to update its profile" in en
    assert "Sample data" in en
    r = client.get("/parks/?level=moon", HTTP_ACCEPT_LANGUAGE="en")
    assert "Ignored invalid filters" in r.content.decode()


@pytest.mark.django_db
def test_rankings_slot_does_not_label_a_labelled_dataset_twice(client, park_a):
    from parkpulse.rankings.models import Dataset, Run, UnitResult

    ds = Dataset.objects.create(name="示例数据：某评价", framework_key="custom", framework_yaml="", data={},
                                is_sample=True)
    run = Run.objects.create(dataset=ds)
    UnitResult.objects.create(run=run, year=2024, code="A", name=park_a.name, park=park_a, rank=1, score=1.0)
    r = client.get(f"/parks/{park_a.pk}/")
    assert r.context["rankings"][0]["title"] == "示例数据：某评价 2024"


def test_every_taxonomy_industry_has_an_english_name():
    from django.utils import translation

    from parkpulse.parks.industry_names import NAMES
    from parkpulse.textkit.taxonomy import INDUSTRIES

    assert sorted(NAMES) == sorted(i.name for i in INDUSTRIES)
    with translation.override("en"):
        for name in NAMES:
            assert translation.gettext(name) != name
