"""Generated sample data (示例数据) for demos, tests and the benchmark. No value here is real.

``ZONES`` are real national high-tech zone names (source below); every indicator value that
``sample_panel`` produces is drawn from a random generator and labelled sample wherever it is
shown. Values have plausible shapes (skewed counts, bounded shares, 0-100 scores) so the
pipeline meets outliers, zeros and missing cells as it would with real data.
"""

from __future__ import annotations

import numpy as np

from parkpulse.rank.data import Panel
from parkpulse.rank.framework import QUAL, Framework

SAMPLE_LABEL = "示例数据"
ZONES_SOURCE = "国家高新区名称: 科学技术部火炬高技术产业开发中心公布的国家高新区名单 (http://www.chinatorch.gov.cn/)"
ZONES = [
    "中关村科技园区", "天津滨海高新技术产业开发区", "石家庄高新技术产业开发区", "太原高新技术产业开发区",
    "包头稀土高新技术产业开发区", "沈阳高新技术产业开发区", "大连高新技术产业园区", "长春高新技术产业开发区",
    "哈尔滨高新技术产业开发区", "上海张江高新技术产业开发区", "南京高新技术产业开发区", "苏州工业园区",
    "无锡高新技术产业开发区", "杭州高新技术产业开发区", "宁波高新技术产业开发区", "合肥高新技术产业开发区",
    "福州高新技术产业开发区", "厦门火炬高技术产业开发区", "南昌高新技术产业开发区", "济南高新技术产业开发区",
    "青岛高新技术产业开发区", "郑州高新技术产业开发区", "武汉东湖新技术开发区", "长沙高新技术产业开发区",
    "株洲高新技术产业开发区", "广州高新技术产业开发区", "深圳市高新技术产业园区", "成都高新技术产业开发区",
    "重庆高新技术产业开发区", "西安高新技术产业开发区", "兰州高新技术产业开发区", "昆明高新技术产业开发区",
]


def sample_panel(framework: Framework, n_units: int | None = None, years=(2021, 2022, 2023),
                 seed: int = 2021, missing: float = 0.02, names: list[str] | None = None) -> Panel:
    """Generated values for every indicator of ``framework``; ``missing`` is the share of blank cells."""
    rng = np.random.default_rng(seed)
    names = list(names or ZONES)
    n = n_units or len(names)
    if n > len(names):
        names = names + [f"示例园区{i:03d}" for i in range(len(names) + 1, n + 1)]
    names = names[:n]
    codes = [f"Z{i + 1:03d}" for i in range(n)]
    inds = framework.indicators
    T, K = len(years), len(inds)
    strength = rng.normal(0, 1, n)  # a latent "how strong is this zone", so indicators correlate
    growth = rng.normal(0.03, 0.04, n)
    v = np.empty((T, n, K))
    for j, ind in enumerate(inds):
        kind = rng.integers(3)
        load = rng.uniform(0.3, 0.9)
        for t in range(T):
            z = load * (strength + growth * t) + np.sqrt(1 - load ** 2) * rng.normal(0, 1, n)
            z = z * ind.direction
            if ind.type == QUAL:
                lo, hi = ind.scale or (0.0, 100.0)
                col = lo + (hi - lo) / (1 + np.exp(-z))
                col = np.round(col, 1)
            elif kind == 0:  # counts: heavily right-skewed, some zeros
                col = np.floor(np.exp(2.0 + 1.1 * z))
                col[rng.random(n) < 0.05] = 0
            elif kind == 1:  # shares in percent
                col = np.round(100 / (1 + np.exp(-(z - 0.5))), 2)
            else:  # amounts
                col = np.round(np.exp(4 + 0.8 * z), 2)
            v[t, :, j] = col
    if missing:
        v[rng.random(v.shape) < missing] = np.nan
    return Panel(codes, dict(zip(codes, names, strict=True)), list(years), [i.code for i in inds], v)
