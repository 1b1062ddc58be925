"""Is this a web page? PDFs, images, archives, JSON, feeds and binary noise are refused early.

Crawlers and users hand the extractor whatever a URL answered; a PDF or a ZIP decoded as text
is a hundred thousand characters of garbage that looks like a Chinese "article". The first
bytes say what a file is (magic numbers), a JSON or XML document says so in its first
characters, and binary noise is told by its control bytes. Only a bounded prefix is read.
"""

from __future__ import annotations

import re

NOT_A_PAGE = "not a web page"  # every refusal's reason starts with this
PREFIX = 65536  # bytes looked at: enough for any header, cheap for any size

# (magic bytes at offset 0, what the file is)
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"BM", None),  # bitmap: only with its header shape, checked below
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x00\x00\x01\x00", "an icon"),
    (b"ID3", "an MP3 file"),
    (b"OggS", "an Ogg media file"),
    (b"fLaC", "a FLAC audio file"),
    (b"\x1aE\xdf\xa3", "a Matroska/WebM video"),
    (b"FLV\x01", "a Flash video"),
    (b"CWS", "a Flash file"),
    (b"FWS", "a Flash file"),
    (b"MZ", "a Windows executable"),
    (b"\x7fELF", "an ELF executable"),
    (b"\xca\xfe\xba\xbe", "a Java class or Mach-O file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (doc/xls/ppt)"),
    (b"{\\rtf", "an RTF document"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
    (b"\x00asm", "a WebAssembly module"),
)
_BOM = re.compile(rb"^(?:\xef\xbb\xbf|\xff\xfe|\xfe\xff)")
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF|channel)[\s>]", re.I)
_HTML_TAG = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title|div|p|table|h[1-6]|article|br)[\s>/]", re.I)
_HTML_DOC = re.compile(rb"<(?:!doctype\s+html|html|body)[\s>/]", re.I)
_XML_ROOT = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*|<\?[^>]*>\s*)*<([A-Za-z_][\w:.-]*)",
                       re.S)
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def refusal(data: bytes | str) -> str:
    """Why ``data`` is not a web page ("" when it may be one)."""
    if isinstance(data, str):
        head_text = data[:PREFIX].lstrip("\ufeff \t\r\n")
        return _text_refusal(head_text.encode("utf-8", "replace")[:PREFIX])
    head = data[:PREFIX]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            if magic == b"BM":
                if len(head) > 14 and head[6:10] == b"\x00\x00\x00\x00":
                    return f"{NOT_A_PAGE}: a BMP image"
                continue
            return f"{NOT_A_PAGE}: {what}"
    if head[4:8] == b"ftyp":
        return f"{NOT_A_PAGE}: an MP4/QuickTime media file"
    if head[:4] == b"RIFF" and head[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return f"{NOT_A_PAGE}: a RIFF media file (WebP/WAV/AVI)"
    # UTF-16/32 text has NUL bytes by design; judge it after decoding
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = head.decode("utf-16", "ignore")
        except Exception:
            return ""
        return _text_refusal(text.lstrip("\ufeff \t\r\n").encode("utf-8", "replace"))
    return _text_refusal(_BOM.sub(b"", head).lstrip())


def _text_refusal(head: bytes) -> str:
    if not head:
        return ""
    # Binary noise: control bytes that no text has (tab, CR, LF, ESC and form feed aside).
    sample = head[:8192]
    controls = len(_CONTROL.findall(sample))
    if controls > max(4, len(sample) // 200):
        return f"{NOT_A_PAGE}: binary data"
    if head[:1] in (b"{", b"[") and not _HTML_TAG.search(head[:4096]):
        return f"{NOT_A_PAGE}: a JSON document"
    m = _XML_ROOT.match(head[:4096])
    if m:
        root = m.group(1).lower()
        if root in (b"rss", b"feed", b"rdf:rdf"):
            return f"{NOT_A_PAGE}: an RSS/Atom feed"
        if root in (b"urlset", b"sitemapindex"):
            return f"{NOT_A_PAGE}: an XML sitemap"
        if head.lstrip().startswith(b"<?xml") and root != b"html" and not _HTML_DOC.search(head[:PREFIX]):
            return f"{NOT_A_PAGE}: an XML document (<{root.decode('ascii', 'replace')}>)"
        if root == b"svg":
            return f"{NOT_A_PAGE}: an SVG image"
    elif _FEED_ROOT.search(head[:512]) and not _HTML_TAG.search(head[:4096]):
        return f"{NOT_A_PAGE}: an RSS/Atom feed"
    return ""
