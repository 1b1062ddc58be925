"""The park map: counts per province and level, leads only for desk users, the base map file,
its credit, the desk's ?region= filter, and (in Chromium) a map that draws and a click that
lands on the filtered directory."""

from __future__ import annotations

import gzip
import json

import pytest
from django.urls import reverse
from django.utils import translation

from parkpulse.parks import mapdata
from parkpulse.parks.models import Park
from parkpulse.parks.views.parkmap import DEFAULT_GEOJSON
from parkpulse.textkit.regions import gazetteer
from tests.leads.conftest import make_lead


def test_lead_provinces_reads_groups_cities_and_anywhere():
    assert mapdata.lead_provinces("长三角") == {"310000", "320000", "330000", "340000"}
    assert mapdata.lead_provinces("苏州、成都市") == {"320000", "510000"}
    assert mapdata.lead_provinces("全国") == frozenset()
    assert mapdata.lead_provinces("火星基地") == frozenset()


def test_park_counts_by_province_level_and_city():
    counts = mapdata.park_counts([("江苏省", "苏州市", "nht"), ("江苏", "南京市", "netdz"), ("湖南省", "株洲市", "nht"),
                                  ("", "", "other"), ("月球", "", "other")])
    js = counts["provinces"]["320000"]
    assert js["total"] == 2 and js["levels"] == {"nht": 1, "netdz": 1}
    assert counts["cities"] == {"320500": {"total": 1, "levels": {"nht": 1}}, "320100": {"total": 1, "levels": {"netdz": 1}},
                                "430200": {"total": 1, "levels": {"nht": 1}}}
    assert counts["unplaced"] == 2


@pytest.mark.django_db
def test_counts_json_anonymous_sees_parks_not_leads(client, park_a, park_b):
    make_lead(regions="江苏")
    data = client.get(reverse("parks:map_data")).json()
    assert "leads" not in data
    assert data["parks"]["provinces"]["320000"]["total"] == 1
    assert data["parks"]["provinces"]["430000"]["levels"] == {"netdz": 1}
    assert data["parks"]["provinces"]["320000"]["url"] == "/parks/?province=%E6%B1%9F%E8%8B%8F%E7%9C%81"
    page = client.get(reverse("parks:map"))
    assert page.status_code == 200
    english = client.get("/en/parks/map/").content.decode()
    assert ">Jiangsu</a>" in english and ">Hunan</a>" in english and "Natural Earth" in english
    translation.activate("zh-hans")  # the request left English active in this thread (reverse() would follow)
    assert "招商线索数" not in page.content.decode() and "region=" not in page.content.decode()


@pytest.mark.django_db
def test_counts_json_consultant_sees_leads(client, consultant, park_a):
    make_lead(regions="江苏、安徽")
    make_lead(regions="苏州", phone="13812345679", company="乙公司")
    make_lead(regions="全国", phone="13812345670", company="丙公司")
    client.force_login(consultant)
    data = client.get(reverse("parks:map_data")).json()
    assert data["leads"]["provinces"]["320000"] == {"total": 2, "url": "/leads/?region=320000"}
    assert data["leads"]["provinces"]["340000"]["total"] == 1
    assert data["leads"]["anywhere"] == 1
    # the desk lists exactly the leads the map counted
    desk = client.get("/leads/?region=320000").content.decode()
    assert "乙公司" in desk and "丙公司" not in desk and "江苏省" in desk
    assert "丙公司" in client.get("/leads/?region=999999").content.decode()  # not a province: no filter


@pytest.mark.django_db
def test_an_edited_region_moves_the_lead_on_map_and_desk(client, consultant):
    lead = make_lead(regions="江苏", company="丁公司")
    lead.regions = "四川、重庆"  # the admin saves the whole row
    lead.save()
    assert set(lead.provinces.values_list("code", flat=True)) == {"510000", "500000"}
    client.force_login(consultant)
    provinces = client.get(reverse("parks:map_data")).json()["leads"]["provinces"]
    assert "320000" not in provinces and provinces["510000"]["total"] == 1
    assert "丁公司" not in client.get("/leads/?region=320000").content.decode()
    assert "丁公司" in client.get("/leads/?region=510000").content.decode()
    lead.regions = "不限"
    lead.save(update_fields=["regions"])
    assert not lead.provinces.exists()


