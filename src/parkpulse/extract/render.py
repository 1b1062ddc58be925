"""Render cleaned lines as text and as HTML sanitized by the project's one policy (``parkpulse.sanitize``)."""

from __future__ import annotations

from html import escape

from parkpulse.extract.linear import Line
from parkpulse.sanitize import clean


def to_text(lines: list[Line]) -> str:
    return "\n".join(ln.text for ln in lines if ln.kind != "img" and ln.text)


def to_html(lines: list[Line]) -> str:
    parts: list[str] = []
    in_list = False
    for ln in lines:
        if ln.kind == "li" and not in_list:
            parts.append("<ul>")
            in_list = True
        elif ln.kind != "li" and in_list:
            parts.append("</ul>")
            in_list = False
        if ln.kind == "img":
            parts.append(f'<img src="{escape(ln.src)}" alt="{escape(ln.text)}">')
        elif ln.kind == "table":
            rows = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>"
                           for r in ln.rows)
            parts.append(f"<table>{rows}</table>")
        elif ln.kind in ("li", "pre") or ln.kind.startswith("h"):
            tag = "h2" if ln.kind == "h1" else ln.kind  # the page's own <h1> is the headline
            parts.append(f"<{tag}>{escape(ln.text)}</{tag}>")
        else:
            parts.append(f"<p>{escape(ln.text)}</p>")
    if in_list:
        parts.append("</ul>")
    return clean("\n".join(parts))
