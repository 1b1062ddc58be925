"""What people type, made comparable: NFKC, ASCII digits and one kind of line break.

Phones and numbers are NFKC-normalised (full-width ``１３８`` becomes ``138``) and must then
be plain ASCII: ``\\d`` and ``int()`` also accept Arabic-Indic and other digits, which would
store one phone number under several spellings and slip past per-phone limits and merges.
Text areas arrive with ``\\r\\n`` from browsers; stored text uses ``\\n`` so an unchanged
field compares equal to what is stored.
"""

from __future__ import annotations

import unicodedata

from django import forms
from django.utils.text import normalize_newlines
from django.utils.translation import gettext

NUMBER_FIELDS = (forms.IntegerField, forms.DecimalField, forms.FloatField)


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "")


def ascii_digits(text: str) -> str:
    """NFKC ``text`` with whitespace removed; ValidationError if a digit of another script
    remains (letters are left for the field's own "enter a number" message)."""
    text = "".join(nfkc(text).split())
    if any(not ch.isascii() and unicodedata.category(ch) in ("Nd", "Nl", "No") for ch in text):
        raise forms.ValidationError(gettext("请使用半角数字 0-9 填写"), code="non_ascii")
    return text


def newlines(text):
    """``\\r\\n`` and ``\\r`` as ``\\n`` (strings only; other values pass through)."""
    return normalize_newlines(text) if isinstance(text, str) else text


class NormalizedInputMixin:
    """For forms: number fields read NFKC ASCII digits; text values get ``\\n`` line breaks.

    Django's number fields call ``int()``/``Decimal()``, which accept any script's digits and
    superscripts' neighbours; wrapping each field's ``to_python`` checks the raw text first.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, NUMBER_FIELDS):
                field.to_python = _ascii_first(field.to_python)

    def clean(self):
        data = super().clean()
        for name, value in list(data.items()):
            data[name] = newlines(value)
        return data


def _ascii_first(to_python):
    def wrapped(value):
        if isinstance(value, str) and value.strip():
            value = ascii_digits(value)
        return to_python(value)

    return wrapped
