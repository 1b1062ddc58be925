"""A damaged workbook at /rankings/import/ gets a clear error, and bad ``year`` values are ignored."""

from __future__ import annotations

import io
import zipfile

import pytest

from parkpulse.rank import Options, load_framework
from parkpulse.rank.sample import sample_panel
from parkpulse.rankings.models import Dataset
from parkpulse.rankings.services import compute_run, store_dataset

pytestmark = pytest.mark.django_db


def xlsx_bytes(df) -> bytes:
    buf = io.BytesIO()
    df.to_excel(buf, index=False)
    return buf.getvalue()


def damaged_variants(good: bytes):
    yield "not a zip", b"PK\x03\x04 this is not really a workbook"
    yield "truncated", good[: len(good) // 2]
    # a valid zip without the workbook part
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    yield "no workbook", buf.getvalue()
    # a valid zip whose sheet XML is broken
    src, buf = zipfile.ZipFile(io.BytesIO(good)), io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for item in src.infolist():
            data = src.read(item.filename)
            z.writestr(item, data[: len(data) // 3] if item.filename.endswith("sheet1.xml") else data)
    yield "broken xml", buf.getvalue()


def test_a_corrupt_xlsx_gets_a_clear_error(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("ed", is_staff=True))
    fw = load_framework("city")
    good = xlsx_bytes(sample_panel(fw, n_units=5, seed=1).to_frame())
    for label, content in damaged_variants(good):
        f = io.BytesIO(content)
        f.name = "zones.xlsx"
        r = client.post("/rankings/import/", {"name": label, "framework": "city", "impute": "mean",
                                              "replications": 0, "seed": 1, "sobol": 0, "data_file": f})
        assert r.status_code == 400, label
        assert "不是有效的 XLSX 文件" in r.content.decode(), label
    assert not Dataset.objects.exists()


@pytest.mark.parametrize("year", ["²", "٢٠٢١", "99999999999999999999999", "-1", "abc"])
def test_bad_year_values_are_ignored(client, year):
    fw = load_framework("torch2021")
    ds = store_dataset("示例", fw, sample_panel(fw, n_units=4, seed=1), is_sample=True)
    run = compute_run(ds, Options(impute="linear"), replications=0, seed=1)
    assert client.get(f"/rankings/run/{run.pk}/", {"year": year}).status_code == 200
