"""Alphabetical order for Chinese names: by pinyin, as a reader expects (安徽 before 北京),
not by Unicode code point. Tones are ignored; ties keep the characters' own order."""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin


def pinyin_key(text: str) -> str:
    """A sortable key: space-separated toneless pinyin, then the text itself."""
    syllables = lazy_pinyin(text or "", style=Style.NORMAL, errors="default")
    # \u0001 sorts below every letter (a name before its longer extensions); PostgreSQL
    # text cannot hold \u0000.
    return " ".join(s.lower() for s in syllables) + "\u0001" + (text or "")


def sort_by_pinyin(items, key=lambda item: item):
    return sorted(items, key=lambda item: pinyin_key(key(item)))
