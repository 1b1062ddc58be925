"""Parse decoded HTML once with lxml, tolerating anything, and drop what can never be content."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.I)

# Elements whose content is never article text.
NEVER_CONTENT = {
    "script", "style", "noscript", "template", "iframe", "object", "embed", "applet", "svg",
    "canvas", "button", "input", "select", "textarea", "option", "optgroup", "link", "meta",
    "map", "area", "frameset", "frame", "dialog", "menu", "head", "title",
}

_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, recover=True,
                               default_doctype=False, collect_ids=False)


def parse(text: str):
    """The document root, or None when there is nothing to parse."""
    text = _CONTROL.sub("", _XML_DECL.sub("", text, count=1))
    if not text.strip():
        return None
    try:
        root = lxml.html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        try:  # a fragment without <html>: wrap it
            root = lxml.html.document_fromstring(f"<html><body>{text}</body></html>", parser=_PARSER)
        except Exception:
            return None
    return root


def strip_never_content(root) -> None:
    """Remove script, style, form controls and the like, keeping their tails."""
    doomed = [el for el in root.iter() if isinstance(el.tag, str) and el.tag.lower() in NEVER_CONTENT]
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()
    # Comments and processing instructions that survived the parser options.
    for el in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        if el.getparent() is not None:
            el.drop_tree()
