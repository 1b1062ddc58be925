"""Turn page bytes into text: HTTP header, BOM, <meta> labels (malformed ones too), then checks.

Labels on Chinese pages are often wrong: a server says UTF-8 for a GBK file, a template keeps
``charset=gb2312`` for a page whose characters need GBK or GB18030. So a label is a hint that
the bytes must confirm: the first candidate that decodes cleanly wins, GB2312/GBK are read as
their superset GB18030, and charset-normalizer guesses only when no candidate fits.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping

_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# charset=... inside any tag-ish text; tolerant of missing quotes, spaces and stray characters.
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_XML_DECL = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']?([a-zA-Z0-9_.:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)

# Labels whose real-world bytes are a superset encoding.
_ALIASES = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
    "gb_2312-80": "gb18030", "gb_2312": "gb18030", "chinese": "gb18030", "csgb2312": "gb18030",
    "euc-cn": "gb18030", "hz-gb-2312": "gb18030", "windows-936": "gb18030", "ms936": "gb18030",
    "big5": "big5hkscs", "x-big5": "big5hkscs", "cp950": "big5hkscs",
    "iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252",
    "ascii": "cp1252", "unicode": "utf-8", "utf8": "utf-8", "x-sjis": "shift_jis",
}
_SINGLE_BYTE = {"cp1252", "iso8859-15", "cp1250", "cp1251", "koi8-r", "iso8859-2"}


def normalize_label(label: str | bytes | None) -> str | None:
    """A Python codec name for an encoding label, or None when the label is unknown."""
    if not label:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", "ignore")
    label = label.strip().strip("\"'").lower()
    label = _ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    name = _ALIASES.get(name, name)
    if name in ("gbk", "gb2312"):
        return "gb18030"
    if name == "latin-1" or name == "iso8859-1":
        return "cp1252"
    if name.startswith("utf-16") or name.startswith("utf-32"):
        # A meta label cannot be read in UTF-16 bytes; such a label on ASCII-readable bytes is wrong.
        return None
    return name


def header_charset(headers: Mapping | None) -> str | None:
    if not headers:
        return None
    try:
        for key, value in headers.items():
            k = key.decode("latin-1") if isinstance(key, bytes) else str(key)
            if k.lower() != "content-type":
                continue
            if isinstance(value, list | tuple):
                value = value[0] if value else ""
            v = value.decode("latin-1") if isinstance(value, bytes) else str(value)
            m = _HEADER_CHARSET.search(v)
            if m:
                return normalize_label(m.group(1))
    except Exception:  # headers of any shape must not break extraction
        return None
    return None


def meta_charset(data: bytes) -> str | None:
    head = data[:8192]
    m = _META_CHARSET.search(head) or _XML_DECL.search(head[:200])
    return normalize_label(m.group(1)) if m else None


def _bad(data: bytes, encoding: str) -> int:
    """How many undecodable spots the bytes have in this encoding (genuine U+FFFD excluded)."""
    try:
        data.decode(encoding)
        return 0
    except UnicodeDecodeError:
        pass
    except LookupError:
        return len(data)
    text = data.decode(encoding, "replace")
    genuine = data.count(b"\xef\xbf\xbd") if encoding == "utf-8" else 0
    return max(0, text.count("\ufffd") - genuine)


def _tolerance(data: bytes) -> int:
    # A truncated download cuts the last character; a stray byte or two happens on real pages.
    return 2 + len(data) // 20000


SNIFF_BYTES = 1024 * 1024  # detection reads this much: the bytes of a page agree with its start


def sniff(data: bytes, headers: Mapping | None = None) -> str:
    """The codec to read ``data`` with (judged on its first ``SNIFF_BYTES``)."""
    if len(data) > SNIFF_BYTES:
        data = data[:SNIFF_BYTES]
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    declared = [e for e in (header_charset(headers), meta_charset(data)) if e]
    if not declared and not _HIGH_BYTE.search(data):
        return "utf-8"
    tol = _tolerance(data)
    # Valid multi-byte UTF-8 is very unlikely by chance, so it beats a legacy label.
    if _bad(data, "utf-8") == 0:
        return "utf-8"
    for enc in declared:
        if enc == "utf-8" or enc in _SINGLE_BYTE:
            continue  # UTF-8 already failed; single-byte labels decode anything, check them last
        if _bad(data, enc) <= tol:
            return enc
    if _bad(data, "gb18030") <= tol and _mostly_cjk(data, "gb18030"):
        return "gb18030"
    single = [e for e in declared if e in _SINGLE_BYTE]
    if single:
        return single[0]
    guess = _detect(data)
    if guess:
        return guess
    for enc in declared:
        if _bad(data, enc) <= tol:
            return enc
    return "utf-8" if _bad(data, "utf-8") <= tol else "gb18030"


_HIGH = re.compile(r"[^\x00-\x7f]")
_CJK = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")


def _mostly_cjk(data: bytes, encoding: str) -> bool:
    """Whether most non-ASCII characters read this way are CJK (true GBK text is)."""
    text = data[:65536].decode(encoding, "replace")
    high = len(_HIGH.findall(text))
    return bool(high) and len(_CJK.findall(text)) >= 0.6 * high


def _detect(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:65536]).best()
    except Exception:
        return None
    return normalize_label(best.encoding) if best else None


def decode(data: bytes | str, headers: Mapping | None = None) -> tuple[str, str]:
    """(text, codec name); text already str is returned as is."""
    if isinstance(data, str):
        return data, "unicode"
    enc = sniff(data, headers)
    text = data.decode(enc, "replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, enc
