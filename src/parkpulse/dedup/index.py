"""An LSH index over fingerprints: find the earliest stored near-duplicate of a new body.

A thin wrapper over ``datasketch.MinHashLSH`` that adds what the collector needs: keys are
article ids, a query verifies LSH candidates with the estimated Jaccard (LSH alone gives
false positives) and returns the *earliest* match (smallest key), so every repost links to
the first copy rather than to another repost.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from datasketch import MinHashLSH

from parkpulse.dedup.fingerprint import NUM_PERM, Fingerprint

DEFAULT_THRESHOLD = 0.7


class NearDupIndex:
    def __init__(self, threshold: float = DEFAULT_THRESHOLD, num_perm: int = NUM_PERM):
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        self.threshold = threshold
        self.num_perm = num_perm
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._fps: dict[Hashable, Fingerprint] = {}

    def __len__(self) -> int:
        return len(self._fps)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._fps

    def add(self, key: Hashable, fp: Fingerprint) -> None:
        """Index ``fp`` under ``key``; adding a known key again replaces its fingerprint."""
        if key in self._fps:
            self._lsh.remove(key)
        self._lsh.insert(key, fp, check_duplication=False)
        self._fps[key] = fp

    def update(self, items: Iterable[tuple[Hashable, Fingerprint]]) -> None:
        for key, fp in items:
            self.add(key, fp)

    def remove(self, key: Hashable) -> None:
        if key in self._fps:
            self._lsh.remove(key)
            del self._fps[key]

    def matches(self, fp: Fingerprint, exclude: Hashable | None = None) -> list[tuple[Hashable, float]]:
        """Verified matches as (key, estimated Jaccard), most similar first."""
        out = []
        for key in self._lsh.query(fp):
            if key == exclude:
                continue
            sim = float(fp.jaccard(self._fps[key]))
            if sim >= self.threshold:
                out.append((key, sim))
        out.sort(key=lambda kv: (-kv[1], str(kv[0])))
        return out

    def first_match(self, fp: Fingerprint, exclude: Hashable | None = None) -> Hashable | None:
        """The smallest key among verified matches (the first copy we stored), or None."""
        keys = [k for k, _ in self.matches(fp, exclude=exclude)]
        if not keys:
            return None
        try:
            return min(keys)
        except TypeError:  # keys of mixed types: fall back to the most similar
            return keys[0]
