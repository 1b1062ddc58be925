"""Keywords by TF-IDF over our tokenizer's words.

Place names are not keywords (regions.py resolves them). IDF comes from jieba's bundled table (a general Chinese corpus), so a single article gets
sensible weights before the site has a corpus of its own; words jieba's table lacks (park
names, new terms) get its median IDF. Weights are L2-normalised, so the dot product of two
articles' keyword vectors is their cosine similarity: related-article scoring relies on it.
"""

from __future__ import annotations

import functools
import math
import os
import re
from collections import Counter
from dataclasses import dataclass

import jieba

from parkpulse.textkit.tokenize import Tokenizer, default_tokenizer

TITLE_WEIGHT = 3  # a word in the title counts as three in the body

STOPWORDS = frozenset(
    """的 了 和 与 及 或 在 是 为 对 将 把 被 从 向 以 于 并 等 这 那 其 之 也 都 就 而 但 又 还 要 会
    可 能 上 下 中 个 年 月 日 时 后 前 已 已经 一个 我们 他们 这个 那个 没有 进行 通过 表示 今年 去年
    目前 其中 同时 以及 以上 以下 相关 有关 方面 工作 情况 问题 推动 加快 进一步 不断 持续 积极 全面
    重要 主要 实现 开展 提升 发展 建设 打造 坚持 记者 报道 日前 近日 获悉 据悉 来源 责任编辑 编辑
    示例 示例数据 本文 原文 转载 文章 全文 发布 显示 成为 作为 位于 已有 达到 超过 其他 一批 一系列
    """.split()
)
_NUMERIC = re.compile(r"^[\d.%]+$")


@dataclass(frozen=True)
class Keyword:
    word: str
    weight: float


@functools.cache
def _idf_table() -> tuple[dict[str, float], float]:
    path = os.path.join(os.path.dirname(jieba.__file__), "analyse", "idf.txt")
    table: dict[str, float] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            word, _, value = line.rstrip("\n").partition(" ")
            if value:
                table[word] = float(value)
    values = sorted(table.values())
    return table, values[len(values) // 2]


def is_candidate(word: str) -> bool:
    if len(word) < 2 or word in STOPWORDS or _NUMERIC.match(word):
        return False
    # Place names are left to regions.py, which tells 北京 朝阳区 from 长春 朝阳区; as bare
    # keywords the two would look the same.
    return word not in _place_names()


@functools.cache
def _place_names() -> frozenset[str]:
    from parkpulse.textkit.regions import gazetteer

    return frozenset(gazetteer().names)


def extract_keywords(
    title: str, body: str, *, top: int = 20, tokenizer: Tokenizer | None = None,
    idf: dict[str, float] | None = None,
) -> list[Keyword]:
    """The ``top`` words of the article by TF-IDF, weights L2-normalised, best first."""
    tk = tokenizer or default_tokenizer()
    tf: Counter[str] = Counter()
    for word in tk.cut(title):
        if is_candidate(word):
            tf[word] += TITLE_WEIGHT
    for word in tk.cut(body):
        if is_candidate(word):
            tf[word] += 1
    if not tf:
        return []
    table, median = (idf, _idf_table()[1]) if idf is not None else _idf_table()
    scored = [(w, (1 + math.log(n)) * table.get(w, median)) for w, n in tf.items()]
    scored.sort(key=lambda kv: (-kv[1], kv[0]))
    scored = scored[:top]
    norm = math.sqrt(sum(s * s for _, s in scored)) or 1.0
    return [Keyword(w, round(s / norm, 6)) for w, s in scored]
