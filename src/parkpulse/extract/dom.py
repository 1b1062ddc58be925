"""Parse decoded HTML once with lxml, tolerating anything, and drop what can never be content."""

from __future__ import annotations

import re

from lxml import etree

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.I)

# Elements whose content is never article text.
NEVER_CONTENT = {
    "script", "style", "noscript", "template", "iframe", "object", "embed", "applet", "svg",
    "canvas", "button", "input", "select", "textarea", "option", "optgroup", "link", "meta",
    "map", "area", "frameset", "frame", "dialog", "menu", "head", "title", "label", "datalist",
}



def _parser():
    # Plain lxml.etree elements: lxml.html's element classes cost a lookup on every access.
    # A parser per page: its error log tells whether the nesting limit stopped it, and lxml
    # parsers must not be shared between threads.
    return etree.HTMLParser(remove_comments=True, remove_pis=True, recover=True,
                            default_doctype=False, collect_ids=False)


def text_of(el) -> str:
    """All text inside an element (lxml.html's text_content for plain elements)."""
    return "".join(el.itertext())


def drop(el) -> None:
    """Remove an element and its subtree, keeping its tail text in place."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def parse(text: str):
    """The document root, or None when there is nothing to parse."""
    return parse_report(text)[0]


def parse_report(text: str):
    """(root or None, whether the markup was nested deeper than the parser reads)."""
    text = _CONTROL.sub("", _XML_DECL.sub("", text, count=1))
    if not text.strip():
        return None, False
    parser = _parser()
    try:
        root = etree.fromstring(text, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        root = None
    too_deep = any("Excessive depth" in e.message for e in parser.error_log)
    if root is None:
        try:  # a fragment without <html>: wrap it
            parser = _parser()
            root = etree.fromstring(f"<html><body>{text}</body></html>", parser=parser)
        except Exception:
            return None, too_deep
        too_deep = too_deep or any("Excessive depth" in e.message for e in parser.error_log)
    if root is None or not isinstance(root.tag, str):
        return None, too_deep
    return root, too_deep


def strip_never_content(root) -> None:
    """Remove script, style, form controls and the like, keeping their tails."""
    doomed = [el for el in root.iter() if isinstance(el.tag, str) and el.tag.lower() in NEVER_CONTENT]
    for el in doomed:
        if el.getparent() is not None:
            drop(el)
    # Comments and processing instructions that survived the parser options.
    for el in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        if el.getparent() is not None:
            drop(el)


_REVEAL = re.compile(r"visibility\s*:\s*hidden|opacity\s*:\s*0", re.I)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def is_hidden(el) -> bool:
    style = el.get("style")
    return (el.get("hidden") is not None or el.get("aria-hidden") == "true"
            or bool(style and _HIDDEN_STYLE.search(style)))


def strip_hidden(root) -> None:
    """Remove elements the reader never sees (duplicate print copies, templates, popups).

    A hidden element holding much of the page is kept: some sites reveal the body by script
    (WeChat articles start as ``visibility: hidden``).
    """
    hidden = [el for el in root.iter() if isinstance(el.tag, str) and is_hidden(el)]
    if not hidden:
        return
    total = len(text_of(root)) or 1
    for el in hidden:
        if el.getparent() is None or el.tag in ("html", "body"):
            continue
        revealed_later = _REVEAL.search(el.get("style") or "")
        if len(text_of(el)) < (0.2 if revealed_later else 0.5) * total:
            drop(el)


def is_data_table(table) -> bool:
    """A table of figures (kept as a table), not a layout table wrapping the page."""
    if table.find(".//table") is not None:
        return False
    rows = table.findall(".//tr")
    if len(rows) < 2:
        return False
    widths = [sum(1 for c in r if c.tag in ("td", "th")) for r in rows]
    if max(widths) < 2:
        return False
    for cell in table.iter("td", "th"):
        if len(text_of(cell)) > 200:
            return False
        if any(c.tag in ("p", "div", "img") for c in cell.iter()) and len(text_of(cell)) > 80:
            return False
    return True
