"""MinHash fingerprints over a cleaned article body.

Chinese has no spaces, so a body is cut into tokens (one token per CJK character, one per
Latin word or number) and the shingles are runs of ``k`` consecutive tokens. Punctuation,
whitespace and case are dropped first, so a repost that only re-flows lines, changes
full-width punctuation or adds a few words still shares most shingles with the original.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
from datasketch import LeanMinHash, MinHash

NUM_PERM = 128
SEED = 1
SCHEME = "affine32"  # 32-bit hash values: a signature stores in NUM_PERM * 4 bytes
SHINGLE_TOKENS = 5

# One CJK ideograph (BMP and extension A) per token, or a run of Latin letters/digits.
_TOKEN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[0-9a-z]+")

Fingerprint = LeanMinHash


def normalize(text: str) -> str:
    """NFKC (full-width → half-width), lower case; the tokenizer then drops punctuation."""
    return unicodedata.normalize("NFKC", text or "").lower()


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(normalize(text))


def shingles(text: str, k: int = SHINGLE_TOKENS) -> set[str]:
    """The set of ``k``-token shingles of ``text`` (a short text gives one shingle)."""
    toks = tokens(text)
    if not toks:
        return set()
    if len(toks) <= k:
        return {" ".join(toks)}
    return {" ".join(toks[i : i + k]) for i in range(len(toks) - k + 1)}


def fingerprint(text: str, num_perm: int = NUM_PERM) -> Fingerprint:
    """A MinHash of the body's shingles; empty text gives an (empty) valid fingerprint."""
    mh = MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME)
    sh = shingles(text)
    if sh:
        mh.update_batch([s.encode("utf-8") for s in sh])
    return LeanMinHash(mh)


def signature_bytes(fp: Fingerprint) -> bytes:
    """Compact, stable storage form: the hash values as little-endian uint32."""
    values = np.asarray(fp.hashvalues, dtype=np.uint64)
    if values.size and int(values.max()) > 0xFFFFFFFF:
        raise ValueError("hash values exceed 32 bits; expected the affine32 scheme")
    return values.astype("<u4").tobytes()


def from_signature(data: bytes) -> Fingerprint:
    """Inverse of :func:`signature_bytes`."""
    if not data or len(data) % 4:
        raise ValueError(f"a signature is a non-empty multiple of 4 bytes, got {len(data or b'')}")
    values = np.frombuffer(bytes(data), dtype="<u4").astype(np.uint64)
    return LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME)


def jaccard(a: Fingerprint, b: Fingerprint) -> float:
    """Estimated Jaccard similarity of the two bodies' shingle sets."""
    return float(a.jaccard(b))
