"""Server-side QR codes (segno, no network): the "scan to share on WeChat" image."""

from __future__ import annotations

import io
from functools import lru_cache

import segno


@lru_cache(maxsize=1024)
def qr_svg(url: str) -> bytes:
    buf = io.BytesIO()
    segno.make(url, error="m").save(
        buf, kind="svg", scale=4, border=2, xmldecl=False, title="微信扫一扫分享", dark="#1f2933"
    )
    return buf.getvalue()
