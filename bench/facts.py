"""Benchmark fact extraction: facts per second per core over generated news articles.

    PYTHONPATH=src python bench/facts.py [--articles 100000 --parks 500 --seed 1]

Generates articles (bench data, seeded): each has 8-14 sentences drawn from ~30 templates —
park figures, city figures, ranges, targets, plain prose — with random parks, numbers and
units, about 600 characters. One ``FactExtractor`` over all parks (as a worker would hold),
one process, so the rate is per core. The baseline row is the floor any extractor pays: the
same texts split into sentences and scanned once with the number+unit regular expression.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from parkpulse.textkit.facts import NUMBER_RE, SENTENCE_END, FactExtractor  # noqa: E402

FACT_TEMPLATES = [
    "{p}高新技术企业总数累计超{n}家。", "{y}年，{p}实现营业收入{m}亿元，同比增长{r}%。",
    "{p}规上工业总产值达{m}亿元。", "{p}集中签约项目{k}个，总投资{m}亿元。",
    "{p}实际使用外资{r}亿美元。", "{p}在全国高新区综合排名中居第{k}位。",
    "{p}规划面积{k}平方公里。", "{p}新增市场主体{w}万户。", "{p}拥有上市企业{k}家，占全市的{r}%。",
    "{p}和{q}高新技术企业分别达到{n}家和{n2}家。", "前三季度，{p}地区生产总值达到{m}亿元。",
    "{p}税收收入完成{r}亿元，增长{r}%。",
]
NOISE_TEMPLATES = [
    "{c}地区生产总值达{w}万亿元，同比增长{r}%。", "全省高新技术企业超过{w}万家。",
    "{p}计划引进项目{k}至{k2}个。", "{p}力争到2027年营业收入突破{w}万亿元。",
    "{p}举办第{k}届创新创业大赛。", "会议强调，要坚持创新驱动发展，推动产业转型升级。",
    "{p}管委会主任带队考察{k}家企业。", "据了解，活动吸引了来自全国各地的嘉宾参加。",
    "{c}出台支持人工智能产业发展的若干措施。", "下一步，{p}将持续优化营商环境，服务企业发展。",
    "记者从{p}获悉，相关项目进展顺利。", "业内人士认为，园区经济仍有较大发展空间。",
]
CITIES = ["苏州市", "武汉市", "成都市", "西安市", "合肥市", "杭州市", "株洲市", "天津市"]


def make_parks(n: int) -> list[tuple[int, list[str]]]:
    heads = "东南西北中新华光明长安金山银湖滨江临港天河云龙凤凰瑞丰兴盛"
    out = []
    for i in range(n):
        a, b = heads[i % len(heads)], heads[(i * 7 + 3) % len(heads)]
        out.append((i, [f"{a}{b}{i}号高新区", f"{a}{b}{i}号园"]))
    return out


def make_articles(count: int, parks, seed: int) -> list[str]:
    rnd = random.Random(seed)
    names = [ns[0] for _pk, ns in parks]
    texts = []
    for _ in range(count):
        p, q = rnd.sample(names, 2)
        sentences = []
        for _s in range(rnd.randint(8, 14)):
            pool = FACT_TEMPLATES if rnd.random() < 0.4 else NOISE_TEMPLATES
            t = rnd.choice(pool)
            sentences.append(t.format(
                p=p, q=q, c=rnd.choice(CITIES), y=rnd.randint(2018, 2025),
                n=rnd.randint(50, 5000), n2=rnd.randint(50, 5000), m=round(rnd.uniform(10, 9000), 1),
                r=round(rnd.uniform(0.5, 30), 1), k=rnd.randint(1, 60), k2=rnd.randint(61, 99),
                w=round(rnd.uniform(1, 9), 1),
            ))
        texts.append("示例数据。" + "".join(sentences))
    return texts


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--parks", type=int, default=500)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    parks = make_parks(args.parks)
    t0 = time.perf_counter()
    texts = make_articles(args.articles, parks, args.seed)
    chars = sum(map(len, texts))
    t1 = time.perf_counter()
    extractor = FactExtractor(parks)
    extractor.extract(texts[0])  # loads the gazetteer once, outside the timing
    t2 = time.perf_counter()
    facts = 0
    start = time.perf_counter()
    for text in texts:
        facts += len(extractor.extract(text))
    took = time.perf_counter() - start
    start = time.perf_counter()
    numbers = 0
    for text in texts:
        for sentence in SENTENCE_END.split(text):
            numbers += sum(1 for m in NUMBER_RE.finditer(sentence) if m.group("unit"))
    base = time.perf_counter() - start
    print(f"articles={args.articles} parks={args.parks} chars={chars} "
          f"(generate {t1 - t0:.1f}s, build extractor {t2 - t1:.2f}s)")
    print("| row | seconds | articles/s | facts/s | facts |")
    print("| --- | --- | --- | --- | --- |")
    print(f"| extract (1 core) | {took:.1f} | {args.articles / took:,.0f} | {facts / took:,.0f} | {facts} |")
    print(f"| baseline: split + number regex | {base:.1f} | {args.articles / base:,.0f} | "
          f"— | {numbers} figures |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
