"""Park comparison: the page, the XLSX and PDF exports (Chinese read back from the PDF with
poppler), who may download them, bad selections, and the links to it."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from parkpulse.parks import news_facts, roles
from parkpulse.parks.fact_models import ParkFact
from parkpulse.parks.models import Listing, Park
from tests.conftest import need
from tests.parks.conftest import make_user

pytestmark = pytest.mark.django_db
URL = reverse("parks:compare")


@pytest.fixture
def three(park_a, park_b):
    park_c = Park.objects.create(name="丙示例开发区", level=Park.Level.PROVINCIAL, province="浙江省",
                                 city="杭州市", is_sample=True)
    Listing.objects.create(park=park_a, title="示例厂房一", kind="factory", area_m2=1000, is_sample=True)
    Listing.objects.create(park=park_a, title="示例厂房二", kind="factory", area_m2=2000, is_sample=True)
    Listing.objects.create(park=park_a, title="已下架", kind="factory", area_m2=10, is_available=False)
    editor = make_user("ed_cmp", roles.EDITOR)
    confirmed = ParkFact.objects.create(park=park_a, metric="高新技术企业数", value=1800, unit="家",
                                        qualifier="累计超", period="2023年", year=2023, sentence="示例",
                                        source_title="示例来源文章")
    news_facts.review(confirmed, editor, "confirm")
    ParkFact.objects.create(park=park_a, metric="营业收入", value=999, unit="亿元", sentence="示例")  # pending
    return park_a, park_b, park_c


def ids(*parks):
    return ",".join(str(p.pk) for p in parks)


def test_page_compares_profiles_listings_and_confirmed_facts(client, three):
    a, b, c = three
    page = client.get(URL, {"ids": ids(a, b, c)})
    assert page.status_code == 200
    html = page.content.decode()
    for p in three:
        assert p.name in html
    assert "国家级高新区" in html and "省级园区" in html
    assert "累计超1800家" in html and "999" not in html  # pending facts are not shown
    rows = dict(page.context["rows"])
    assert rows["在租/在售载体"] == ["2", "0", "0"]  # withdrawn listings do not count
    assert "示例数据" in html


def test_ids_as_repeated_parameters_keep_their_order(client, three):
    a, b, _c = three
    page = client.get(URL + f"?ids={b.pk}&ids={a.pk}")
    assert [p.pk for p in page.context["c"].parks] == [b.pk, a.pk]


@pytest.mark.parametrize("query", ["", "ids=1", "ids=abc,def", "ids=1,2,3,4,5,6", "ids=999998,999999", "ids=%00"])
def test_bad_selections_say_why(client, three, query):
    page = client.get(URL + "?" + query)
    assert page.status_code == 400
    assert "园区" in page.context["error"]


def test_rankings_with_intervals(client, db):
    from parkpulse.parks.demo import load_demo as parks_demo
    from parkpulse.rankings.demo import load_demo as rankings_demo

    parks_demo(lambda *a, **k: None)
    rankings_demo(lambda *a, **k: None)
    from parkpulse.rankings.models import UnitResult

    linked = list(UnitResult.objects.filter(park__isnull=False).values_list("park_id", flat=True).distinct()[:3])
    assert len(linked) >= 2
    page = client.get(URL, {"ids": ",".join(map(str, linked))})
    c = page.context["c"]
    assert c.rankings and all(r.columns[i] for r in c.rankings[:1] for i in range(len(linked)))
    cell = c.rankings[0].columns[0]
    assert cell["rank"] >= 1 and cell["total"] >= cell["rank"]
    if cell["q05"] is not None:
        assert cell["q05"] <= cell["q95"] and "排名区间" in page.content.decode()


def test_exports_need_login(client, three):
    a, b, _ = three
    for fmt in ("xlsx", "pdf"):
        resp = client.get(URL, {"ids": ids(a, b), "format": fmt})
        assert resp.status_code == 302 and "/accounts/login/" in resp["Location"]


def test_xlsx_export(client, three):
    a, b, c = three
    client.force_login(make_user("reader_x"))
    resp = client.get(URL, {"ids": ids(a, b, c), "format": "xlsx"})
    assert resp.status_code == 200 and resp["Content-Disposition"].endswith('.xlsx"')
    wb = load_workbook(io.BytesIO(resp.content))
    assert wb.sheetnames == ["概况", "排名", "数据动态", "说明"]
    profile = wb["概况"]
    assert [cell.value for cell in profile[1]][1].startswith(a.name)
    labels = [row[0].value for row in profile.iter_rows(min_row=2)]
    assert "在租/在售载体" in labels
    facts = list(wb["数据动态"].iter_rows(min_row=2, values_only=True))
    assert facts == [(a.name, "高新技术企业数", 1800, "家", "累计超", "2023年", "示例来源文章", None)]
    assert any("示例数据" in (r[0] or "") for r in wb["说明"].iter_rows(values_only=True))


def test_pdf_export_renders_chinese(client, three, tmp_path):
    need(shutil.which("pdftoppm") is not None and shutil.which("pdftotext") is not None,
         "poppler-utils not installed (apt-get install poppler-utils)")
    a, b, c = three
    client.force_login(make_user("reader_p"))
    resp = client.get(URL, {"ids": ids(a, b, c), "format": "pdf"})
    assert resp.status_code == 200 and resp.content.startswith(b"%PDF")
    pdf = tmp_path / "compare.pdf"
    pdf.write_bytes(resp.content)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "CJK" in fonts and " yes " in fonts  # a CJK font, embedded
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    for expected in ("园区对比", a.name, b.name, c.name, "国家级高新区", "高新技术企业数", "累计超1800家"):
        assert expected in text, expected
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                   check=True)
    png = next(tmp_path.glob("page*.png"))
    assert png.stat().st_size > 5000  # a rendered page, not a blank one


def test_directory_and_lead_link_to_the_comparison(client, three):
    page = client.get(reverse("parks:list")).content.decode()
    assert f'action="{URL}"' in page and 'name="ids"' in page
