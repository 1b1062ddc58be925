"""Find the main-content element: score text blocks for Chinese and take the best subtree.

Each block (the nearest block-level element around some text) gets a value: characters of
non-link text, more when the text carries punctuation (sentences do, menus don't), minus link
text and a fixed cost, so menus, link lists and one-word cells come out negative and real
paragraphs positive. An element's score is the sum over the blocks inside it; the element with
the best score is the body. Characters are counted, not whitespace words, so a Chinese
paragraph weighs what it reads.

Around that core: furniture is pruned first (``furniture.py``); a CMS body container that
scores well is preferred to the bare best element (the first post when containers repeat);
siblings that score like more of the same text join it; and when a table layout leaves no
element around the text, the best run of the page's lines in reading order is taken instead.
"""

from __future__ import annotations

import functools
import re

from parkpulse.extract.dom import is_data_table
from parkpulse.extract.furniture import ALWAYS_FURNITURE, prune

BLOCK = {
    "p", "div", "td", "th", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
    "section", "article", "main", "dd", "dt", "dl", "table", "tbody", "thead", "tfoot", "tr",
    "ul", "ol", "form", "center", "header", "footer", "aside", "nav", "address", "figure",
    "figcaption", "body", "html", "fieldset", "caption", "details", "summary", "hr",
}
# Sentence punctuation, Chinese and Western.
PUNCT = re.compile(r"[，。！？；：、“”‘’（）《》…,.!?;:]")
_SPACE = re.compile(r"\s+")
# Class/id hints that nudge the choice between close candidates by ±10%.
_NEGATIVE = re.compile(
    r"comment|footer|foot\b|copyright|sidebar|side-?bar|\bnav|menu|breadcrumb|crumb|share|"
    r"related|recommend|advert|\bads?\b|banner|sponsor|widget|popup|login|toolbar|pager|"
    r"pagination|\btags?\b|hot|rank|links?\b|friend|subscribe|qrcode|weixin|wechat",
    re.I,
)
_POSITIVE = re.compile(r"article|content|entry|post|text|body|story|main|detail|news|zw|正文", re.I)


def count_chars(s: str) -> int:
    return len(_SPACE.sub("", s))


class Stats:
    """Totals over an element's subtree: characters, link characters, punctuation, value."""

    __slots__ = ("text", "link", "punct", "score", "blocks", "order")

    def __init__(self):
        self.order = 0
        self.text = 0
        self.link = 0
        self.punct = 0
        self.score = 0.0
        self.blocks = 0


# Tunables of the block value (see block_value); measured on the benchmarks in bench/extract.md.
LINK_PENALTY_PROSE = 0.5  # links inside sentences (a cited source) cost little
LINK_PENALTY_LIST = 1.5  # link lists and menus cost more than their text is worth
BLOCK_COST = 12.0  # a short line of text is not content until it is long enough
NO_PUNCT_WEIGHT = 0.4


def block_value(text: int, link: int, punct: int) -> float:
    """Worth of one text block: positive for sentences, negative for menus and link lists."""
    plain = text - link
    if plain <= 0 and link == 0:
        return 0.0
    weight = 1.0 if punct else NO_PUNCT_WEIGHT
    k = LINK_PENALTY_PROSE if link < 0.5 * text else LINK_PENALTY_LIST
    value = plain * weight - k * link - BLOCK_COST
    if punct >= 2 and plain >= 30:
        value += 3.0 * min(punct, plain / 8)
    return value


def _attr_hint(el) -> float:
    s = (el.get("class") or "") + " " + (el.get("id") or "")
    if s == " ":
        return 0.0
    return _hint_for(s)


@functools.lru_cache(maxsize=4096)
def _hint_for(s: str) -> float:
    hint = 0.0
    if _NEGATIVE.search(s):
        hint -= 1.0
    if _POSITIVE.search(s):
        hint += 1.0
    return hint


def score_tree(root) -> dict:
    """Stats for every element, children before parents, in one pass over the tree."""
    stats: dict = {}
    elements = [el for el in root.iter() if isinstance(el.tag, str)]
    in_link = set()
    for el in elements:  # document order: parents first
        parent = el.getparent()
        if el.tag == "a" or (parent is not None and parent in in_link):
            in_link.add(el)
    # A table of figures is one block: its cells are short, but together they are content.
    cells: dict = {}
    for table in root.iter("table"):
        if is_data_table(table):
            for el in table.iter():
                cells[el] = table
    # Text belongs to the nearest block ancestor (tails to the parent's block); one pass in
    # document order finds it for every element, parents first.
    block_of: dict = {}
    own: dict = {}
    for el in elements:
        parent = el.getparent()
        blk = cells.get(el)
        if blk is None:
            blk = el if el.tag in BLOCK else block_of.get(parent)
        block_of[el] = blk
        if blk is None:
            continue
        t = el.text
        if t and not t.isspace():
            _add(own, blk, t, el in in_link)
        tail = el.tail
        if tail and not tail.isspace() and parent is not None:
            pblk = block_of.get(parent)
            if pblk is not None:
                _add(own, pblk, tail, parent in in_link)
    for order in range(len(elements) - 1, -1, -1):
        el = elements[order]
        st = stats.get(el)
        if st is None:
            st = stats[el] = Stats()
        st.order = order
        o = own.get(el)
        if o is not None:
            text, link, punct = o
            st.text += text
            st.link += link
            st.punct += punct
            st.score += block_value(text, link, punct)
            st.blocks += 1
        parent = el.getparent()
        if parent is not None:
            ps = stats.get(parent)
            if ps is None:
                ps = stats[parent] = Stats()
            ps.text += st.text
            ps.link += st.link
            ps.punct += st.punct
            ps.score += st.score
            ps.blocks += st.blocks
    return stats


