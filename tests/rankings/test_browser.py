"""Charts render in real Chromium from the site's own ECharts, with no request leaving the site."""

import pytest

from parkpulse.rank import Options, load_framework
from parkpulse.rank.sample import sample_panel
from parkpulse.rankings.services import compute_run, store_dataset


@pytest.mark.browser
def test_unit_and_uncertainty_charts_render_offline(browser, live_site):
    fw = load_framework("torch2021")
    ds = store_dataset("浏览器测试", fw, sample_panel(fw, n_units=10, seed=1), is_sample=True)
    run = compute_run(ds, Options(impute="linear"), replications=100, seed=1)
    page = browser.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    code = ds.data["units"][0]
    page.goto(f"{live_site}/rankings/run/{run.pk}/unit/{code}/")
    page.wait_for_selector("#radar canvas", timeout=15000)
    page.wait_for_selector("#history canvas", timeout=15000)
    assert page.evaluate("window.rkCharts.length") == 2
    assert page.evaluate("window.rkCharts[0].getOption().series[0].data.length") == 2  # unit + median
    page.goto(f"{live_site}/rankings/run/{run.pk}/uncertainty/")
    page.wait_for_selector("#unc canvas", timeout=15000)
    assert page.evaluate("window.rkCharts[0].getOption().yAxis[0].data.length") == 10
    page.close()
    assert not errors
    assert requests and all(u.startswith(live_site) for u in requests)
