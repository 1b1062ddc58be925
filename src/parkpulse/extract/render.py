"""Render cleaned lines as text and as sanitized HTML (nh3): nothing executable survives."""

from __future__ import annotations

from html import escape

import nh3

from parkpulse.extract.linear import Line

_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "li", "img", "table", "tr", "td", "pre"}
_ATTRS = {"img": {"src", "alt"}}


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
            parts.append(f"<{ln.kind}>{escape(ln.text)}</{ln.kind}>")
        else:
            parts.append(f"<p>{escape(ln.text)}</p>")
    if in_list:
        parts.append("</ul>")
    return nh3.clean("\n".join(parts), tags=_TAGS, attributes=_ATTRS,
                     url_schemes={"http", "https"}, link_rel=None)
