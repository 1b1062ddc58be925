"""Decode fetched HTML bytes to text with the extractor's decoder (``parkpulse.extract.encoding``).

One decoder for the whole project: the charset label from the header or ``<meta>`` is a hint
the bytes must confirm (a GBK page labelled UTF-8, a UTF-8 page labelled gb2312), GB2312/GBK
are read as GB18030, and detection only looks at a bounded prefix.
"""

from __future__ import annotations

from parkpulse.extract.encoding import decode


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Return (text, encoding used)."""
    return decode(body, {"content-type": content_type} if content_type else None)
