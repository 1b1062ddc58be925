"""Punctuation that follows the reader's language, for template text glued to values:
``{% colon %}`` is ：in Chinese and ": " in English; ``{{ n|paren }}`` is （n）or (n);
``{{ text|zh_mark }}`` marks Chinese text quoted on an English page as Chinese.

Loaded for every template (TEMPLATES builtins), so pages need no {% load %}.
"""

from __future__ import annotations

import re

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()
HAN = re.compile(r"[\u3400-\u9fff]")


def _english() -> bool:
    return (get_language() or "").startswith("en")


@register.simple_tag
def colon() -> str:
    return ": " if _english() else "："


@register.simple_tag
def comma() -> str:
    return ", " if _english() else "，"


@register.filter
def paren(value) -> str:
    return format_html(" ({})", value) if _english() else format_html("（{}）", value)


@register.filter
def zh_mark(value) -> str:
    """Text of unknown language (a visitor's query, a vocabulary word) with lang="zh-Hans" when
    it holds Chinese on an English page, so screen readers and fonts treat it as Chinese."""
    text = "" if value is None else str(value)
    if _english() and HAN.search(text):
        return format_html('<span lang="zh-Hans">{}</span>', text)
    return format_html("{}", text)
