"""Decode fetched HTML bytes to text when the declared charset may lie.

Chinese sites often label GBK pages as UTF-8 or the reverse. UTF-8 validates itself (GBK text
almost never decodes as strict UTF-8), so strict UTF-8 is tried first, then the charset the
BOM, header or ``<meta>`` declares (GB2312/GBK widened to GB18030, their superset), and
finally charset-normalizer's guess.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)
_WIDEN = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030"}


def _norm(label: str | None) -> str | None:
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    return _WIDEN.get(name, name)


def header_charset(content_type: str | None) -> str | None:
    m = re.search(r"charset\s*=\s*[\"']?([-\w.:]+)", content_type or "", re.IGNORECASE)
    return m.group(1) if m else None


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Return (text, encoding used)."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if body.startswith(bom):
            return body.decode(enc, "replace"), enc
    candidates = ["utf-8", _norm(header_charset(content_type))]
    m = _META.search(body[:4096])
    candidates.append(_norm(m.group(1).decode("ascii", "ignore")) if m else None)
    for enc in dict.fromkeys(c for c in candidates if c):
        try:
            return body.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            continue
    best = from_bytes(body[:200_000]).best()
    enc = _norm(best.encoding) if best else None
    enc = enc or "gb18030"
    return body.decode(enc, "replace"), enc
