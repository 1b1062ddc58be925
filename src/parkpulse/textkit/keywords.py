"""Keywords by TF-IDF over our tokenizer's words, kept only when they can stand as a tag.

A word is a keyword candidate when it is:

* a dictionary word (jieba's or ours; a piece jieba's HMM guessed, such as 长株, is not),
* a noun by jieba's part-of-speech tagger run on our private tokenizer (n, nz, nt, an, j),
  or one of our own dictionary terms (industry words, park names), or a Latin acronym written
  in capitals in the text (AI, EDA, 5G) — so no verbs (启用, 提速, 跃居), numerals or
  ordinals (首批, 第二批, 一季度), adverbs, and no English prose (the, to, for),
* not generic: jieba's IDF at least ``MIN_IDF`` and not in ``STOPWORDS`` (企业, 园区, 产业,
  两地 …, and the event verbs jieba tags as nouns: 上线, 投产, 签约),
* not a place (regions.py resolves places: as bare words 北京 朝阳区 and 长春 朝阳区 would
  look the same) and not a word the caller excludes (the names of parks, tagged as parks).

Notices and disclaimers (示例数据：本页为…，版权所有，责任编辑) are dropped before counting.
IDF comes from jieba's bundled table (a general Chinese corpus), so a single article gets
sensible weights before the site has a corpus of its own; dictionary words jieba's table
lacks (our industry terms) get its median IDF. Weights are L2-normalised, so the dot product
of two articles' keyword vectors is their cosine similarity: related-article scoring relies
on it.
"""

from __future__ import annotations

import functools
import math
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import jieba

from parkpulse.textkit.tokenize import Tokenizer, default_tokenizer

TITLE_WEIGHT = 3  # a word in the title counts as three in the body
MIN_IDF = 6.5  # below this jieba's IDF marks a word found everywhere (企业 4.2, 项目 4.9, 平台 6.2)
NOUN_TAGS = {"n", "nz", "nt", "an", "j", "nw"}  # not vn: 投产, 施工, 优化 are events, not topics

# Generic in this trade however rare in a general corpus, and demo boilerplate.
STOPWORDS = frozenset(
    """的 了 和 与 及 或 在 是 为 对 将 把 被 从 向 以 于 并 等 这 那 其 之 也 都 就 而 但 又 还 要 会
    可 能 上 下 中 个 年 月 日 时 后 前 已 已经 一个 我们 他们 这个 那个 没有 进行 通过 表示 今年 去年
    目前 其中 同时 以及 以上 以下 相关 有关 方面 工作 情况 问题 推动 加快 进一步 不断 持续 积极 全面
    重要 主要 实现 开展 提升 发展 建设 打造 坚持 记者 报道 日前 近日 获悉 据悉 来源 责任编辑 编辑
    示例 示例数据 本文 原文 转载 文章 全文 发布 显示 成为 作为 位于 已有 达到 超过 其他 一批 一系列
    企业 园区 产业 项目 平台 基地 服务 政策 措施 单位 部门 公司 集团 地区 领域 行业 市场 经济 管理
    负责人 管委会 数据 规模 总额 同比 亿元 万元 年度 目标 任务 重点 体系 机制 模式 环境 水平 能力
    质量 效率 成本 产品 技术 创新 合作 两地 三地 各地 当地 全省 全市 全区 全国 国内 国际 本页 页面
    本站 网站 parkpulse 演示 虚构 版权 声明 免责 首批 第二批 第三批 首次 首个 首家 新一轮 一站式
    亿元 万平方米 平方米 有限公司 股份有限公司 负责同志 相关负责人 工作日 工作日内 新举措 举措 解读
    载体 空间 主体 对象 条件 材料 环节 方式 内容 结果 阶段 期间 过程 基础 作用 优势 特色 亮点
    高新区 经开区 开发区 产业园 产业园区 工业园区 科技园 园区内 企业家 签约仪式 推介会 新闻发布会
    上线 下线 投产 达产 开工 竣工 签约 启用 提速 跃居 交付 落户 揭牌 入驻 开园 办理 申报 优化 施工 错位
    运行 运营 增长 下降 突破 引进 推进 落地 完成 举行 举办 召开 出台 印发 支持 鼓励 给予 获得 获评 入选
    符合条件 运行状况 最新进展 有关负责人 上下游 一季度 二季度 三季度 四季度 上半年 下半年 前三季度 全年
    坦言 精准 协同 活力 高端 通报 营业 用工 用电 用水 新开工 服务型 管理型 管理人员 施工人员 工作人员
    """.split()
)
ENGLISH_STOPWORDS = frozenset(
    """a an the to for of in on at by with from and or but not is are was were be been it its this that
    these those as into over per via we you he she they our your their his her about after before new
    more most all any each other such no yes can will may also than then so if up out www com cn http
    https html pdf page parkpulse demo sample""".split()
)
_NUMERIC = re.compile(r"^[\d.%]+$")
_ORDINAL = re.compile(r"^(第|首|前|头)[\d一二三四五六七八九十百]*[批个家项期届轮次季度年]?$")
_COUNTED = re.compile(r"^[\d一二三四五六七八九十百千万亿两几多]+[个家批项期届轮次季度年月日天元亿万米]")
_LATIN = re.compile(r"^[0-9a-z]+$")
# A sentence that talks about the page rather than the news: sample notices, disclaimers,
# copyright and editor lines.
NOTICE = re.compile(
    r"示例数据|本页|本文(为|系|仅)|免责|版权所有|责任编辑|转载请|原标题|parkpulse|演示而编写", re.IGNORECASE
)
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")


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


