"""Regression gate: body F1 on the shared benchmarks must not fall below the floor.

Reads ``<repo>/../shared/benchdata`` (or ``$PARKPULSE_SHARED/benchdata``) and scores with the char-4gram metric of
``../shared/bench/extract_eval.py`` (reimplemented below exactly as its docstring states:
per page the multiset of character 4-gram shingles of the text with whitespace, punctuation
and symbols removed; precision and recall averaged over pages; F1 their harmonic mean).
In CI (``CI`` or ``PARKPULSE_REQUIRE_SERVICES`` set) a missing folder fails the test.
"""

from __future__ import annotations

import collections
import gzip
import json
import os
import statistics
import unicodedata
from pathlib import Path

from parkpulse.extract import extract_article
from tests.conftest import need

# <repo>/../shared, as laid out in CI; PARKPULSE_SHARED points elsewhere (e.g. from a worktree).
SHARED = Path(os.environ.get("PARKPULSE_SHARED")
              or Path(__file__).resolve().parents[2].parent / "shared") / "benchdata"


def _need(path: Path) -> None:
    # need() skips on a user's machine and fails in CI (CI or PARKPULSE_REQUIRE_SERVICES set)
    need(path.is_dir(), f"benchmark data not found at {path} (../shared/benchdata)")


def chars(t: str) -> list[str]:
    return [c for c in (t or "") if not c.isspace()
            and not unicodedata.category(c).startswith(("P", "S", "Z", "C"))]


def shingles(seq, n=4):
    if len(seq) < n:
        return collections.Counter([tuple(seq)]) if seq else collections.Counter()
    return collections.Counter(tuple(seq[i:i + n]) for i in range(len(seq) - n + 1))


def tpfpfn(gold, pred):
    tp = fp = fn = 0
    for k in gold.keys() | pred.keys():
        g, p = gold.get(k, 0), pred.get(k, 0)
        tp += min(g, p)
        fp += max(0, p - g)
        fn += max(0, g - p)
    return tp, fp, fn


def f1(rows) -> float:
    def score(a, b, c):
        return 1.0 if b == c == 0 else (0.0 if a == b == 0 else a / (a + b))
    ps = [score(tp, fp, fn) for tp, fp, fn in rows if tp + fp > 0]
    rs = [score(tp, fn, fp) for tp, fp, fn in rows if tp + fn > 0]
    p = statistics.mean(ps) if ps else 0.0
    r = statistics.mean(rs) if rs else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def body_f1(docs) -> float:
    rows = []
    for html, gold, url in docs:
        text = extract_article(html, url=url).text
        rows.append(tpfpfn(shingles(chars(gold)), shingles(chars(text))))
    return f1(rows)


def test_metric_matches_definition():
    assert f1([tpfpfn(shingles(chars("园区经济稳步增长")), shingles(chars("园区经济，稳步增长！")))]) == 1.0
    assert f1([tpfpfn(shingles(chars("abcdef")), shingles(chars("xyz")))]) == 0.0


def test_zh69_body_f1_floor():
    root = SHARED / "zh69"
    _need(root)
    docs = []
    for p in sorted((root / "original").glob("*.html")):
        gold = (root / "cleaned" / f"{p.stem}.txt").read_text("utf-8", "replace").strip()
        docs.append((p.read_bytes(), gold, None))
    assert len(docs) == 69
    score = body_f1(docs)
    assert score >= 0.90, f"zh69 body F1 {score:.4f} < 0.90"


def test_scrapinghub_body_f1_floor():
    root = SHARED / "scrapinghub"
    _need(root)
    gt = json.loads((root / "ground-truth.json").read_text("utf-8"))
    docs = [(gzip.decompress((root / "html" / f"{k}.html.gz").read_bytes()), v["articleBody"], v.get("url"))
            for k, v in sorted(gt.items())]
    score = body_f1(docs)
    assert score >= 0.95, f"scrapinghub body F1 {score:.4f} < 0.95"
