"""The result type of :func:`parkpulse.extract.extract_article`: plain data, no behaviour."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field


@dataclass
class ExtractedArticle:
    """One article as read from one page.

    ``text`` holds the body as plain text, one paragraph a line; ``html`` the same body as
    sanitized HTML (no scripts, no event handlers, absolute image URLs). ``reason`` is empty
    when the page gave a body and says why otherwise (empty page, not a web page, ...);
    ``notes`` says what the work budget cut from an oversized page that still gave a body.
    """

    title: str = ""
    author: str = ""
    published: dt.datetime | None = None
    text: str = ""
    html: str = ""
    images: list[str] = field(default_factory=list)
    site_name: str = ""
    canonical_url: str = ""
    language: str = ""
    reason: str = ""
    notes: list[str] = field(default_factory=list)  # what the work budget cut, if anything

    def to_dict(self) -> dict:
        """A JSON-ready dict (``published`` as ISO 8601)."""
        d = asdict(self)
        d["published"] = self.published.isoformat() if self.published else None
        return d
