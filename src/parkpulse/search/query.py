"""Parsing a search box entry into index terms, and highlighting them in result text.

Shared by both backends, so SQLite and PostgreSQL see the same terms for the same query.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date

from parkpulse.textkit.tokenize import is_cjk, normalize

MAX_QUERY_LENGTH = 100


@dataclass
class SearchQuery:
    text: str
    category: str = ""  # category slug
    region: str = ""  # region tag slug (division code)
    industry: str = ""  # industry code
    park: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    page: int = 1
    per_page: int = 20
    terms: list[str] = field(default_factory=list)  # index terms, filled by prepare()
    substring: str = ""  # for one- and two-character queries that are no word of their own

    @property
    def empty(self) -> bool:
        return not self.terms and not self.substring


def prepare(query: SearchQuery, tokenizer) -> SearchQuery:
    """Fill ``terms`` (all must match) or, for very short queries, ``substring``.

    A query of one character （园，A）， or of two that are no dictionary word (州工；jieba's
    HMM may still guess it is one), can sit inside any indexed word, so it is matched as a substring of title and
    body instead of as index terms.
    """
    text = (query.text or "").strip()[:MAX_QUERY_LENGTH]
    query.text = text
    compact = normalize(text)
    terms: list[str] = []
    for tok in tokenizer.cut(text):
        if tok not in terms:
            terms.append(tok)
    query.terms, query.substring = terms, ""
    if not compact:
        query.terms = []
    elif len(compact) == 1 or (
        len(compact) == 2 and is_cjk(compact) and not (terms == [compact] and tokenizer.is_word(compact))
    ):
        query.terms, query.substring = [], compact
    return query


def fts5_match(terms: list[str], *, any_term: bool = False) -> str:
    joiner = " OR " if any_term else " AND "
    return joiner.join('"' + t.replace('"', '""') + '"' for t in terms)


def pg_tsquery(terms: list[str], *, any_term: bool = False) -> str:
    joiner = " | " if any_term else " & "
    return joiner.join("'" + t.replace("'", "''").replace("\\", "") + "'" for t in terms)


def highlight(text: str, needles: list[str], *, width: int = 120) -> str:
    """An HTML-escaped excerpt of ``text`` around the first match, needles in <mark>."""
    text = re.sub(r"\s+", " ", text or "").strip()
    needles = sorted({n for n in needles if n}, key=len, reverse=True)
    if not needles:
        return html.escape(text[:width])
    lowered = text.lower()
    pattern = re.compile("|".join(re.escape(n.lower()) for n in needles))
    first = pattern.search(lowered)
    start = 0 if first is None else max(0, first.start() - width // 4)
    end = min(len(text), start + width)
    out, pos = [], start
    for m in pattern.finditer(lowered, start, end):
        out.append(html.escape(text[pos:m.start()]))
        out.append(f"<mark>{html.escape(text[m.start():m.end()])}</mark>")
        pos = m.end()
    out.append(html.escape(text[pos:end]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return prefix + "".join(out) + suffix
