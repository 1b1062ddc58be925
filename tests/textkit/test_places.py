"""The labelled place set (tests/textkit/data/places.tsv, 示例数据): precision and recall.

Each line is a short text written for this project and the places it names; traps (合作,
朝阳产业, 中山大学, 江北新区, same-named districts without context …) expect nothing. We
compare the places the text itself names (count > 0), not the parents they imply.
"""

from pathlib import Path

import pytest

from parkpulse.textkit.regions import find_regions, gazetteer

DATA = Path(__file__).parent / "data" / "places.tsv"


def labelled() -> list[tuple[str, set[str]]]:
    rows = []
    for line in DATA.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, _, places = line.partition("\t")
        rows.append((text, {p for p in places.split("、") if p}))
    return rows


def found(text: str) -> set[str]:
    return {r.name for r in find_regions(text) if r.count}


def evaluate():
    tp = fp = fn = 0
    misses = []
    for text, expected in labelled():
        got = found(text)
        tp += len(got & expected)
        fp += len(got - expected)
        fn += len(expected - got)
        if got != expected:
            misses.append((text, sorted(got - expected), sorted(expected - got)))
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1), misses


def test_the_set_is_large_and_its_labels_are_real_places():
    rows = labelled()
    assert len(rows) >= 150
    assert sum(1 for _, e in rows if not e) >= 50  # traps and texts without places
    g = gazetteer()
    known = {g.display_name(d) for d in g.by_code.values()}
    unknown = {p for _, e in rows for p in e} - known
    assert not unknown, unknown


def test_precision_and_recall_on_the_labelled_set():
    precision, recall, misses = evaluate()
    print(f"places: precision {precision:.3f}, recall {recall:.3f}, {len(misses)} texts differ")
    for miss in misses:
        print("  ", miss)
    assert precision >= 0.97, misses
    assert recall >= 0.90, misses


@pytest.mark.parametrize("text", [
    "园区与多家企业开展战略合作，实现合作共赢", "新能源是朝阳产业", "蓝天白云", "坚持和平发展",
    "绿水青山就是金山银山", "东方电气集团签约", "中山大学附属医院", "长安汽车工厂", "江北新区发布政策",
    "鼓楼区举办招商推介会",
])
def test_named_traps_tag_nothing(text):
    assert found(text) == set()
