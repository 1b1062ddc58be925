"""Crawled HTML is untrusted: keep only a small set of article tags and attributes (nh3)."""

from __future__ import annotations

import nh3

TAGS = {
    "p", "br", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "code",
    "strong", "b", "em", "i", "u", "sub", "sup", "table", "thead", "tbody", "tr", "th", "td",
    "caption", "figure", "figcaption", "img", "a", "hr", "span",
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}


def clean_html(fragment: str) -> str:
    return nh3.clean(
        fragment or "", tags=TAGS, attributes=ATTRIBUTES, url_schemes={"http", "https"},
        link_rel="nofollow noopener noreferrer", strip_comments=True,
    )
