"""Reading query parameters: bounded integers, database ids and dates, never a 500.

Every view that parses ``request.GET`` by hand goes through :class:`Params`. ``str.isdigit``
and ``int()`` are not enough: ``isdigit`` accepts superscripts (``²``) that ``int`` rejects,
``int`` accepts full-width and Arabic-Indic digits, and a valid integer may still overflow the
database (ids above 2**63-1) or the calendar (``9999-12-31`` plus a day). Values are
NFKC-normalised first, so ``１２`` reads as 12, then must be plain ASCII.

A bad value is either ignored (the default is used: pagination, pre-filled forms) or, when
the caller passes ``label``, recorded in :attr:`Params.errors` as a Chinese message the page
shows with status 400.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django.utils.translation import gettext

MAX_ID = 2**63 - 1  # BigAutoField: larger ids cannot exist and overflow the database driver
MAX_PAGE = 10_000
MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2100, 12, 31)
_INT = re.compile(r"[+-]?[0-9]{1,19}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class BadParam(ValueError):
    """A query parameter that cannot be used; ``str(exc)`` is the Chinese message."""


def _text(value) -> str:
    return unicodedata.normalize("NFKC", str(value or "")).strip()


def parse_int(value, *, lo: int, hi: int) -> int:
    text = _text(value)
    if not _INT.fullmatch(text):
        raise BadParam(gettext("应为整数"))
    number = int(text)
    if not lo <= number <= hi:
        raise BadParam(gettext("应在 %(lo)s 到 %(hi)s 之间") % {"lo": lo, "hi": hi})
    return number


def parse_date(value) -> dt.date:
    text = _text(value)
    try:
        if not _DATE.fullmatch(text):
            raise ValueError(text)
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise BadParam(gettext("格式不对，应为 年-月-日，例如 2024-09-28")) from None
    if not MIN_DATE <= day <= MAX_DATE:
        raise BadParam(gettext("应在 %(lo)s 到 %(hi)s 之间") % {"lo": MIN_DATE, "hi": MAX_DATE})
    return day


class Params:
    """``request.GET`` (or any QueryDict) read through the parsers above."""

    def __init__(self, query):
        self.query = query
        self.errors: list[str] = []

    def raw(self, name: str) -> str:
        return _text(self.query.get(name, ""))

    def _read(self, name, parse, default, label):
        if not self.raw(name):
            return default
        try:
            return parse(self.query.get(name))
        except BadParam as exc:
            if label:
                shown = self.raw(name)[:30]
                self.errors.append(gettext("%(label)s「%(value)s」无效:%(why)s")
                                   % {"label": label, "value": shown, "why": exc})
            return default

    def int(self, name: str, default=None, *, lo: int = 0, hi: int = MAX_ID, label: str = ""):
        return self._read(name, lambda v: parse_int(v, lo=lo, hi=hi), default, label)

    def id(self, name: str, *, label: str = ""):
        """A primary key: 1 … 2**63-1, or None."""
        return self.int(name, None, lo=1, hi=MAX_ID, label=label)

    def page(self, name: str = "page") -> int:
        """A page number, 1 … MAX_PAGE; anything else is page 1."""
        return self.int(name, 1, lo=1, hi=MAX_PAGE)

    def date(self, name: str, *, label: str = ""):
        return self._read(name, parse_date, None, label)
