"""Rankings pages over a stored run: table, unit page, uncertainty, import with per-cell errors."""

import io

import pytest
from django.contrib.staticfiles import finders

from parkpulse.parks.models import Park
from parkpulse.rank import Options, load_framework
from parkpulse.rank.sample import sample_panel
from parkpulse.rankings.demo import DEMO_NAME, load_demo
from parkpulse.rankings.models import Dataset, Run, UnitResult
from parkpulse.rankings.services import compute_run, store_dataset

pytestmark = pytest.mark.django_db


@pytest.fixture
def run():
    fw = load_framework("city")
    panel = sample_panel(fw, n_units=8, years=(2022, 2023), seed=3, missing=0.0)
    Park.objects.create(name=panel.names["Z002"], level=Park.Level.NATIONAL_HIGH_TECH)
    ds = store_dataset("测试数据", fw, panel, framework_key="city", is_sample=True, source_note="测试")
    return compute_run(ds, Options(), replications=200, seed=1, sobol_samples=256)


def test_table_lists_units_by_rank_with_group_ranks_and_park_link(client, run):
    html = client.get(f"/rankings/run/{run.pk}/").content.decode()
    rows = list(UnitResult.objects.filter(run=run, year=2023).order_by("rank"))
    positions = [html.index(f'data-code="{r.code}"') for r in rows]
    assert positions == sorted(positions)
    assert "示例数据" in html
    for g in run.groups:
        assert g["name"] in html
    park = Park.objects.get()
    linked = UnitResult.objects.get(run=run, year=2023, park=park)
    assert park.get_absolute_url() in html and linked.name == park.name


def test_table_sorts_by_a_first_level_group(client, run):
    html = client.get(f"/rankings/run/{run.pk}/?sort=INN&year=2022").content.decode()
    rows = sorted(UnitResult.objects.filter(run=run, year=2022), key=lambda r: (r.ranks["INN"], r.code))
    positions = [html.index(f'data-code="{r.code}"') for r in rows]
    assert positions == sorted(positions)
    rev = client.get(f"/rankings/run/{run.pk}/?sort=INN&dir=desc&year=2022").content.decode()
    assert rev.index(f'data-code="{rows[-1].code}"') < rev.index(f'data-code="{rows[0].code}"')


def test_index_shows_latest_run(client, run):
    resp = client.get("/rankings/")
    assert resp.status_code == 200 and "测试数据" in resp.content.decode()


def test_unit_page_has_words_charts_and_interval(client, run):
    u = UnitResult.objects.filter(run=run, year=2023).order_by("rank")[3]
    html = client.get(f"/rankings/run/{run.pk}/unit/{u.code}/").content.decode()
    first = run.groups[0]
    assert f"{first['name']}第 {u.ranks[first['code']]} 名" in html
    # each strength/weakness gives the gap to the median as a positive number of points
    import re
    for gap in re.findall(r"(?:高于|低于)中位（[\d.]+）(-?[\d.]+) 分", html):
        assert not gap.startswith("-")
    assert "{&#x27;" not in html and "{'" not in html  # no raw structures
    assert 'id="radar"' in html and 'id="history"' in html and "rankings/echarts.min.js" in html
    unc = next(x for x in run.uncertainty if x["code"] == u.code)
    assert f"{unc['q05']:.0f}–{unc['q95']:.0f}" in html
    assert "上升一位所需的最小提升" in html
    assert client.get(f"/rankings/run/{run.pk}/unit/NOPE/").status_code == 404


def test_uncertainty_page(client, run):
    html = client.get(f"/rankings/run/{run.pk}/uncertainty/").content.decode()
    assert 'id="unc"' in html and "200 次蒙特卡洛模拟" in html and "示例数据" in html
    assert "Sobol" in html and set(run.sobol["factors"]) >= {"weights", "normalisation", "aggregation"}
    assert run.parameters["uncertainty"]["seed"] == 1


def test_echarts_is_served_offline_with_its_licence():
    path = finders.find("rankings/echarts.min.js")
    assert path and b"echarts" in open(path, "rb").read(4000)
    assert "Apache License" in open(finders.find("rankings/echarts.LICENSE"), encoding="utf-8").read()


