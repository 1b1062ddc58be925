"""Find the main-content element: score text blocks for Chinese and take the best subtree.

Each block (the nearest block-level element around some text) gets a value: characters of
non-link text, more when the text carries punctuation (sentences do, menus don't), minus link
text and a fixed cost, so menus, link lists and one-word cells come out negative and real
paragraphs positive. An element's score is the sum over the blocks inside it; the element with
the best score is the body. Characters are counted, not whitespace words, so a Chinese
paragraph weighs what it reads.
"""

from __future__ import annotations

import functools
import re

from parkpulse.extract.dom import drop

BLOCK = {
    "p", "div", "td", "th", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
    "section", "article", "main", "dd", "dt", "dl", "table", "tbody", "thead", "tfoot", "tr",
    "ul", "ol", "form", "center", "header", "footer", "aside", "nav", "address", "figure",
    "figcaption", "body", "html", "fieldset", "caption", "details", "summary", "hr",
}
# Sentence punctuation, Chinese and Western.
PUNCT = re.compile(r"[，。！？；：、“”‘’（）《》…,.!?;:]")
_SPACE = re.compile(r"\s+")
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
    __slots__ = ("text", "link", "punct", "score", "blocks")

    def __init__(self):
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
    own: dict = {}
    # Text belongs to the nearest block ancestor (tails belong to the parent's block).
    for el in elements:
        blk = el if el.tag in BLOCK else _block_of(el)
        if blk is None:
            continue
        t = el.text or ""
        if t.strip():
            _add(own, blk, t, el in in_link)
        parent = el.getparent()
        tail = el.tail or ""
        if tail.strip() and parent is not None:
            pblk = parent if parent.tag in BLOCK else _block_of(parent)
            if pblk is not None:
                _add(own, pblk, tail, parent in in_link)
    for el in reversed(elements):
        st = stats.get(el)
        if st is None:
            st = stats[el] = Stats()
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


def _block_of(el):
    p = el
    while p is not None:
        if isinstance(p.tag, str) and p.tag in BLOCK:
            return p
        p = p.getparent()
    return None


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
    r"(?:main|detail|text|art)[-_]?content|content[-_]?(?:text|body|detail|main)|"
    r"trs_editor|trs_ueditor|custom_unionstyle|artibody|endtext|post_text|rich_media_content|"
    r"js_content|\bzoom\b|\bcontentbox\b|\barticle\b", re.I)
# Furniture containers: removed before scoring unless they hold much of the page.
_UNLIKELY = re.compile(
    r"comment|disqus|respond|replies|share|sharing|social|related|recommend|sidebar|side-bar|"
    r"\baside\b|footer|breadcrumb|crumb|\bnav|navbar|menu|advert|adsbygoogle|"
    r"sponsor|promo|newsletter|subscribe|popup|modal|cookie|banner|toolbar|pagination|\bpager|"
    r"author-?bio|copyright|qrcode|erweima|\bprint\b|fontsize|font-size|\bprev|\bnext\b|"
    r"hotnews|hot-news|\btags\b|taglist|tag-list|login|signin|masthead",
    re.I)
_MAYBE = re.compile(r"article|\bbody|content|\bmain|entry|story|\btext", re.I)
_ALWAYS_FURNITURE = re.compile(
    r"comment|disqus|respond|replies|share|sharing|social|related|recommend|byline|dateline|"
    r"timestamp|caption|credit|gallery|slideshow|\bauthor\b|author-info|\bmeta\b|-meta\b|"
    r"\bdate\b|\btime\b|pubtime|post-?date|newsletter|promo|(?:^|\s)ads?(?:$|\s|[-_])|advert", re.I)
_FURNITURE_TAGS = {"nav", "footer", "aside", "figcaption"}


@functools.lru_cache(maxsize=4096)
def _furniture_name(names: str) -> int:
    """2: surely furniture (comments, captions, bylines); 1: likely (sidebar, menu); 0: no."""
    if _ALWAYS_FURNITURE.search(names):
        return 2
    if _UNLIKELY.search(names) and not _MAYBE.search(names):
        return 1
    return 0


def prune(page, stats) -> bool:
    """Remove furniture subtrees (by tag, class or id) unless they hold much of the page text.

    Returns whether anything was removed (the caller rescores).
    """
    total = stats[page].text if page in stats else 0
    doomed = []
    for el, st in stats.items():
        if el is page or el.tag in ("html", "body", "article", "main"):
            continue
        level = 2 if el.tag in _FURNITURE_TAGS else 0
        if not level:
            names = (el.get("class") or "") + " " + (el.get("id") or "")
            level = _furniture_name(names) if names != " " else 0
        if level and st.text < (0.4 if level == 1 else 0.7) * total:
            doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            drop(el)
    return bool(doomed)


def container_node(stats, best_score: float):
    """A CMS body container (itemprop=articleBody, class "article-content", ...) that scores well."""
    found, found_score = None, 0.0
    for el, st in stats.items():
        if st.score <= 0:
            continue
        names = (el.get("class") or "") + " " + (el.get("id") or "")
        if not (el.tag == "article" or el.get("itemprop") == "articleBody"
                or (names.strip() and _CONTAINER.search(names))):
            continue
        if _ALWAYS_FURNITURE.search(names):
            continue
        if st.score > found_score:
            found, found_score = el, st.score
    if found is not None and found_score >= 0.3 * best_score:
        return found
    return None


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
