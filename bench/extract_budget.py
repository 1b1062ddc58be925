"""The extractor's work budget: time and peak memory on hostile and oversized inputs.

    PYTHONPATH=src .venv/bin/python bench/extract_budget.py [--case NAME]

Each case runs in a fresh interpreter (peak memory = that process's max RSS, which includes
the interpreter and the imported libraries, about 30 MB). Wall time follows the machine's
load; CPU time is the work itself. The pages are generated here
(示例数据), so nothing is downloaded. Numbers go in bench/extract.md, never in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys

PARA = "示例数据：园区管委会表示，将继续优化营商环境，推行“拿地即开工”模式，把审批时间压缩到十个工作日以内。"
HEAD = ('<!doctype html><html><head><meta charset="utf-8"><title>示例新闻_示例网</title></head><body>'
        '<div class="nav"><a href="/">首页</a></div><h1>示例新闻</h1>')
ARTICLE = '<div class="article-content">' + "".join(f"<p>{PARA}第{i}段。</p>" for i in range(12)) + "</div>"


def _pad_comments(size: int) -> bytes:
    out = [HEAD, ARTICLE, '<div class="list">']
    n = len("".join(out).encode())
    i = 0
    while n < size:
        s = f'<div class="item"><a href="/a/{i}.html">第{i}条相关新闻标题</a><span>2024-01-01</span></div>'
        out.append(s)
        n += len(s.encode())
        i += 1
    out.append("</div></body></html>")
    return "".join(out).encode()


def _script(size: int) -> bytes:
    js = "var x" + "=1;" * (size // 3)
    return (HEAD + f"<script>{js}</script>" + ARTICLE + "</body></html>").encode()


def _paragraphs(n: int) -> bytes:
    return (HEAD + "".join(f"<p>{PARA}{i}</p>" for i in range(n)) + "</body></html>").encode()


def _deep(n: int) -> bytes:
    return (HEAD + "<div>" * n + ARTICLE + "</div>" * n + "</body></html>").encode()


def _random(size: int) -> bytes:
    return random.Random(7).randbytes(size)


def _pdf(size: int) -> bytes:
    return b"%PDF-1.7\n" + random.Random(3).randbytes(size)


CASES = {
    "10MB list page": lambda: _pad_comments(10 * 2**20),
    "20MB list page": lambda: _pad_comments(20 * 2**20),
    "10MB inline script": lambda: _script(10 * 2**20),
    "50,000 <p>": lambda: _paragraphs(50_000),
    "200,000 <p>": lambda: _paragraphs(200_000),
    "nesting 100,000 <div>": lambda: _deep(100_000),
    "20MB random bytes": lambda: _random(20 * 2**20),
    "10MB PDF": lambda: _pdf(10 * 2**20),
}


def run_case(name: str) -> dict:
    import resource
    import time

    data = CASES[name]()
    from parkpulse.extract import extract_article

    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t, c = time.perf_counter(), time.process_time()
    art = extract_article(data)
    secs, cpu = time.perf_counter() - t, time.process_time() - c
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"case": name, "bytes": len(data), "seconds": round(secs, 3), "cpu_seconds": round(cpu, 3), "peak_mb": round(peak / 1024, 1),
            "rss_before_mb": round(base / 1024, 1), "text_chars": len(art.text), "reason": art.reason,
            "notes": list(getattr(art, "notes", []))}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--case")
    a = ap.parse_args()
    if a.case:
        print(json.dumps(run_case(a.case), ensure_ascii=False))
        return
    print("| input | size | wall (s) | CPU (s) | peak RSS (MB) | result |")
    print("|---|---|---|---|---|---|")
    for name in CASES:
        out = subprocess.run([sys.executable, __file__, "--case", name], capture_output=True, text=True,
                             env=os.environ, timeout=300)
        try:
            r = json.loads(out.stdout.strip().splitlines()[-1])
        except (IndexError, ValueError):
            print(f"| {name} | ? | failed: {out.stderr[-200:]!r} | | |")
            continue
        result = r["reason"] or f"{r['text_chars']} chars" + (f"; {'; '.join(r['notes'])}" if r["notes"] else "")
        print(f"| {name} | {r['bytes'] / 2**20:.1f} MB | {r['seconds']} | {r['cpu_seconds']} | {r['peak_mb']} "
              f"| {result} |")


if __name__ == "__main__":
    main()
