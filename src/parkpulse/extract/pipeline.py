"""The extraction pipeline: decode → parse once → metadata → body → clean → render."""

from __future__ import annotations

from collections.abc import Mapping

from parkpulse.extract import body, budget, clean, dom, encoding, kind, meta, render
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


def _guard(fn, default, *args):
    """fn(*args), or default when it fails on a malformed page (never for RecursionError)."""
    try:
        return fn(*args)
    except RecursionError:
        raise
    except Exception:
        return default


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
    refused = kind.refusal(html)
    if refused:
        return ExtractedArticle(canonical_url=url or "", reason=refused)
    notes = []
    if isinstance(html, bytes):
        html, note = budget.cut_bytes(html)
        notes.append(note)
    text, _enc = encoding.decode(html, headers)
    text, note = budget.trim_markup(text)
    notes.append(note)
    root, too_deep = dom.parse_report(text)
    if root is None:
        return ExtractedArticle(canonical_url=url or "", reason="no HTML could be parsed")
    notes.append(budget.cut_elements(root))
    if too_deep:
        notes.append(f"markup nested deeper than the parser's limit of {budget.PARSER_DEPTH} levels: "
                     "the page was read up to there")
    notes = [n for n in notes if n]
    base = url
    b = root.find(".//base")
    if b is not None and b.get("href", "").startswith("http"):
        base = b.get("href")

    mm = _guard(meta.meta_map, {}, root)
    ld = _guard(meta.json_ld, [], root)
    h1s = [dom.text_of(h) for h in root.iter("h1")][:5]
    title, site = _guard(meta.title_and_site, ("", ""), root, mm, h1s)
    canon = _guard(meta.canonical, url or "", root, mm, url)
    dom.strip_never_content(root)
    dom.strip_hidden(root)

    page = root.find("body")
    if page is None:
        page = root
    all_lines = linearize(page, base)
    around = _title_line(all_lines, title)
    title_found = around >= 0
    around = max(around, 0)

    lines = []
    for node in body.choose(page):
        lines.extend(linearize(node, base))
    lines = body.better_run(all_lines, lines)
    # Metadata is a bonus: a failure in it must not cost the body.
    span = _span(all_lines, lines)
    author = _guard(meta.author, "", all_lines, around, lines, mm, ld, title, span, title_found)
    published = _guard(_published, None, root, mm, ld, all_lines, around, span)
    lines = clean.clean_lines(lines, title)
    body_text = render.to_text(lines)
    art = ExtractedArticle(
        title=title, author=author, published=published, text=body_text,
        html=render.to_html(lines) if lines else "",
        images=list(dict.fromkeys(ln.src for ln in lines if ln.kind == "img")),
        site_name=site, canonical_url=canon,
        language=_guard(meta.language, "", root, mm, body_text or title),
        notes=notes,
    )
    if not body_text:
        art.reason = "no main content found"
        if too_deep:
            art.reason = (f"no main content found: markup nested deeper than the parser's limit of "
                          f"{budget.PARSER_DEPTH} levels")
    return art


def _title_line(lines, title: str) -> int:
    """Index of the line that shows the headline (-1 when none does)."""
    if title:
        t = title.replace(" ", "")
        for i, ln in enumerate(lines):
            s = ln.text.replace(" ", "")
            if s and (s == t or (len(s) >= 6 and s in t)
                      or (len(t) >= 4 and t in s and ln.chars <= len(t) + 80)):
                return i
    return -1


def _published(root, mm, ld, all_lines, around, span):
    """A clear date line under the title wins; then JSON-LD and meta tags; then a fair line."""
    found, score = meta.line_date(all_lines, around, span)
    if found is not None and score >= 6.5:
        return found
    tagged = meta.meta_date(root, mm, ld)
    if tagged is not None:
        return tagged
    return found if found is not None and score >= 3 else None


def _span(all_lines, body_lines):
    """Indices in the page's lines of the body's first and last line (None when not found)."""
    texts = [ln.text for ln in body_lines if ln.kind != "img"]
    if not texts:
        return None
    first = last = None
    for i, ln in enumerate(all_lines):
        if first is None and ln.text == texts[0]:
            first = i
        if ln.text == texts[-1]:
            last = i
    if first is None or last is None or last < first:
        return None
    return first, last
