"""Suggestions for a query that found nothing: the nearest words the site knows.

The vocabulary is every tag name (keywords, places, industries, topics) and every park
name and alias, i.e. words that lead somewhere. Nearness is the Dice coefficient of the
character bigrams (经开区上 ~ 经开区); candidates come from an in-memory bigram → word map,
built once per process and rebuilt when the tag or park table changes (a cheap stamp is
checked on each use, as in ``context.py``).
"""

from __future__ import annotations

import threading
import unicodedata
from collections import defaultdict

from django.db.models import Count, Max

from parkpulse.parks.models import Park
from parkpulse.portal.models import Tag

MIN_DICE = 0.4
_lock = threading.Lock()
_cache: dict = {}


def _grams(word: str) -> set[str]:
    w = unicodedata.normalize("NFKC", word).lower()
    return {w[i:i + 2] for i in range(len(w) - 1)} or {w}


def _stamp() -> tuple:
    t = Tag.objects.aggregate(n=Count("id"), top=Max("id"))
    p = Park.objects.aggregate(n=Count("id"), changed=Max("updated_at"))
    return (t["n"], t["top"], p["n"], p["changed"])


def _index() -> dict[str, list[str]]:
    stamp = _stamp()
    with _lock:
        if _cache.get("stamp") != stamp:
            words = set(Tag.objects.values_list("name", flat=True))
            for name, aliases in Park.objects.values_list("name", "aliases"):
                words.update([name, *(aliases or [])])
            by_gram: dict[str, list[str]] = defaultdict(list)
            for w in words:
                if w and len(w) >= 2:
                    for g in _grams(w):
                        by_gram[g].append(w)
            _cache.update(stamp=stamp, index=dict(by_gram))
        return _cache["index"]


def nearest_words(text: str, limit: int = 5) -> list[str]:
    query = _grams("".join(text.split()))
    if not query:
        return []
    index = _index()
    shared: dict[str, int] = defaultdict(int)
    for g in query:
        for w in index.get(g, ()):
            shared[w] += 1
    scored = []
    for w, n in shared.items():
        dice = 2 * n / (len(query) + len(_grams(w)))
        if dice >= MIN_DICE and unicodedata.normalize("NFKC", w).lower() != "".join(text.split()).lower():
            scored.append((dice, -len(w), w))
    return [w for _d, _l, w in sorted(scored, reverse=True)[:limit]]