def _add(own, blk, s, is_link):
    n = count_chars(s)
    if not n:
        return
    o = own.get(blk)
    if o is None:
        o = own[blk] = [0, 0, 0]
    o[0] += n
    if is_link:
        o[1] += n
    o[2] += len(PUNCT.findall(s))


# Class/id names that content management systems give the article body container.
_CONTAINER = re.compile(
    r"article[-_]?(?:body|content|text|detail|main|con)|post[-_]?(?:body|content|text)|"
    r"entry[-_]?(?:content|body)|story[-_]?(?:body|content|text)|news[-_]?(?:content|text|body|detail)|"
    r"(?:main|detail|text|art)[-_]?content|content[-_]?(?:text|body|detail|main)|art[-_]?(?:body|text|con)\b|"
    r"trs_editor|trs_ueditor|custom_unionstyle|artibody|endtext|post_text|rich_media_content|"
    r"js_content|\bzoom\b|\bcontentbox\b|\barticle\b|"
    # Chinese government and news templates (TRS, UCAP) and pinyin names (neirong = 内容)
    r"pages_content|ucap-content|rm_txt|txt_con|con_txt|article_con|news_txt|newstext|"
    r"\bneirong\b|zhengwen|wenzhang_?(?:nr|con)", re.I)
def container_node(stats, best_score: float):
    """A CMS body container (itemprop=articleBody, class "article-content", ...) that scores well.

    When the container class repeats (a blog page listing several posts), the first post is
    the page's article.
    """
    matches = []
    for el, st in stats.items():
        if st.score <= 0:
            continue
        names = (el.get("class") or "") + " " + (el.get("id") or "")
        if not (el.tag == "article" or el.get("itemprop") == "articleBody"
                or (names.strip() and _CONTAINER.search(names))):
            continue
        if ALWAYS_FURNITURE.search(names):
            continue
        matches.append((st.score, el, names))
    if not matches:
        return None
    top = max(matches, key=lambda m: m[0])
    groups: dict = {}
    for m in matches:
        groups.setdefault((m[1].tag, m[2]), []).append(m)
    # Several posts side by side that together outweigh any single container: a blog page.
    group = max(groups.values(), key=lambda g: sum(m[0] for m in g))
    if len(group) > 1 and sum(m[0] for m in group) > top[0]:
        top = max(group, key=lambda m: m[0])
    else:
        group = groups[(top[1].tag, top[2])]
    if sum(m[0] for m in group) < 0.3 * best_score:
        return None
    # Repeated containers nested in one another are one post; side by side they are a list.
    apart = [m for m in group if m is top or not (_contains(top[1], m[1]) or _contains(m[1], top[1]))]
    first = min(apart, key=lambda m: stats[m[1]].order)
    if first[0] >= min(0.1 * top[0], 150.0):
        return first[1]
    return top[1]


def _contains(outer, inner) -> bool:
    p = inner.getparent()
    while p is not None:
        if p is outer:
            return True
        p = p.getparent()
    return False


def with_siblings(node, stats) -> list:
    """The node plus siblings that look like more of the same text (split bodies)."""
    parent = node.getparent()
    if parent is None:
        return [node]
    own = stats[node].score
    threshold = max(15.0, 0.2 * own)
    out = []
    for sib in parent:
        if sib is node:
            out.append(sib)
            continue
        st = stats.get(sib)
        if st is None or not isinstance(sib.tag, str):
            continue
        if st.score >= threshold and st.link <= 0.33 * max(1, st.text):
            out.append(sib)
    return out


def choose(page) -> list:
    """The elements that make up the body, in document order (empty when none scores)."""
    stats = score_tree(page)
    if prune(page, stats):
        stats = score_tree(page)
    best = best_node(page, stats)
    if best is None:
        return []
    node = container_node(stats, stats[best].score)
    if node is None:
        node = best
    return with_siblings(node, stats)


def best_node(root, stats):
    """The element whose subtree holds the most content value."""
    best, best_score = None, 0.0
    for el, st in stats.items():
        if el.tag in ("html",):
            continue
        score = st.score
        if score <= 0:
            continue
        hint = _attr_hint(el)
        if hint:
            score *= 1.0 + 0.1 * hint
        if score > best_score:
            best, best_score = el, score
    return best


def line_value(line) -> float:
    if line.kind == "img":
        return 0.0
    v = line.__dict__.get("_value")
    if v is None:  # cached on the line: the line runs read every line's value twice
        v = line.__dict__["_value"] = block_value(line.chars, min(line.link, line.chars),
                                                  len(PUNCT.findall(line.text)))
    return v


def best_run(lines) -> tuple[float, int, int]:
    """The contiguous run of lines with the largest total value (Kadane): (value, start, end)."""
    best = (0.0, 0, 0)
    cur, start = 0.0, 0
    for i, ln in enumerate(lines):
        if cur <= 0:
            cur, start = 0.0, i
        cur += line_value(ln)
        if cur > best[0]:
            best = (cur, start, i + 1)
    return best


RUN_GAIN = 3.0


def better_run(page_lines, chosen):
    """The chosen element's lines, or a run of page lines elsewhere that holds clearly more text.

    Old table layouts put the paragraphs straight into a cell full of link tables, so no element
    holds the text without the menus; reading the page's lines in order finds that run.
    """
    value, start, end = best_run(page_lines)
    if end <= start:
        return chosen
    own = sum(line_value(ln) for ln in chosen)
    if value <= RUN_GAIN * max(own, 0.0):
        return chosen
    mine = {ln.text for ln in chosen if ln.kind != "img"}
    run = page_lines[start:end]
    if any(ln.text in mine for ln in run if ln.kind != "img"):
        return chosen
    return run
