"""The quality gate: reasons to refuse an extracted page before it is stored.

Each check returns a short machine reason (counted per run) or ``""``. The thresholds are
deliberately plain: a body under ``min_chars`` visible characters, a language other than
Chinese or English, a page whose text is mostly link text (a list or index page), or a
source's include/exclude keywords.
"""

from __future__ import annotations

import re

from lxml import html as lxml_html

MIN_CHARS = 120
MAX_LINK_RATIO = 0.5
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_WS = re.compile(r"\s+")


def visible_len(text: str) -> int:
    return len(_WS.sub("", text or ""))


def guess_language(text: str) -> str:
    """'zh', 'en' or 'other' from the script mix (the extractor's answer wins when given)."""
    sample = (text or "")[:5000]
    cjk = len(_CJK.findall(sample))
    latin = len(_LATIN.findall(sample))
    letters = sum(1 for c in sample if c.isalpha())
    if not letters:
        return "other"
    if cjk / letters >= 0.3:
        return "zh"
    if latin / letters >= 0.7:
        return "en"
    return "other"


def link_ratio(page_html: str) -> float:
    """Share of the page's visible text that sits inside links."""
    try:
        doc = lxml_html.fromstring(page_html)
    except Exception:  # empty or unparsable page: let the other checks decide
        return 0.0
    for bad in doc.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    total = visible_len(doc.text_content())
    if not total:
        return 0.0
    linked = sum(visible_len(a.text_content()) for a in doc.iter("a"))
    return linked / total


def check(title: str, text: str, language: str, page_html: str, *, include=(), exclude=(),
          min_chars: int = MIN_CHARS) -> str:
    if visible_len(text) < min_chars:
        return "too_short"
    lang = (language or "").lower().split("-")[0] or guess_language(text)
    if lang not in ("zh", "en"):
        return "language"
    if link_ratio(page_html) > MAX_LINK_RATIO:
        return "list_page"
    haystack = f"{title}\n{text}"
    if include and not any(w in haystack for w in include):
        return "keyword_missing"
    if exclude and any(w in haystack for w in exclude):
        return "keyword_excluded"
    return ""
