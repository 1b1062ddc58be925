"""Character bigrams for literal-substring search of Chinese text.

jieba cuts 云溪经开区上线 as 云溪/经开区/上线, so the query 经开区上 shares no word with it.
The n-gram index makes any literal piece findable: text is normalised (NFKC, lower case)
and cut into runs of Han characters and runs of other word characters (Latin, digits).
A Han run of n characters becomes its n-1 overlapping bigrams followed by its last
character alone; any other run stays one token (English words and numbers are matched
whole). 云溪经开区 → ``云溪 溪经 经开 开区 区``.

A query piece becomes a phrase of the same tokens (``phrase``): consecutive positions
in the index mean a literal substring, and the lone last character of each run keeps a
phrase from running across punctuation into the next run. A query ending in a single Han
character asks for a token that starts with it (a prefix), which is every occurrence of
that character. Both search backends index the output of ``index_grams`` and search the
output of ``phrase``, so they agree by construction.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef"
_RUNS = re.compile(rf"[{HAN}]+|[^\W_{HAN}]+")
_HAN_RUN = re.compile(rf"[{HAN}]+")


def runs(text: str) -> list[str]:
    """Normalised runs of Han characters and of other word characters, in order."""
    return _RUNS.findall(unicodedata.normalize("NFKC", text or "").lower())


def _run_tokens(run: str) -> list[str]:
    if len(run) > 1 and _HAN_RUN.fullmatch(run):
        return [run[i:i + 2] for i in range(len(run) - 1)] + [run[-1]]
    return [run]


def index_grams(text: str) -> str:
    """The space-separated tokens the n-gram index stores for ``text``."""
    return " ".join(tok for run in runs(text) for tok in _run_tokens(run))


@dataclass(frozen=True)
class Phrase:
    """Consecutive tokens that a literal occurrence of a query piece produces."""

    tokens: tuple[str, ...]
    prefix: bool = False  # the last token is a prefix (the piece ends in one Han character)

    def found_in(self, tokens: list[str]) -> bool:
        """True when ``tokens`` (from ``index_grams``) hold the phrase, as the index would say."""
        n = len(self.tokens)
        if not n:
            return False
        head, last = self.tokens[:-1], self.tokens[-1]
        for i in range(len(tokens) - n + 1):
            if tuple(tokens[i:i + n - 1]) == head and (
                tokens[i + n - 1].startswith(last) if self.prefix else tokens[i + n - 1] == last
            ):
                return True
        return False


def phrase(piece: str) -> Phrase:
    """The phrase for a query piece (a run of word characters without spaces or punctuation).

    Runs inside the piece are complete in the text too, so they keep their closing lone
    character; the last run may continue in the text, so it gives bigrams only, or a prefix
    when it is one Han character.
    """
    parts = runs(piece)
    tokens: list[str] = []
    prefix = False
    for i, run in enumerate(parts):
        han = bool(_HAN_RUN.fullmatch(run))
        if i < len(parts) - 1 or not han:
            tokens += _run_tokens(run)
        elif len(run) == 1:
            tokens.append(run)
            prefix = True
        else:
            tokens += [run[j:j + 2] for j in range(len(run) - 1)]
    return Phrase(tuple(tokens), prefix)