@pytest.mark.django_db
def test_the_migration_reads_the_provinces_of_stored_leads():
    import importlib

    from django.apps import apps

    from parkpulse.leads.models import LeadProvince

    make_lead(regions="长三角")
    make_lead(regions="苏州", phone="13812345679", company="乙公司")
    LeadProvince.objects.all().delete()  # as before the migration
    importlib.import_module("parkpulse.leads.migrations.0005_leadprovince").fill(apps, None)
    codes = sorted(LeadProvince.objects.values_list("code", flat=True))
    assert codes == ["310000", "320000", "320000", "330000", "340000"]


@pytest.mark.django_db
def test_map_page_credits_its_base_map(client, settings, tmp_path):
    body = client.get(reverse("parks:map")).content.decode()
    assert "Natural Earth" in body and "审图号" in body
    custom = tmp_path / "reviewed.geojson"
    custom.write_text(json.dumps({"type": "FeatureCollection", "features": []}), "utf-8")
    settings.MAP_GEOJSON = str(custom)
    settings.MAP_CREDIT = "标准地图服务 审图号：GS（2024）0000号"
    body = client.get(reverse("parks:map")).content.decode()
    assert "GS（2024）0000号" in body and "Natural Earth" not in body
    assert json.loads(b"".join(client.get(reverse("parks:map_geojson")).streaming_content)) == {
        "type": "FeatureCollection", "features": []}


def test_geojson_is_small_valid_and_coded():
    raw = DEFAULT_GEOJSON.read_bytes()
    assert len(gzip.compress(raw)) < 300_000
    data = json.loads(raw)
    assert data["type"] == "FeatureCollection"
    by_code = gazetteer().by_code
    kinds: dict[str, list] = {}
    for f in data["features"]:
        p = f["properties"]
        kinds.setdefault(p["kind"], []).append(p)
        assert f["geometry"]["type"] in {"Polygon", "MultiPolygon", "Point"}
        assert p["name"] and p["name_en"]
        if p["code"]:
            assert p["code"] in by_code, p
            assert by_code[p["code"]].name == p["name"]
    provinces = {p["code"] for p in kinds["province"]}
    assert len(provinces) == 34 and all(c.endswith("0000") for c in provinces)
    assert {"710000", "810000", "820000"} <= {p["code"] for p in kinds["area"]}
    assert next(p for p in kinds["area"] if p["code"] == "710000")["name"] == "台湾省"
    assert len(kinds["city"]) > 150


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_map_draws_and_a_click_filters_the_directory(browser, live_server, park_a, park_b):
    Park.objects.create(name="丙示例园区", level=Park.Level.PROVINCIAL, province="湖南省", city="长沙市", is_sample=True)
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 360, "height": 800})
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{live_server.url}/parks/map/")
    page.wait_for_selector("#park-map[data-ready]")
    assert page.locator("#park-map canvas").count() >= 1
    drawn = page.evaluate("""() => {
        const s = window.ppMap.getOption().series[0].data;
        return s.map(d => [d.code, d.value[2]]);
    }""")
    assert sorted(drawn) == [["320000", 1], ["430000", 2]]
    page.select_option("#map-level", "provincial")
    assert page.evaluate("() => window.ppMap.getOption().series[0].data.map(d => [d.code, d.value[2]])") == [["430000", 1]]
    page.wait_for_timeout(1500)  # the circles grow in (ECharts' animation) before they take clicks
    # click the 湖南 circle where ECharts drew it
    x, y = page.evaluate("""() => {
        const d = window.ppMap.getOption().series[0].data.find(d => d.code === "430000");
        const [x, y] = window.ppMap.convertToPixel({seriesIndex: 0}, [d.value[0], d.value[1]]);
        const r = document.getElementById("park-map").getBoundingClientRect();
        return [r.left + x + window.scrollX, r.top + y + window.scrollY];
    }""")
    page.mouse.click(x - page.evaluate("window.scrollX"), y - page.evaluate("window.scrollY"))
    page.wait_for_url("**/parks/?province=*")
    body = page.inner_text("main") if page.locator("main").count() else page.inner_text("body")
    assert "乙示例经开区" in body and "丙示例园区" in body and "甲示例高新区" not in body
    assert errors == []
    ctx.close()


@pytest.mark.django_db
def test_a_missing_map_file_is_a_404_not_a_500(client, settings, park_a):
    settings.MAP_GEOJSON = "/nonexistent/map.geojson"
    assert client.get(reverse("parks:map_geojson")).status_code == 404
    page = client.get(reverse("parks:map"))
    assert page.status_code == 200 and "江苏省" in page.content.decode()  # the table still lists the numbers
