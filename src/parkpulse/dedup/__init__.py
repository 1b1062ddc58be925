"""Near-duplicate detection for articles: MinHash fingerprints and an LSH index.

Pure library (no Django): text in, fingerprints out. ``fingerprint(text)`` turns a cleaned
article body into a MinHash; ``signature_bytes``/``from_signature`` store it compactly;
``NearDupIndex`` answers "which earlier article is this a repost of?".
"""

from parkpulse.dedup.fingerprint import (
    NUM_PERM,
    Fingerprint,
    fingerprint,
    from_signature,
    jaccard,
    normalize,
    shingles,
    signature_bytes,
)
from parkpulse.dedup.index import NearDupIndex

__all__ = [
    "NUM_PERM",
    "Fingerprint",
    "NearDupIndex",
    "fingerprint",
    "from_signature",
    "jaccard",
    "normalize",
    "shingles",
    "signature_bytes",
]
