"""The extractor's work budget: no input may cost more than a bounded amount of time and memory.

Every step after parsing costs a few dozen microseconds per element, so a 10 MB list page or
50,000 ``<p>`` would take seconds. The budget bounds the work instead of the input:

- only the first ``MAX_BYTES`` of the input are read (encoding detection looks at less);
- a page whose markup is over ``MAX_MARKUP`` characters loses its script, style and comment
  bodies first (they are most of a bloated page and never text), then is cut at a tag
  boundary;
- a parsed tree over ``MAX_ELEMENTS`` elements is cut after that element in document order
  (its later siblings and its ancestors' later siblings go), which keeps the top of the page
  where the article is.

Real article pages stay far below: the largest of the benchmark pages has 7,778 elements and
511,537 characters. What was cut is reported in the article's ``notes``.
"""

from __future__ import annotations

import re

MAX_BYTES = 32 * 1024 * 1024
MAX_MARKUP = 1_500_000
MAX_ELEMENTS = 12_000
PARSER_DEPTH = 256  # libxml2's nesting limit for HTML without XML_PARSE_HUGE

_OPEN = re.compile(r"<(script|style|noscript|template|svg)\b([^>]*)>|<!--", re.I)
_CLOSE = {name: re.compile(rf"</{name}\s*>", re.I) for name in ("script", "style", "noscript", "template", "svg")}
_LD_JSON = re.compile(r"application/ld\+json", re.I)
_KEEP_LD = 100_000  # a JSON-LD block this small is kept: it names the author and date


def cut_bytes(data: bytes) -> tuple[bytes, str]:
    if len(data) <= MAX_BYTES:
        return data, ""
    return data[:MAX_BYTES], f"only the first {MAX_BYTES // 2**20} MB of {len(data) / 2**20:.0f} MB were read"


def trim_markup(text: str) -> tuple[str, str]:
    """(text within MAX_MARKUP characters, a note saying what was cut or "")."""
    if len(text) <= MAX_MARKUP:
        return text, ""
    size = len(text)
    text = _drop_never_text(text)
    if len(text) <= MAX_MARKUP:
        return text, f"script, style and comment bodies dropped from a {size:,}-character page"
    cut = text.rfind("<", MAX_MARKUP // 2, MAX_MARKUP)
    text = text[:cut if cut > 0 else MAX_MARKUP]
    return text, f"page cut at {len(text):,} of {size:,} characters (markup budget)"


def _drop_never_text(text: str) -> str:
    """The markup without script/style/svg bodies and comments; one linear pass."""
    out: list[str] = []
    pos = 0
    n = len(text)
    while pos < n:
        m = _OPEN.search(text, pos)
        if m is None:
            out.append(text[pos:])
            break
        out.append(text[pos:m.start()])
        if m.group(0) == "<!--":
            end = text.find("-->", m.end())
            pos = n if end < 0 else end + 3
            continue
        name = m.group(1).lower()
        close = _CLOSE[name].search(text, m.end())
        end = n if close is None else close.end()
        if name == "script" and _LD_JSON.search(m.group(2) or "") and end - m.start() <= _KEEP_LD:
            out.append(text[m.start():end])
        pos = end
    return "".join(out)


def cut_elements(root) -> str:
    """Cut the tree after its MAX_ELEMENTS-th element; a note when it did."""
    last = None
    for i, el in enumerate(root.iter()):
        if i == MAX_ELEMENTS:
            last = el
            break
    if last is None:
        return ""
    node = last
    while node is not None:
        parent = node.getparent()
        if parent is None:
            break
        following = []
        sib = node.getnext()
        while sib is not None:
            following.append(sib)
            sib = sib.getnext()
        for sib in following:
            parent.remove(sib)
        if node is last:
            node.tail = None
            parent.remove(node)
        node = parent
    return f"page cut after {MAX_ELEMENTS:,} elements (element budget)"
