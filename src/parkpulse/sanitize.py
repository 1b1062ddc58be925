"""The one HTML sanitizer policy of the project (nh3): what article HTML may contain.

Crawled HTML is untrusted. The same allow-list is applied when a body is stored (the
collector's ingest, the extractor's rendering) and again when it is shown (the portal's
``|clean_body`` filter, defence in depth), so what is stored is exactly what may be served.
Pure: imports nothing from Django.
"""

from __future__ import annotations

from functools import lru_cache

import nh3

TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt",
    "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol",
    "p", "pre", "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "u", "ul",
})
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "*": {"lang"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener noreferrer"


@lru_cache(maxsize=512)
def clean(html: str) -> str:
    """``html`` with everything outside the policy removed (memoised: bodies repeat)."""
    return nh3.clean(html or "", tags=set(TAGS), attributes=ATTRIBUTES, url_schemes=set(URL_SCHEMES),
                     link_rel=LINK_REL, strip_comments=True)
