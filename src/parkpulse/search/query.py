"""Parsing a search box entry into what the indexes are asked, and highlighting results.

A query is split at blanks and punctuation into pieces; every piece must match (AND). A
piece matches an article whose title or body holds it literally (the n-gram index, see
``parkpulse.textkit.ngrams``), or one that holds each of the piece's content words
somewhere (苏州的创新药 → 苏州 + 创新药). Single characters and stop words are never
content words: they cannot make an article match on their own, and a query made only of
them must be found literally. The jieba words also rank the matches (the word index). Shared by both
backends, so SQLite and PostgreSQL see the same pieces for the same query.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from parkpulse.textkit.keywords import STOPWORDS
from parkpulse.textkit.ngrams import Phrase, phrase, runs
from parkpulse.textkit.tokenize import is_cjk

MAX_QUERY_LENGTH = 100
MAX_PIECES = 8
_PIECE = re.compile(r"[^\W_]+")
# Function words of English: never a content word (a query "the" still finds "the" literally).
ENGLISH_STOPWORDS = frozenset(
    "a an and are as at be by for from in is it of on or that the this to was were with".split()
)


@dataclass(frozen=True)
class Piece:
    text: str  # normalised, no blanks or punctuation
    literal: Phrase
    words: tuple[Phrase, ...] = ()  # its content words, all required, if not the piece itself
    word_texts: tuple[str, ...] = ()
    spaced: str = ""  # the piece's runs joined by blanks, as ``in_text`` writes a text


@dataclass
class SearchQuery:
    text: str
    category: str = ""  # category slug
    region: str = ""  # region tag slug (division code)
    industry: str = ""  # industry code
    park: int | None = None
    source: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    page: int = 1
    per_page: int = 20
    pieces: list[Piece] = field(default_factory=list)  # filled by prepare()
    terms: list[str] = field(default_factory=list)  # jieba content words, for ranking

    @property
    def empty(self) -> bool:
        return not self.pieces

    @property
    def needles(self) -> list[str]:
        """Strings to highlight: the pieces and their content words."""
        return [*(p.text for p in self.pieces), *self.terms]

    @property
    def filtered(self) -> bool:
        return bool(self.category or self.region or self.industry or self.park or self.source
                    or self.date_from or self.date_to)


def content_word(token: str) -> bool:
    if token in STOPWORDS or token in ENGLISH_STOPWORDS:
        return False
    return not (len(token) < 2 and is_cjk(token))


def prepare(query: SearchQuery, tokenizer) -> SearchQuery:
    """Fill ``pieces`` and ``terms`` from ``text`` (trimmed to MAX_QUERY_LENGTH)."""
    text = (query.text or "").strip()[:MAX_QUERY_LENGTH]
    query.text = text
    normal = unicodedata.normalize("NFKC", text).lower()
    pieces: list[Piece] = []
    terms: list[str] = []
    for raw in _PIECE.findall(normal)[:MAX_PIECES]:
        if any(p.text == raw for p in pieces):
            continue
        words = [t for t in dict.fromkeys(tokenizer.cut(raw)) if content_word(t)]
        terms += [w for w in words if w not in terms]
        alternative = tuple(phrase(w) for w in words) if words and words != [raw] else ()
        pieces.append(Piece(raw, phrase(raw), alternative, tuple(words) if alternative else (),
                            " ".join(runs(raw))))
    query.pieces, query.terms = pieces, terms
    return query


def relaxed(query: SearchQuery) -> list[Phrase]:
    """"Any word": each content word (and each piece) alone, for the suggestion list."""
    out = {p.literal for p in query.pieces if len(p.text) > 1 or not is_cjk(p.text)}
    out.update(phrase(t) for t in query.terms)
    return sorted(out, key=lambda ph: ph.tokens)


# -- the n-gram index's query languages ----------------------------------------------------

def fts5_phrase(ph: Phrase) -> str:
    return '"' + " ".join(ph.tokens) + '"' + (" *" if ph.prefix else "")


def fts5_match(pieces: list[Piece]) -> str:
    """FTS5 MATCH expression for the gram column: every piece, literal or by its words."""
    out = []
    for p in pieces:
        lit = fts5_phrase(p.literal)
        if p.words:
            lit = f"({lit} OR ({' AND '.join(fts5_phrase(w) for w in p.words)}))"
        out.append(lit)
    return " AND ".join(out)


def fts5_any(phrases: list[Phrase]) -> str:
    return " OR ".join(fts5_phrase(ph) for ph in phrases)


def fts5_terms(terms: list[str]) -> str:
    """OR over jieba words, for ranking in the word index."""
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)


def pg_phrase(ph: Phrase) -> str:
    toks = ["'" + t.replace("'", "''").replace("\\", "") + "'" for t in ph.tokens]
    if ph.prefix:
        toks[-1] += ":*"
    return "(" + " <-> ".join(toks) + ")"


def pg_match(pieces: list[Piece]) -> str:
    out = []
    for p in pieces:
        lit = pg_phrase(p.literal)
        if p.words:
            lit = f"({lit} | ({' & '.join(pg_phrase(w) for w in p.words)}))"
        out.append(lit)
    return " & ".join(out)


def pg_any(phrases: list[Phrase]) -> str:
    return " | ".join(pg_phrase(ph) for ph in phrases)


def pg_terms(terms: list[str]) -> str:
    return " | ".join("'" + t.replace("'", "''").replace("\\", "") + "'" for t in terms)


def in_text(pieces: list[Piece], text: str) -> int:
    """How ``text`` holds the pieces: 2 every piece literally, 1 every piece literally or by
    its content words, 0 not all of them. A ranking feature, so a plain substring test on
    the text's runs (a Latin word may match inside a longer one here, not in the index)."""
    spaced = " ".join(runs(text))
    literal = [p.spaced in spaced for p in pieces]
    if all(literal):
        return 2
    return int(all(lit or (p.word_texts and all(w in spaced for w in p.word_texts))
                   for lit, p in zip(literal, pieces, strict=True)))


