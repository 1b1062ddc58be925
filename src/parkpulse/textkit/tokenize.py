"""Chinese tokenizing with jieba, on a private ``jieba.Tokenizer`` with our own dictionary.

The private instance keeps ParkPulse's words (park names, industry terms, place names) out of
jieba's global tokenizer, which other code in the same process may use. Tokens are normalised
(NFKC, lower case, punctuation dropped) so that the search index, the queries and the keyword
extractor all see the same words.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Iterable

import jieba

from parkpulse.textkit.taxonomy import INDUSTRIES

jieba.setLogLevel(logging.WARNING)  # jieba logs "Building prefix dict" at DEBUG to stderr

#: Terms of the trade that jieba's general dictionary splits apart.
INDUSTRY_TERMS = (
    "高新区", "高新技术产业开发区", "经开区", "经济技术开发区", "产业园", "产业园区", "工业园区",
    "开发区", "自贸区", "综合保税区", "火炬中心", "招商引资", "专精特新", "小巨人", "独角兽",
    "瞪羚企业", "孵化器", "众创空间", "加速器", "亩均税收", "投资强度", "容积率", "标准厂房",
    "产业链", "链主企业", "营商环境", "科创板", "研发投入", "高新技术企业", "新质生产力",
    "开放创新", "国际竞争力", "综合排名", "首台套", "数字化转型", "低空经济", "人形机器人",
    "第三代半导体", "新一代信息技术", "生物医药", "集成电路", "人工智能", "新能源汽车",
    "智能网联汽车", "工业互联网", "动力电池", "碳化硅", "氮化镓", "大模型", "示例数据",
)

_WORD = re.compile(r"\w", re.UNICODE)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def normalize(token: str) -> str:
    """NFKC, lower case, and only word characters (CJK, letters, digits) kept."""
    token = unicodedata.normalize("NFKC", token).lower()
    return "".join(ch for ch in token if _WORD.match(ch) and ch != "_")


def is_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


class Tokenizer:
    """jieba with a user dictionary; thread-safe after the lazy first load."""

    def __init__(self, words: Iterable[str] = (), *, with_defaults: bool = True):
        self._words = set()
        if with_defaults:
            self._words.update(default_words())
        self._words.update(w.strip() for w in words if w and w.strip())
        self._jieba: jieba.Tokenizer | None = None
        self._pos = None  # jieba.posseg.POSTokenizer over the same engine, made on first use
        self._lock = threading.Lock()

    @property
    def words(self) -> frozenset[str]:
        return frozenset(self._words)

    def _engine(self) -> jieba.Tokenizer:
        if self._jieba is None:
            with self._lock:
                if self._jieba is None:
                    engine = jieba.Tokenizer()
                    engine.initialize()
                    for word in sorted(self._words, key=len):
                        # A frequency high enough that jieba keeps the word whole.
                        engine.add_word(word, freq=max(engine.suggest_freq(word, tune=False), 1000))
                    self._jieba = engine
        return self._jieba

    def add_words(self, words: Iterable[str]) -> None:
        """Add dictionary words (new park names) without reloading jieba's dictionary."""
        new = {w.strip() for w in words if w and w.strip()} - self._words
        if not new:
            return
        with self._lock:
            self._words.update(new)
            if self._jieba is not None:
                for word in sorted(new, key=len):
                    self._jieba.add_word(word, freq=max(self._jieba.suggest_freq(word, tune=False), 1000))

    def is_word(self, word: str) -> bool:
        """True when the dictionary knows ``word`` (not a guess of jieba's HMM)."""
        return self._engine().FREQ.get(word, 0) > 0

    def cut(self, text: str) -> list[str]:
        """Precise-mode tokens, normalised, punctuation and blanks dropped."""
        out = []
        for raw in self._engine().cut(unicodedata.normalize("NFKC", text or ""), HMM=True):
            tok = normalize(raw)
            if tok:
                out.append(tok)
        return out

    def tag(self, text: str) -> list[tuple[str, str, bool]]:
        """(normalised word, jieba part of speech, in the dictionary) for each word of ``text``.

        Runs jieba's POS tagger over this private dictionary, without the HMM: text outside
        the dictionary comes out as single characters, never as a guessed word (长株).
        """
        engine = self._engine()
        if self._pos is None:
            with self._lock:
                if self._pos is None:
                    import jieba.posseg

                    self._pos = jieba.posseg.POSTokenizer(engine)
        out = []
        # Without the HMM: the words it would guess are not dictionary words anyway (keywords
        # skip them), and POS tagging through it costs several times more.
        for pair in self._pos.cut(unicodedata.normalize("NFKC", text or ""), HMM=False):
            tok = normalize(pair.word)
            if tok:
                out.append((tok, pair.flag, engine.FREQ.get(pair.word, 0) > 0))
        return out

    def spans(self, text: str) -> list[tuple[str, int, int]]:
        """Precise-mode words of the raw ``text`` with their offsets (for whole-word checks)."""
        return [(w, a, b) for w, a, b in self._engine().tokenize(text or "", HMM=True)]

    def cut_for_index(self, text: str) -> list[str]:
        """Search-mode tokens: each long word plus the dictionary words inside it.

        "苏州工业园区" is indexed as itself and as 苏州 / 工业 / 园区 / 工业园区, so a
        query for any of them finds the article.
        """
        out = []
        for raw in self._engine().cut_for_search(unicodedata.normalize("NFKC", text or ""), HMM=True):
            tok = normalize(raw)
            if tok:
                out.append(tok)
        return out


def default_words() -> set[str]:
    """Industry keywords from the taxonomy, trade terms and place names from the gazetteer."""
    from parkpulse.textkit.regions import gazetteer

    words = set(INDUSTRY_TERMS)
    for item in INDUSTRIES:
        words.update(k for k in item.keywords if len(k) > 1 and is_cjk(k))
    words.update(name for name in gazetteer().all_names() if len(name) > 1)
    return words


_default: Tokenizer | None = None


def default_tokenizer() -> Tokenizer:
    """A shared tokenizer with the default dictionary (no park names)."""
    global _default
    if _default is None:
        _default = Tokenizer()
    return _default
