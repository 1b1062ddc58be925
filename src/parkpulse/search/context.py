"""The tokenizer and park matcher enrichment uses, rebuilt when the park list changes.

Park names go into the tokenizer's dictionary （so 苏州工业园区 stays one token） and into
the Aho-Corasick matcher. The matcher is cached per process, dropped by the Park signals
registered in apps.py, and checked against a cheap stamp of the park table on every use, so
a change made by another process (an editor in another worker) or undone by a rollback is
never served from a stale cache. New names are added to the one tokenizer; ``version`` goes
into every index fingerprint, so
``parkpulse enrich --all`` re-analyses exactly what a dictionary change affects.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass

from parkpulse.textkit.parks import ParkMatcher
from parkpulse.textkit.tokenize import Tokenizer

DICTIONARY_REVISION = "2"  # bump when textkit's built-in dictionaries or rules change


@dataclass
class TextContext:
    tokenizer: Tokenizer
    parks: ParkMatcher
    park_places: dict[int, tuple[str, ...]]
    version: str
    stamp: tuple = ()


_lock = threading.Lock()
_current: TextContext | None = None
_base_tokenizer: Tokenizer | None = None


def _stamp() -> tuple:
    from django.db.models import Count, Max

    from parkpulse.parks.models import Park

    row = Park.objects.aggregate(n=Count("id"), top=Max("id"), changed=Max("updated_at"))
    return (row["n"], row["top"], row["changed"])


def current() -> TextContext:
    global _current
    stamp = _stamp()
    with _lock:
        if _current is None or _current.stamp != stamp:
            _current = _build()
            _current.stamp = stamp
        return _current


def invalidate(**_kwargs) -> None:
    global _current
    with _lock:
        _current = None


def _build() -> TextContext:
    from parkpulse.parks.models import Park

    global _base_tokenizer
    rows = list(Park.objects.values_list("id", "name", "aliases", "former_names", "province", "city", "district"))
    matcher = ParkMatcher(
        (pk, [name, *(aliases or []), *(former or [])]) for pk, name, aliases, former, *_ in rows
    )
    places = {pk: (prov, city, dist) for pk, _n, _a, _f, prov, city, dist in rows}
    words = sorted(matcher.words())
    digest = hashlib.sha1("\n".join([DICTIONARY_REVISION, *words]).encode()).hexdigest()[:12]
    # One jieba instance per process: loading its dictionary costs about a second, so park
    # names are added to it rather than building a new one whenever a park is saved. A
    # removed park's name stays a dictionary word, which only keeps it one token.
    if _base_tokenizer is None:
        _base_tokenizer = Tokenizer()
    _base_tokenizer.add_words(words)
    return TextContext(_base_tokenizer, matcher, places, digest)