# -- highlighting ----------------------------------------------------------------------------

# Where a snippet may start: after the end of a sentence or clause.
_BOUNDARY = re.compile(r"[。！？!?；;：:\n]|[，,、]")
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")


def _needle_pattern(needles: list[str]) -> re.Pattern | None:
    needles = sorted({n for n in needles if n}, key=len, reverse=True)
    if not needles:
        return None
    return re.compile("|".join(re.escape(n) for n in needles))


def highlight(text: str, needles: list[str], *, width: int = 120) -> str:
    """An HTML-escaped excerpt of ``text`` around the first match, needles in <mark>.

    The excerpt starts at the beginning of the sentence holding the first match, or at the
    clause before it when the sentence began too far back, so it never opens mid-word.
    Matching is on the NFKC, lower-cased text, as the index sees it.
    """
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text or "")).strip()
    pattern = _needle_pattern(needles)
    lowered = text.lower()  # NFKC first: lower() keeps the length of CJK and ASCII text
    first = pattern.search(lowered) if pattern else None
    start = 0 if first is None else _clause_start(text, first.start(), width)
    end = min(len(text), start + width)
    if first is not None and first.end() > end:
        end = min(len(text), first.end() + width // 4)
    out, pos = [], start
    if pattern:
        for m in pattern.finditer(lowered, start, end):
            out.append(html.escape(text[pos:m.start()]))
            out.append(f"<mark>{html.escape(text[m.start():m.end()])}</mark>")
            pos = m.end()
    out.append(html.escape(text[pos:end]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return prefix + "".join(out) + suffix


def _clause_start(text: str, at: int, width: int) -> int:
    """Start of the sentence holding ``at``; of its clause if the sentence began > width/2 back."""
    reach = width // 2
    sentence = 0
    for m in _SENTENCE_END.finditer(text, 0, at):
        sentence = m.end()
    if at - sentence <= reach:
        return _skip_space(text, sentence)
    clause = sentence
    for m in _BOUNDARY.finditer(text, sentence, at):
        clause = m.end()
    if at - clause <= reach:
        return _skip_space(text, clause)
    return at  # one very long clause: start at the match itself


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] == " ":
        i += 1
    return i
