"""``{% meta_tags %}``: canonical link, description and Open Graph tags for any page.

In a template's ``{% block meta %}``::

    {% load search_meta %}{% meta_tags article %}            {# an article page #}
    {% meta_tags title=park.name description=park.description %}
    {% meta_tags %}                                           {# defaults from the request #}

The canonical URL is the object's ``get_absolute_url()`` (or the request path, without its
query string) made absolute; the description is the object's summary or the start of its
text, whitespace collapsed, cut to 150 characters.
"""

from __future__ import annotations

import re

from django import template
from django.conf import settings
from django.utils.html import strip_tags
from django.utils.translation import get_language, gettext

register = template.Library()
DESCRIPTION_LENGTH = 150


def _description(obj, explicit: str | None) -> str:
    text = explicit
    if not text and obj is not None:
        for attr in ("summary", "description", "body_text"):
            text = getattr(obj, attr, "") or ""
            if text:
                break
        if not text and getattr(obj, "body_html", ""):
            text = strip_tags(obj.body_html)
    text = re.sub(r"\s+", " ", text or "").strip()
    if len(text) > DESCRIPTION_LENGTH:
        text = text[: DESCRIPTION_LENGTH - 1] + "…"
    return text or gettext("园区产业资讯、园区名录、排名与招商对接")


@register.inclusion_tag("search/_meta.html", takes_context=True)
def meta_tags(context, obj=None, title=None, description=None, image=None, kind=None):
    request = context.get("request")
    path = obj.get_absolute_url() if obj is not None and hasattr(obj, "get_absolute_url") else None
    if path is None and request is not None:
        path = request.path
    canonical = request.build_absolute_uri(path) if request is not None and path else path
    cover = getattr(obj, "cover", None)
    if image is None and cover:
        image = cover.url
    if image and request is not None and image.startswith("/"):
        image = request.build_absolute_uri(image)
    published = getattr(obj, "published_at", None)
    return {
        "meta_title": title or (str(obj) if obj is not None else settings.SITE_NAME),
        "meta_description": _description(obj, description),
        "meta_canonical": canonical,
        "meta_image": image,
        "meta_type": kind or ("article" if published else "website"),
        "meta_published": published,
        "meta_locale": "en_US" if (get_language() or "").startswith("en") else "zh_CN",
        "site_name": settings.SITE_NAME,
    }
