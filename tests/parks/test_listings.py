"""Listings: type-specific validation (in Chinese), search filters, ownership, photos."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from parkpulse.parks.models import Industry, Listing
from tests.parks.test_permissions import listing_data


def titles(response) -> set[str]:
    return {item.title for item in response.context["page"].object_list}


@pytest.fixture
def stock(park_a, park_b):
    def make(title, park, kind, deal, area, price, codes=()):
        item = Listing.objects.create(park=park, title=title, kind=kind, deal=deal, area_m2=area, price=price)
        item.industries.set(Industry.objects.filter(code__in=codes))
        return item

    make("甲厂房小", park_a, "factory", "rent", 1200, 25, ["biomed"])
    make("甲厂房大", park_a, "factory", "rent", 6200, 32, ["biomed", "ic"])
    make("甲土地", park_a, "land", "sale", 33000, 1800, ["ic"])
    make("乙仓库", park_b, "warehouse", "rent", 5000, 18, ["equipment"])
    make("乙写字楼", park_b, "office", "sale", 800, 900)
    Listing.objects.create(park=park_b, title="乙已下架", kind="office", area_m2=500, is_available=False)


@pytest.mark.django_db
@pytest.mark.parametrize("query,expected", [
    ("", {"甲厂房小", "甲厂房大", "甲土地", "乙仓库", "乙写字楼"}),
    ("kind=factory", {"甲厂房小", "甲厂房大"}),
    ("deal=sale", {"甲土地", "乙写字楼"}),
    ("area_min=5000", {"甲厂房大", "甲土地", "乙仓库"}),
    ("area_min=1000&area_max=6200", {"甲厂房小", "甲厂房大", "乙仓库"}),
    ("deal=rent&price_max=30", {"甲厂房小", "乙仓库"}),
    ("price_min=1000", {"甲土地"}),
    ("industry=biomed", {"甲厂房小", "甲厂房大"}),
    ("province=湖南", {"乙仓库", "乙写字楼"}),
    ("city=苏州市&kind=land", {"甲土地"}),
    ("q=仓库", {"乙仓库"}),
    ("q=乙示例经开区", {"乙仓库", "乙写字楼"}),
    ("kind=factory&area_min=5000&industry=biomed&province=江苏省", {"甲厂房大"}),
])
def test_listing_filters(client, stock, query, expected):
    r = client.get(f"/parks/listings/?{query}")
    assert titles(r) == expected


@pytest.mark.django_db
def test_listing_filter_by_park_and_sort(client, stock, park_b):
    r = client.get(f"/parks/listings/?park={park_b.pk}&sort=-area")
    assert [x.title for x in r.context["page"].object_list] == ["乙仓库", "乙写字楼"]


@pytest.mark.django_db
def test_land_needs_use_and_term_and_office_drops_floor_fields(client, park_a, manager_a):
    client.force_login(manager_a)
    r = client.post("/parks/listings/new/", listing_data(park_a, kind="land", title="地块", land_use="", land_term_years=""))
    html = r.content.decode()
    assert "土地类载体请填写土地用途。" in html and "土地类载体请填写土地年限。" in html
    assert 'value="地块"' in html  # input kept
    r = client.post("/parks/listings/new/", listing_data(park_a, kind="land", title="地块", land_use="工业用地",
                                                         land_term_years="50", floor_height_m="9"))
    assert r.status_code == 302
    land = Listing.objects.get(title="地块")
    assert land.land_term_years == 50 and land.floor_height_m is None and land.owner == manager_a
    client.post("/parks/listings/new/", listing_data(park_a, kind="office", title="写字楼一层", land_use="工业用地"))
    office = Listing.objects.get(title="写字楼一层")
    assert office.floor_height_m is None and office.floor_load_kg_m2 is None and office.land_use == ""


@pytest.mark.django_db
@pytest.mark.parametrize("field,value,message", [
    ("area_m2", "0", "面积必须大于 0 ㎡。"),
    ("area_m2", "很大", "输入一个数字。"),
    ("price", "-3", "确保该值大于或等于0。"),
    ("contact_phone", "110", "请输入有效的手机号或座机号"),
    ("title", "", "这个字段是必填项。"),
    ("floor_height_m", "80", "层高应在 0 到 50 米之间。"),
    ("kind", "castle", "选择一个有效的选项"),
])
def test_listing_validation_errors_in_chinese(client, park_a, manager_a, field, value, message):
    client.force_login(manager_a)
    r = client.post("/parks/listings/new/", listing_data(park_a, **{field: value}))
    assert r.status_code == 200
    assert message in r.content.decode()
    assert not Listing.objects.exists()


@pytest.mark.django_db
def test_photos_upload_and_non_images_are_refused(client, park_a, manager_a, settings):
    buf = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buf, "PNG")
    client.force_login(manager_a)
    photo = SimpleUploadedFile("a.png", buf.getvalue(), content_type="image/png")
    r = client.post("/parks/listings/new/", {**listing_data(park_a), "photos": [photo]})
    assert r.status_code == 302
    listing = Listing.objects.get()
    assert listing.photos.count() == 1
    assert (settings.MEDIA_ROOT / listing.photos.get().image.name).exists()
    bad = SimpleUploadedFile("b.png", b"not an image", content_type="image/png")
    r = client.post(f"/parks/listings/{listing.pk}/edit/", {**listing_data(park_a), "photos": [bad]})
    assert "请上传一张有效的图片" in r.content.decode()
    assert listing.photos.count() == 1


@pytest.mark.django_db
def test_withdrawn_listing_visible_only_to_its_maintainers(client, listing_a, manager_b):
    listing_a.is_available = False
    listing_a.save()
    assert client.get(f"/parks/listings/{listing_a.pk}/").status_code == 404
    client.force_login(manager_b)
    assert client.get(f"/parks/listings/{listing_a.pk}/").status_code == 404
    client.force_login(listing_a.owner)
    assert client.get(f"/parks/listings/{listing_a.pk}/").status_code == 200


@pytest.mark.django_db
def test_listing_page_shows_sample_label_and_type_fields(client, listing_a):
    html = client.get(f"/parks/listings/{listing_a.pk}/").content.decode()
    assert "示例数据" in html and "1500 kg/㎡" in html and "9 米" in html and "28 元/㎡/月" in html


@pytest.mark.django_db
def test_consultant_edits_only_own_listing(client, park_b, consultant, listing_a):
    client.force_login(consultant)
    client.post("/parks/listings/new/", listing_data(park_b, title="顾问发布的仓库", kind="warehouse"))
    mine = Listing.objects.get(title="顾问发布的仓库")
    assert mine.owner == consultant
    assert client.get(f"/parks/listings/{mine.pk}/edit/").status_code == 200
    assert client.get(f"/parks/listings/{listing_a.pk}/edit/").status_code == 403
    html = client.get("/parks/me/").content.decode()
    assert "顾问发布的仓库" in html and listing_a.title not in html


@pytest.mark.django_db
def test_park_filter_shows_the_park_name_and_a_way_out(client, stock, park_b):
    html = client.get(f"/parks/listings/?park={park_b.pk}&kind=warehouse").content.decode()
    assert f'<a href="/parks/{park_b.pk}/">乙示例经开区</a>' in html
    assert 'href="?kind=warehouse"' in html  # the × link drops only the park filter
