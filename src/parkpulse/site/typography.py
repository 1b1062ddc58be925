"""Punctuation that follows the reader's language, for template text glued to values:
``{% colon %}`` is ：in Chinese and ": " in English; ``{{ n|paren }}`` is （n）or (n).

Loaded for every template (TEMPLATES builtins), so pages need no {% load %}.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()


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
