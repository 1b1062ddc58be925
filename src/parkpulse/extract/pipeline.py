"""The extraction pipeline: decode → parse once → metadata → body → clean → render."""

from __future__ import annotations

from collections.abc import Mapping

from parkpulse.extract import body, clean, dom, encoding, meta, render
from parkpulse.extract.linear import linearize
from parkpulse.extract.model import ExtractedArticle


def extract_article(html: bytes | str, url: str | None = None,
                    headers: Mapping | None = None) -> ExtractedArticle:
    """Read one article from one page; never raises (see ``reason`` on an empty result)."""
    try:
        return _extract(html, url, headers)
    except RecursionError:
        return ExtractedArticle(canonical_url=_safe_url(url), reason="markup nested too deeply")
    except Exception as exc:  # untrusted input: report, never propagate
        return ExtractedArticle(canonical_url=_safe_url(url),
                                reason=f"extraction failed: {type(exc).__name__}: {exc}"[:200])


def _safe_url(url) -> str:
    return url if isinstance(url, str) else ""


def _extract(html, url, headers) -> ExtractedArticle:
    url = url if isinstance(url, str) and url else None
    if html is None:
        return ExtractedArticle(reason="no input")
    if isinstance(html, bytearray | memoryview):
        html = bytes(html)
    if not isinstance(html, bytes | str):
        return ExtractedArticle(canonical_url=url or "", reason=f"unsupported input type {type(html).__name__}")
    if not html or not html.strip():
        return ExtractedArticle(canonical_url=url or "", reason="empty page")
    text, _enc = encoding.decode(html, headers)
    root = dom.parse(text)
    if root is None:
        return ExtractedArticle(canonical_url=url or "", reason="no HTML could be parsed")
    base = url
    b = root.find(".//base")
    if b is not None and b.get("href", "").startswith("http"):
        base = b.get("href")

    mm = meta.meta_map(root)
    ld = meta.json_ld(root)
    h1s = [h.text_content() for h in root.iter("h1")][:5]
    title, site = meta.title_and_site(root, mm, h1s)
    canon = meta.canonical(root, mm, url)
    dom.strip_never_content(root)

    page = root.find("body")
    if page is None:
        page = root
    all_lines = linearize(page, base)
    around = _title_line(all_lines, title)

    author = meta.byline_author(all_lines, around) or meta.meta_author(mm, ld)
    published = meta.meta_date(root, mm, ld)
    found, score = meta.line_date(all_lines, around)
    if found is not None and (published is None or score >= 4):
        published = found

    stats = body.score_tree(page)
    node = body.best_node(page, stats)
    lines = linearize(node, base) if node is not None else []
    lines = clean.clean_lines(lines, title)
    body_text = render.to_text(lines)
    art = ExtractedArticle(
        title=title, author=author, published=published, text=body_text,
        html=render.to_html(lines) if lines else "",
        images=list(dict.fromkeys(ln.src for ln in lines if ln.kind == "img")),
        site_name=site, canonical_url=canon, language=meta.language(root, mm, body_text or title),
    )
    if not body_text:
        art.reason = "no main content found"
    return art


def _title_line(lines, title: str) -> int:
    if title:
        t = title.replace(" ", "")
        for i, ln in enumerate(lines):
            s = ln.text.replace(" ", "")
            if s and (s == t or (len(s) >= 6 and (s in t or t in s) and ln.chars <= len(t) + 20)):
                return i
    return 0
