"""Names of categories, tags, parks and sources as the search and tag pages show them: in the
reader's language where an English name exists, else the Chinese name marked as Chinese.

* categories: ``Category.name_en`` (editors write it);
* industries: the taxonomy's name, translated by the parks catalogue (as ``Industry``);
* regions: the gazetteer's name romanised (``parkpulse.textkit.place_en``);
* parks, sources, keywords and topics have no English name and stay Chinese.

``Label.lang`` is "zh-Hans" when the text is the Chinese name, for the element's ``lang``
attribute (English pages mark Chinese content; on Chinese pages the mark is harmless).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext

from parkpulse.portal.models import in_english
from parkpulse.textkit.place_en import english_name
from parkpulse.textkit.taxonomy import INDUSTRY_BY_CODE

ZH = "zh-Hans"


@dataclass(frozen=True)
class Label:
    text: str
    lang: str = ""  # "zh-Hans": the text is Chinese content

    def __str__(self) -> str:
        return self.text


def chinese(name: str) -> Label:
    return Label(name, ZH)


def plain(text: str) -> Label:
    """Text that belongs to no language (a year, a date)."""
    return Label(text, "")


def category_label(name: str, name_en: str = "") -> Label:
    return Label(name_en, "") if in_english() and name_en else chinese(name)


def tag_label(kind: str, slug: str, name: str) -> Label:
    """A region, industry, park, keyword or topic tag's name in the reader's language."""
    if not in_english():
        return chinese(name)
    if kind == "industry":
        item = INDUSTRY_BY_CODE.get(slug)
        for chinese_name in ([item.name] if item else []) + [name]:
            english = gettext(chinese_name)
            if english != chinese_name:
                return Label(english, "")
    elif kind == "region":
        english = english_name(slug)
        if english:
            return Label(english, "")
    return chinese(name)