def strip_notices(text: str) -> str:
    """The text without sentences about the page itself (示例数据：本页为…, 版权所有…)."""
    if not text or not NOTICE.search(text):
        return text or ""
    return "".join(s for s in _SENTENCE.findall(text) if not NOTICE.search(s))


@functools.cache
def _place_names() -> frozenset[str]:
    from parkpulse.textkit.regions import gazetteer

    return frozenset(gazetteer().names)


def is_candidate(word: str) -> bool:
    """The word-level rules (no part of speech): length, stop lists, numbers, places."""
    if len(word) < 2 or word in STOPWORDS or word in ENGLISH_STOPWORDS:
        return False
    if _NUMERIC.match(word) or _ORDINAL.match(word) or _COUNTED.match(word):
        return False
    return word not in _place_names()


def _acronyms(text: str) -> set[str]:
    """Latin words written mostly in capitals (AI, EDA, 5G, REITs), lower-cased."""
    out = set()
    for m in re.finditer(r"[0-9A-Za-z]{2,}", text or ""):
        w = m.group()
        letters = [c for c in w if c.isalpha()]
        if letters and sum(c.isupper() for c in letters) * 2 > len(letters):
            out.add(w.lower())
    return out


def candidates(text: str, tokenizer: Tokenizer, exclude: frozenset[str] = frozenset()) -> list[str]:
    """The words of ``text`` that may be keywords, in order, repeats kept."""
    own = tokenizer.words
    acronyms = _acronyms(text)
    idf, _median = _idf_table()
    out = []
    for word, flag, known in tokenizer.tag(text):
        if word in exclude or not is_candidate(word):
            continue
        if _LATIN.match(word):
            if word in acronyms and not word.isdigit():
                out.append(word)
            continue
        if not known:
            continue  # a piece jieba's HMM guessed (长株), not a word
        if word not in own and (flag not in NOUN_TAGS or idf.get(word, MIN_IDF) < MIN_IDF):
            continue
        out.append(word)
    return out


def extract_keywords(
    title: str, body: str, *, top: int = 20, tokenizer: Tokenizer | None = None,
    idf: dict[str, float] | None = None, exclude: Iterable[str] = (),
) -> list[Keyword]:
    """The ``top`` words of the article by TF-IDF, weights L2-normalised, best first.

    ``exclude``: words that are not keywords here (the names of parks the text names).
    """
    tk = tokenizer or default_tokenizer()
    skip = frozenset(w.lower() for w in exclude)
    tf: Counter[str] = Counter()
    for word in candidates(strip_notices(title), tk, skip):
        tf[word] += TITLE_WEIGHT
    for word in candidates(strip_notices(body), tk, skip):
        tf[word] += 1
    if not tf:
        return []
    table, median = (idf, _idf_table()[1]) if idf is not None else _idf_table()
    scored = [(w, (1 + math.log(n)) * table.get(w, median)) for w, n in tf.items()]
    scored.sort(key=lambda kv: (-kv[1], kv[0]))
    scored = scored[:top]
    norm = math.sqrt(sum(s * s for _, s in scored)) or 1.0
    return [Keyword(w, round(s / norm, 6)) for w, s in scored]
