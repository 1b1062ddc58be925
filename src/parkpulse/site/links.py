"""Addresses of the site's own pages, resolved once per pattern: ``{% link "name" arg %}``.

Django's ``reverse()`` walks the URL resolver on every call (25 µs for most names here,
270 µs for the home page behind the language prefix), and a page repeats it: the header
alone links a dozen pages, the article page reversed 32 addresses. ``link()`` reverses each
pattern once per script prefix, language and number of arguments, with numbered sentinels in
place of the arguments, and later calls fill the slots. Arguments are quoted as reverse()
quotes them; they are not checked against the pattern's converters, so ``link()`` is for
ids, slugs and other values a page built from stored rows (free text keeps ``{% url %}``).

Loaded for every template (TEMPLATES builtins), like ``parkpulse.site.typography``.
"""

from __future__ import annotations

import functools
from urllib.parse import quote

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language

register = template.Library()

_SENTINEL = 918273645  # an id no pattern contains; argument i is _SENTINEL + i
_SAFE = "!$&'()*+,;=/~:@"  # what reverse() leaves unquoted (RFC 3986 sub-delimiters and /~:@)


@functools.lru_cache(maxsize=256)
def _pattern(viewname: str, nargs: int, script_prefix: str, language: str | None) -> str:
    url = reverse(viewname, args=[_SENTINEL + i for i in range(nargs)])
    url = url.replace("{", "{{").replace("}", "}}")
    for i in range(nargs):
        url = url.replace(str(_SENTINEL + i), f"{{{i}}}")
    return url


def link(viewname: str, *args) -> str:
    """``reverse(viewname, args=args)``, from the cached pattern."""
    url = _pattern(viewname, len(args), get_script_prefix(), get_language())
    return url.format(*(quote(str(a), safe=_SAFE) for a in args)) if args else url


register.simple_tag(link, name="link")
