"""Park mentions: find the parks a text names, by name, alias or former name.

Names are matched with Aho-Corasick, longest match first and non-overlapping, so
"苏州工业园区" is one mention of that park and never also a mention of 苏州 or of a park
whose alias is a shorter part of it. An alias that two parks share is ambiguous and links
neither. Plain data in, plain data out: the caller passes ``(park_id, names)`` pairs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

MIN_NAME_LENGTH = 3  # two-character aliases (e.g. 张江) collide with ordinary words too often


@dataclass(frozen=True)
class ParkMention:
    park_id: int
    count: int
    names: tuple[str, ...]  # the forms the text used


class ParkMatcher:
    def __init__(self, parks: Iterable[tuple[int, Iterable[str]]]):
        owners: dict[str, set[int]] = {}
        for park_id, names in parks:
            for name in names:
                name = (name or "").strip()
                if len(name) >= MIN_NAME_LENGTH:
                    owners.setdefault(name, set()).add(park_id)
        self.names = {name: ids for name, ids in owners.items()}
        self._automaton = ahocorasick.Automaton()
        for name, ids in owners.items():
            self._automaton.add_word(name, (name, tuple(sorted(ids))))
        if owners:
            self._automaton.make_automaton()

    def words(self) -> list[str]:
        """Names to add to the tokenizer's dictionary."""
        return list(self.names)

    def find(self, text: str) -> list[ParkMention]:
        if not self.names or not text:
            return []
        counts: Counter[int] = Counter()
        forms: dict[int, set[str]] = {}
        for _end, (name, ids) in self._automaton.iter_long(text):
            if len(ids) != 1:
                continue  # shared alias: ambiguous
            counts[ids[0]] += 1
            forms.setdefault(ids[0], set()).add(name)
        return [
            ParkMention(pid, n, tuple(sorted(forms[pid])))
            for pid, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