@pytest.fixture
def staff(client, django_user_model):
    user = django_user_model.objects.create_user("ed", password="x", is_staff=True)
    client.force_login(user)
    return user


def upload(client, df, **extra):
    buf = io.BytesIO(df.to_csv(index=False).encode("utf-8"))
    buf.name = "zones.csv"
    data = {"name": "上传", "framework": "city", "impute": "mean", "replications": 50, "seed": 2, "sobol": 0,
            "data_file": buf}
    data.update(extra)
    return client.post("/rankings/import/", data)


def test_import_shows_errors_per_cell_and_stores_nothing(client, staff):
    fw = load_framework("city")
    df = sample_panel(fw, n_units=5, seed=1).to_frame().astype(object)
    df.loc[2, "ECO.1"] = "很多"
    df.loc[4, "IND.4"] = 15  # qualitative score on a 0-10 scale
    resp = upload(client, df)
    html = resp.content.decode()
    assert resp.status_code == 400
    assert "第 4 行 列「ECO.1」" in html and "第 6 行 列「IND.4」" in html
    assert html.count('class="bad"') == 2
    assert Dataset.objects.count() == 0 and Run.objects.count() == 0


def test_import_success_computes_and_redirects(client, staff):
    fw = load_framework("city")
    df = sample_panel(fw, n_units=6, seed=1).to_frame()
    resp = upload(client, df)
    assert resp.status_code == 302
    run = Run.objects.get()
    assert run.replications == 50 and run.seed == 2 and run.dataset.uploaded_by == staff
    assert UnitResult.objects.filter(run=run).count() == 6 * 3


def test_import_needs_staff(client):
    assert client.get("/rankings/import/").status_code == 302


def test_demo_loads_labelled_sample_over_real_zone_names(client):
    load_demo(log=lambda *_: None)
    ds = Dataset.objects.get(name=DEMO_NAME)
    assert ds.is_sample and "示例数据" in ds.name and "火炬" in ds.source_note
    run = ds.runs.get()
    assert run.years == [2021, 2022, 2023] and len(ds.data["units"]) >= 30
    assert run.replications == 1000 and len(run.uncertainty) == len(ds.data["units"])
    html = client.get("/rankings/").content.decode()
    assert "苏州工业园区" in html and "示例数据" in html
    load_demo(log=lambda *_: None)  # running the demo again replaces, never duplicates
    assert Dataset.objects.filter(name=DEMO_NAME).count() == 1


def test_import_with_uploaded_coinr_framework_and_bad_framework(client, staff):
    fw = load_framework("city")
    meta = io.BytesIO(fw.to_coinr_meta().to_csv(index=False).encode("utf-8"))
    meta.name = "iMeta.csv"
    one = sample_panel(fw, n_units=6, seed=1, years=(2023,)).to_frame().drop(columns="year")
    assert upload(client, one, framework="upload", framework_file=meta).status_code == 302
    run = Run.objects.get()
    assert run.years == [0] and UnitResult.objects.filter(run=run).count() == 6
    assert client.get(run.get_absolute_url()).status_code == 200

    bad = io.BytesIO(b"tree:\n  code: I\n  children:\n  - {code: x, direction: 5}\n")
    bad.name = "f.yaml"
    resp = upload(client, one, framework="upload", framework_file=bad)
    assert resp.status_code == 400 and "框架有误" in resp.content.decode() and "&#x27;x&#x27;" in resp.content.decode()
    assert Run.objects.count() == 1


def test_leader_page_and_run_without_uncertainty(client):
    fw = load_framework("city")
    ds = store_dataset("无模拟", fw, sample_panel(fw, n_units=5, seed=2), framework_key="city")
    run = compute_run(ds, Options(impute="mean"), replications=0)
    leader = UnitResult.objects.get(run=run, year=2023, rank=1)
    html = client.get(leader.get_absolute_url()).content.decode()
    assert "已排名第一" in html and 'class="rk-sample"' not in html  # real data: no sample banner
    html = client.get(f"/rankings/run/{run.pk}/uncertainty/").content.decode()
    assert "没有做不确定性分析" in html
