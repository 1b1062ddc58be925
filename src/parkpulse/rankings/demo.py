"""Demo content: a generated sample dataset （示例数据） over real zone names, ranked with torch2021."""

from __future__ import annotations

from parkpulse.rank import Options, load_framework
from parkpulse.rank.sample import SAMPLE_LABEL, ZONES, ZONES_SOURCE, sample_panel

DEMO_NAME = f"{SAMPLE_LABEL}：国家高新区综合评价（torch2021 框架，生成值）"


def load_demo(log=print) -> None:
    from parkpulse.rankings.models import Dataset
    from parkpulse.rankings.services import compute_run, store_dataset

    Dataset.objects.filter(is_sample=True, name=DEMO_NAME).delete()
    fw = load_framework("torch2021")
    panel = sample_panel(fw, n_units=len(ZONES), years=(2021, 2022, 2023), seed=2021, missing=0.02)
    dataset = store_dataset(
        DEMO_NAME, fw, panel, framework_key="torch2021", is_sample=True,
        # The sample notice is the page's banner (is_sample); the note names the real sources.
        source_note=ZONES_SOURCE,
    )
    run = compute_run(dataset, Options(impute="linear"), replications=1000, seed=2021, sobol_samples=1024)
    linked = run.units.exclude(park=None).values("code").distinct().count()
    log(f"排名示例数据已生成 ({SAMPLE_LABEL}): {len(panel.units)} 个高新区 × {len(panel.years)} 年，"
        f"{linked} 个关联到园区；/rankings/")
