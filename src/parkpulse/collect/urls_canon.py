"""URL canonicalisation: one spelling per page, so a page is fetched and stored once.

Tracking parameters (``utm_*``, click ids, share/referral markers) are dropped, the fragment
is cut, the host lower-cased and the query sorted (w3lib). Everything else is kept: query
parameters that select content (``?id=42``) stay.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

_TRACKING = re.compile(
    r"^(utm_\w+|gclid|dclid|fbclid|msclkid|yclid|mc_cid|mc_eid|igshid|spm|from|share_token|"
    r"sharesource|share_source|scene|srcid|ref|ref_src|wfr|isappinstalled)$",
    re.IGNORECASE,
)


def canonical_url(url: str) -> str:
    """The canonical form of an absolute http(s) URL."""
    parts = urlsplit(url.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    cleaned = urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", urlencode(query), ""))
    return canonicalize_url(cleaned, keep_fragments=False)
