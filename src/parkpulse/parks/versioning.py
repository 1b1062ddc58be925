"""Versioned park profiles: JSON snapshots, a field-by-field diff, and applying changes.

Every change to a park's profile goes through :func:`apply_changes` (editor edits, approved
change requests) or :func:`record_revision` (the admin), so each state is a ``ParkRevision``
with its author and reason. Snapshots hold plain JSON values (decimals and dates as strings,
industries as sorted codes) so they survive schema changes and compare with ``==``.

The diff is character-level (:class:`difflib.SequenceMatcher`): Chinese has no spaces, so
word-level diffs would mark whole sentences as changed.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils.text import normalize_newlines

from parkpulse.parks.models import Industry, Park, ParkRevision

# The profile: what a snapshot holds, in display order. "managers", "is_sample" and the
# timestamps are not profile content and are changed only by editors in the admin.
PROFILE_FIELDS: tuple[str, ...] = (
    "name", "aliases", "former_names", "level", "province", "city", "district", "address",
    "founded", "planned_area_km2", "built_area_km2", "industries", "land_price_min",
    "land_price_max", "min_investment_intensity", "min_tax_per_mu", "policies", "description",
    "website", "contact_name", "contact_phone", "contact_email", "logo", "source_note",
)
LIST_FIELDS = {"aliases", "former_names", "industries"}
LONG_TEXT = 5000  # above this many characters the diff is by line, not by character


def to_json(value):
    """A model value as a plain JSON value."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        # normalise so "12.50" and "12.5" are the same figure
        text = format(value.normalize(), "f")
        return text
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name or ""
    if isinstance(value, str):
        # browsers send text areas with \r\n; stored text that differs only there is unchanged
        return normalize_newlines(value)
    return value


def snapshot(park: Park) -> dict:
    data = {}
    for name in PROFILE_FIELDS:
        if name == "industries":
            data[name] = sorted(park.industries.values_list("code", flat=True)) if park.pk else []
        else:
            data[name] = to_json(getattr(park, name))
    return data


def values_from_form(cleaned: dict) -> dict:
    """Form cleaned_data (model values, Industry objects) as snapshot values."""
    out = {}
    for name, value in cleaned.items():
        if name not in PROFILE_FIELDS:
            continue
        if name == "industries":
            out[name] = sorted(i.code if isinstance(i, Industry) else str(i) for i in value)
        elif name in LIST_FIELDS:
            out[name] = [str(v) for v in value or []]
        else:
            v = to_json(value)
            out[name] = "" if v is None and _is_text(name) else v
    return out


def _is_text(name: str) -> bool:
    f = Park._meta.get_field(name)
    return f.get_internal_type() in {"CharField", "TextField", "URLField", "EmailField", "FileField", "ImageField"}


def changed_values(base: dict, new: dict) -> dict:
    """The entries of ``new`` that differ from ``base``."""
    return {k: v for k, v in new.items() if k in PROFILE_FIELDS and _norm(base.get(k)) != _norm(v)}


def _norm(value):
    return "" if value is None else value


# ---- diff -------------------------------------------------------------------------------


@dataclass
class FieldDiff:
    field: str
    label: str
    old: str
    new: str
    segments: list[tuple[str, str]] = field(default_factory=list)  # (equal|delete|insert, text)
    conflict: bool = False  # the park changed this field after the request was written


def display(name: str, value) -> str:
    """A snapshot value as the text a reader sees."""
    if value in (None, "", []):
        return ""
    if name == "industries":
        names = dict(Industry.objects.filter(code__in=value).values_list("code", "name"))
        return "、".join(names.get(code, code) for code in value)
    if name in LIST_FIELDS:
        return "、".join(value)
    if name == "level":
        return str(dict(Park.Level.choices).get(value, value))
    return str(value)


def label(name: str) -> str:
    return str(Park._meta.get_field(name).verbose_name)


