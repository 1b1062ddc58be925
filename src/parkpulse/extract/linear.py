"""Turn the chosen element into a list of lines (paragraphs, headings, list items, images,
tables), each with its link share, which cleaning filters and output renders."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urljoin, urlsplit

from parkpulse.extract.body import BLOCK
from parkpulse.extract.dom import is_data_table, text_of

_SPACE = re.compile(r"[ \t\r\n\f\v\u00a0\u3000\u2002\u2003\u2009\u200b]+")
_HEADING = {"h1", "h2", "h3", "h4", "h5", "h6"}
_IMG_ATTRS = ("data-original", "data-src", "data-actualsrc", "data-lazy-src", "src")


@dataclass
class Line:
    kind: str  # p, h1..h6, li, img, table, pre
    text: str = ""
    link: int = 0  # characters of link text
    src: str = ""  # image URL
    rows: list = field(default_factory=list)  # table cells
    small: bool = False  # an image declared tiny (icon, spacer, badge)

    @cached_property
    def chars(self) -> int:  # lines are never edited, so this is computed once
        return len(self.text.replace(" ", ""))


def absolute(base: str | None, href: str | None) -> str:
    """href resolved against base; "" for a URL too broken to read."""
    href = (href or "").strip()
    if not href:
        return ""
    try:
        return urljoin(base, href) if base else href
    except ValueError:  # "http://[broken" and the like
        return ""


def _scheme(url: str) -> str:
    try:
        return urlsplit(url).scheme.lower()
    except ValueError:
        return "?"


def _is_small(img) -> bool:
    for attr in ("width", "height"):
        v = (img.get(attr) or "").strip().rstrip("px")
        if v.isdigit() and int(v) < 60:
            return True
    return False


class _Walker:
    def __init__(self, base_url: str | None):
        self.base = base_url
        self.lines: list[Line] = []
        self.buf: list[str] = []
        self.link = 0
        self.kind = "p"

    def flush(self):
        if not self.buf:
            return
        text = _SPACE.sub(" ", "".join(self.buf)).strip()
        if text:
            self.lines.append(Line(self.kind, text, min(self.link, len(text))))
        self.buf = []
        self.link = 0

    def add(self, s, in_link):
        if s:
            self.buf.append(s)
            if in_link:
                self.link += len("".join(s.split()))

    def walk(self, el, in_link=False):
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "br":
            self.flush()
            return
        if tag == "img":
            src = next((el.get(a) for a in _IMG_ATTRS if el.get(a)), "")
            url = absolute(self.base, src)
            if url and _scheme(url) in ("http", "https", ""):
                self.flush()
                self.lines.append(Line("img", el.get("alt") or "", src=url, small=_is_small(el)))
            return
        if tag == "table" and is_data_table(el):
            self.flush()
            rows = []
            for tr in el.iter("tr"):
                cells = [_SPACE.sub(" ", text_of(c)).strip() for c in tr if c.tag in ("td", "th")]
                if any(cells):
                    rows.append(cells)
            if rows:
                text = " ".join(" ".join(r) for r in rows)
                self.lines.append(Line("table", text, rows=rows))
            return
        block = tag in BLOCK
        in_link = in_link or tag == "a"
        prev_kind = self.kind
        if block:
            self.flush()
            if tag in _HEADING:
                self.kind = tag
            elif tag == "li":
                self.kind = "li"
            elif tag == "pre":
                self.kind = "pre"
            elif tag in ("p", "div", "td", "th", "blockquote", "dd", "dt", "section", "article"):
                self.kind = "p"
        self.add(el.text, in_link)
        for child in el:
            self.walk(child, in_link)
            if child.tail:
                self.add(child.tail, in_link)
        if block:
            self.flush()
            self.kind = prev_kind


def linearize(node, base_url: str | None = None) -> list[Line]:
    w = _Walker(base_url)
    w.walk(node)
    w.flush()
    return w.lines
