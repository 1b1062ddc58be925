"""Industry tags: which entries of the shared taxonomy an article is about.

Every taxonomy keyword is matched (Aho-Corasick, longest first, so 新能源汽车 is one mention
and not also 汽车 on its own); a keyword may belong to more than one industry. Latin keywords
such as "AI" and "5G" count only as whole words. A title mention weighs three body mentions,
and an industry needs a score of 2 (two mentions, or the title) to be tagged: an article
that says 金融 once in passing is not a finance article.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

import ahocorasick

from parkpulse.textkit.taxonomy import INDUSTRIES

TITLE_WEIGHT = 3
MIN_SCORE = 2


@dataclass(frozen=True)
class IndustryTag:
    code: str
    name: str
    score: int


@functools.cache
def _automaton() -> ahocorasick.Automaton:
    codes: dict[str, list[str]] = {}
    for item in INDUSTRIES:
        for kw in item.keywords:
            codes.setdefault(kw.lower(), []).append(item.code)
    auto = ahocorasick.Automaton()
    for kw, cs in codes.items():
        auto.add_word(kw, (kw, tuple(cs)))
    auto.make_automaton()
    return auto


_ASCII = re.compile(r"[0-9a-z]")


def _mentions(text: str) -> Counter[str]:
    text = (text or "").lower()
    counts: Counter[str] = Counter()
    for end, (kw, codes) in _automaton().iter_long(text):
        start = end - len(kw) + 1
        if _ASCII.match(kw[0]) and start > 0 and _ASCII.match(text[start - 1]):
            continue
        if _ASCII.match(kw[-1]) and end + 1 < len(text) and _ASCII.match(text[end + 1]):
            continue
        for code in codes:
            counts[code] += 1
    return counts


def find_industries(title: str, body: str) -> list[IndustryTag]:
    """Industries the article is about, best first."""
    score = Counter()
    for code, n in _mentions(title).items():
        score[code] += TITLE_WEIGHT * n
    score.update(_mentions(body))
    names = {item.code: item.name for item in INDUSTRIES}
    tags = [IndustryTag(code, names[code], s) for code, s in score.items() if s >= MIN_SCORE]
    tags.sort(key=lambda t: (-t.score, t.code))
    return tags
