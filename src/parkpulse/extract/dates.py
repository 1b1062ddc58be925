"""Find and parse dates written the Chinese way or as ISO strings.

``2024年9月28日``, ``2024-09-28 10:30``, ``2024/9/28``, ``1年前 (2024-09-28)`` and ISO 8601
with or without a zone. A date without a zone is read as Asia/Shanghai time.
"""

from __future__ import annotations

import datetime as dt
import re

try:
    from zoneinfo import ZoneInfo

    SHANGHAI: dt.tzinfo = ZoneInfo("Asia/Shanghai")
except Exception:  # no tz database on this machine: the fixed offset is the same since 1991
    SHANGHAI = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")

_YMD = re.compile(
    r"(?<![\d.])((?:19|20)\d{2})\s*(?:[-/.年]|&nbsp;)\s*(\d{1,2})\s*(?:[-/.月])\s*(\d{1,2})(?!\d)\s*日?"
    r"(?:\s*[T ]?\s*(\d{1,2})\s*[:：时点]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?)?"
)
# 9/17/2004 5:54:13 AM (month first, as only 17 can be a day), 06/02/2022 (day first)
_MDY = re.compile(
    r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})(?![\d/])"
    r"(?:\s*[-–,]?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?"
)
_MONTHS = {m: i + 1 for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}
_EN = re.compile(
    r"\b(?:(\d{1,2})\s+)?(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+"
    r"(?:(\d{1,2})(?:st|nd|rd|th)?,?\s+)?((?:19|20)\d{2})\b", re.I)
_YM = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月(?!\s*\d)")
_ISO_ZONE = re.compile(r"(Z|[+-]\d{2}:?\d{2})\s*$")


def _make(y, mo, d, h=None, mi=None, s=None, tz=None):
    try:
        return dt.datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0),
                           tzinfo=tz or SHANGHAI)
    except (ValueError, TypeError, OverflowError):
        return None


def plausible(d: dt.datetime | None, now: dt.datetime | None = None) -> bool:
    if d is None:
        return False
    now = now or dt.datetime.now(dt.UTC)
    return dt.datetime(1990, 1, 1, tzinfo=dt.UTC) <= d <= now + dt.timedelta(days=2)


def find_dates(text: str):
    """Every date in the text as (position, datetime, has_time), in order."""
    out = []
    for m in _YMD.finditer(text):
        d = _make(*m.groups())
        if d is not None:
            out.append((m.start(), d, m.group(4) is not None))
    for m in _MDY.finditer(text):
        first, second, y, h, mi, sec, ampm = m.groups()
        # Day first unless the second number can only be a day (9/17/2004): an ambiguous
        # 06/02/2022 is read as most of the world writes it.
        d, mo = (second, first) if int(second) > 12 else (first, second)
        if h is not None and ampm:
            h = int(h) % 12 + (12 if ampm.lower() == "pm" else 0)
        dd = _make(y, mo, d, h, mi, sec)
        if dd is not None:
            out.append((m.start(), dd, m.group(4) is not None))
    for m in _EN.finditer(text):
        day = m.group(1) or m.group(3)
        if day:
            dd = _make(m.group(4), _MONTHS[m.group(2)[:3].lower()], day)
            if dd is not None:
                out.append((m.start(), dd, False))
    if not out:
        for m in _YM.finditer(text):
            d = _make(m.group(1), m.group(2), 1)
            if d is not None:
                out.append((m.start(), d, False))
    out.sort(key=lambda t: t[0])
    return out


def parse_date(value) -> dt.datetime | None:
    """One date from a meta tag or JSON-LD value; None when it holds no date."""
    if not value:
        return None
    s = str(value).strip()
    if not s:
        return None
    iso = s.replace("Z", "+00:00") if s.endswith("Z") else s
    try:
        d = dt.datetime.fromisoformat(iso)
        if d.tzinfo is None:
            d = d.replace(tzinfo=SHANGHAI)
        return d if plausible(d) else None
    except ValueError:
        pass
    m = re.match(r"^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?$", s)
    if m:
        d = _make(*m.groups())
        return d if plausible(d) else None
    found = find_dates(s)
    if found:
        d = found[0][1]
        zone = _ISO_ZONE.search(s)
        if zone and zone.group(1) != "Z":
            z = zone.group(1).replace(":", "")
            off = dt.timedelta(hours=int(z[1:3]), minutes=int(z[3:5]))
            d = d.replace(tzinfo=dt.timezone(off if z[0] == "+" else -off))
        return d if plausible(d) else None
    return None