def text_segments(old: str, new: str) -> list[tuple[str, str]]:
    if len(old) > LONG_TEXT or len(new) > LONG_TEXT:
        a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
        join = "".join
    else:
        a, b = list(old), list(new)
        join = "".join
    ops: list[tuple[str, str, str]] = []  # (op, old text, new text)
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        ops.append(("equal" if op == "equal" else "change", join(a[i1:i2]), join(b[j1:j2])))
    # A one-character "equal" island between two changes is a coincidence, not a shared
    # part ("834"→"512" sharing nothing, "张三"→"李三四"): fold it into the change around it.
    merged: list[list[str]] = []
    for i, (op, old_text, new_text) in enumerate(ops):
        island = op == "equal" and len(old_text) == 1 and 0 < i < len(ops) - 1
        if island:
            op = "change"
        if merged and merged[-1][0] == "change" and op == "change":
            merged[-1][1] += old_text
            merged[-1][2] += new_text
        else:
            merged.append([op, old_text, new_text])
    out: list[tuple[str, str]] = []
    for op, old_text, new_text in merged:
        if op == "equal":
            out.append(("equal", old_text))
            continue
        if old_text:
            out.append(("delete", old_text))
        if new_text:
            out.append(("insert", new_text))
    return out


def diff(old: dict, new: dict, fields=None) -> list[FieldDiff]:
    """Per-field differences between two snapshots, in profile order."""
    out = []
    for name in fields or PROFILE_FIELDS:
        if name not in new and name not in old:
            continue
        a, b = old.get(name), new.get(name, old.get(name))
        if _norm(a) == _norm(b):
            continue
        da, db = display(name, a), display(name, b)
        out.append(FieldDiff(name, label(name), da, db, text_segments(da, db)))
    return out


def change_request_diff(cr, current: dict | None = None) -> list[FieldDiff]:
    """A change request as a diff against the park now, flagging fields changed meanwhile."""
    current = snapshot(cr.park) if current is None else current
    proposed = {**current, **cr.proposed}
    rows = diff(current, proposed, fields=[f for f in PROFILE_FIELDS if f in cr.proposed])
    for row in rows:
        row.conflict = _norm(cr.base.get(row.field)) != _norm(current.get(row.field))
    return rows


# ---- writing ----------------------------------------------------------------------------


def _next_number(park: Park) -> int:
    return (park.revisions.aggregate(n=Max("number"))["n"] or 0) + 1


def ensure_baseline(park: Park) -> ParkRevision | None:
    """Record the stored state as version 1 if the park has no history yet."""
    if park.revisions.exists():
        return None
    stored = Park.objects.get(pk=park.pk)
    return ParkRevision.objects.create(park=park, number=1, snapshot=snapshot(stored), reason="初始版本")


def record_revision(park: Park, author=None, reason: str = "", approved_by=None, change_request=None):
    """Store the park's current state as a new version, unless it equals the latest one."""
    current = snapshot(park)
    latest = park.revisions.order_by("-number").first()
    if latest is not None and latest.snapshot == current:
        return None
    return ParkRevision.objects.create(
        park=park, number=_next_number(park), snapshot=current, author=author,
        approved_by=approved_by, reason=reason[:300], change_request=change_request,
    )


def apply_changes(park: Park, values: dict, author=None, reason: str = "", approved_by=None,
                  change_request=None) -> ParkRevision | None:
    """Write snapshot ``values`` onto the park and record the new version, atomically.

    The caller's ``park`` object is refreshed afterwards, so it never holds the old state.
    """
    original = park
    with transaction.atomic():
        park = Park.objects.select_for_update().get(pk=park.pk)
        ensure_baseline(park)
        industries = None
        for name, value in values.items():
            if name not in PROFILE_FIELDS or name == "logo":
                continue
            if name == "industries":
                industries = list(value or [])
                continue
            model_field = Park._meta.get_field(name)
            if value is None and _is_text(name):
                value = ""
            setattr(park, name, model_field.to_python(value))
        park.full_clean(exclude=["logo"])
        park.save()
        if industries is not None:
            park.industries.set(Industry.objects.filter(code__in=industries))
        revision = record_revision(park, author, reason, approved_by, change_request)
    original.refresh_from_db()
    return revision
