"""Facts from the news: dated, sourced figures about parks, from plain text.

``FactExtractor(parks).extract(text, published=date)`` returns :class:`Fact` rows: park,
metric (企业数, 营业收入, 增速, 排名, 面积…), value in a canonical unit (亿元, 家, 个, %,
平方公里, 位), qualifier (超/约/达/累计/同比), period, and the sentence it came from.

The rules follow sentence structure, never particular sentences:

* a *figure* is a number (Arabic or Chinese, with 万/亿 scaling) with a unit, or 第N after a
  ranking word; a range (10至15个), a difference (多5家, 提高2个百分点) or a change of a rate
  (增速提高3%) is not a figure of the park;
* its *metric* is the nearest keyword before it in the same clause that fits its unit class
  (营收 + 亿元, 高企 + 家, 签约 + 个), or, for counts after 拥有/集聚…, the noun after it; a
  clause without one inherits the metric of the clause before (…，昆山高新区达1500亿元);
* its *subject* is the first place named in the clause before it (else the one before in the
  sentence): a park, a city or province (全市, 苏州市: the figure is not the park's), a company
  (某某有限公司在园区投资: a single project), or a word like 园区/该区 that refers to the park
  named before. Places after 占/比/较… are objects, not subjects. Two parks joined by 和/与 share
  a figure only with 分别, which hands the figures out in order;
* targets and forecasts (力争, 预计, 到2025年) are not facts, nor per-unit figures (亩均税收).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation

import ahocorasick

from parkpulse.textkit import fact_words as W
from parkpulse.textkit.parks import MIN_NAME_LENGTH
from parkpulse.textkit.regions import gazetteer

FIGURES_SEEN = "figures-seen"  # a marker in the per-sentence carry: an earlier clause had figures
CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN = "零〇一二两三四五六七八九十百千"
_UNIT_ALT = "|".join(sorted((re.escape(u) for u in W.UNITS), key=len, reverse=True))
NUMBER_RE = re.compile(
    rf"(?=[\d{_CN}万亿])(?P<num>\d+(?:[,，]\d{{3}})*(?:\.\d+)?|[{_CN}]+(?:点[{_CN}]+)?)?"
    r"(?P<a1>余|多)?(?P<mult>万亿|亿|万)?(?P<a2>余|多)?"
    rf"(?P<unit>{_UNIT_ALT})?(?!次)"
)
RANK_RE = re.compile(rf"第(?P<num>\d+|[{_CN}]+)(?P<unit>位|名)?(?=$|[，。；、,.;（(）)]|位|名)")
RANGE_SEP = re.compile(r"\s*[至到\-—–~～]\s*(?:约)?(?:\d|[一二两三四五六七八九十百千])")
SENTENCE_END = re.compile(r"(?<=[。！？!?；;\n])")
CLAUSE_SEP = re.compile(r"[，：:；;]|,(?!\d{3})")
PERIOD_RE = re.compile(
    r"(?=截至|截止|\d|今年|去年|上年|前年|上半年|下半年|全年|前三|[一二三四]季|第[一二三四1-4]季|年底|年末|底|末)"
    r"(?:截至|截止)?(?P<year>\d{4}年|今年|去年|上年|前年)?"
    r"(?P<part>上半年|下半年|全年|前三季度|[一二三四]季度|第[一二三四1-4]季度"
    r"|\d{1,2}[-—~至到]\d{1,2}月|\d{1,2}月(?:底|末|份)?|年底|年末|底|末)?"
)
# 到2025年…, 计划实施/引进…: plans; but 计划投资 and 计划总投资 are a project's stated amount
TARGET_RE = re.compile(r"到20\d\d年|计划(?!总?投资)")
PARK_OBJECT = (*W.OBJECT_MARKERS, *(x + "的" for x in W.OBJECT_MARKERS))
PLACE_OBJECT = (*PARK_OBJECT, "在", "在的")
SCOPE_RE = re.compile("|".join(W.SCOPE_WORDS))
# a sentence without any of these holds no figure: skip its clause analysis
FIGURE_HINT = re.compile(rf"[\d%％亿]|第[{_CN}]|[{_CN}万亿]+(?:余|多)?(?:亿|万)?(?:元|美元|家|户|个|项|件|人|名)")
ORG_RE = re.compile(r"(?:有限责任公司|股份有限公司|有限公司|集团|公司)(?=与|在|拟|将|和|投资|签约|落户)")


@dataclass(frozen=True)
class Fact:
    park: Hashable
    metric: str
    value: Decimal
    unit: str
    qualifier: str  # e.g. "累计超", "同比", "" (in reading order, each once)
    period: str  # as resolved: "2023年", "2023年上半年", "" when the text gives none
    year: int | None
    sentence: str
    start: int  # the figure's span in the whole text
    end: int
    raw: str  # the figure as written: "1800余家"

    @property
    def key(self) -> tuple:
        return (self.park, self.metric, self.value, self.unit)


@dataclass
class _Mention:
    start: int
    end: int
    kind: str  # park | other | anaphora
    park: Hashable = None


@dataclass
class _Figure:
    start: int
    end: int
    value: Decimal
    cls: str
    unit: str
    raw: str
    qualifiers: list[str] = field(default_factory=list)
    is_rank: bool = False


@functools.cache
def _keyword_automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for word in [*W.KEYWORDS, *W.PER_UNIT, *W.RANK_WORDS]:
        automaton.add_word(word, word)
    automaton.make_automaton()
    return automaton


def cn_number(text: str) -> Decimal | None:
    """一百二十 → 120, 五千 → 5000, 十三 → 13, 三点五 → 3.5; None if not a number."""
    if "点" in text:
        whole, _, frac = text.partition("点")
        head = cn_number(whole) if whole else Decimal(0)
        if head is None or not frac or any(c not in CN_DIGITS for c in frac):
            return None
        return head + Decimal("0." + "".join(str(CN_DIGITS[c]) for c in frac))
    total, digit, last_unit = 0, None, 10**9
    for ch in text:
        if ch in CN_DIGITS:
            if CN_DIGITS[ch] == 0:
                continue  # 两千零五: 零 only holds a place
            if digit is not None:
                return None  # 一二 is not a number
            digit = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            unit = CN_UNITS[ch]
            if unit >= last_unit:
                return None
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
        else:
            return None
    if digit:
        total += digit
    return Decimal(total)


class FactExtractor:
    """Build once per park list (names are compiled), then ``extract`` any number of texts."""

    def __init__(self, parks: Iterable[tuple[Hashable, Iterable[str]]]):
        owners: dict[str, set] = {}
        for key, names in parks:
            for name in names:
                name = (name or "").strip()
                if len(name) >= MIN_NAME_LENGTH:
                    owners.setdefault(name, set()).add(key)
        self._parks = ahocorasick.Automaton()
        for name, keys in owners.items():
            if len(keys) == 1:  # a name two parks share names neither
                self._parks.add_word(name, (name, next(iter(keys))))
        self._has_parks = len(self._parks) > 0
        if self._has_parks:
            self._parks.make_automaton()
        self._keywords = _keyword_automaton()
        self._regions = gazetteer().automaton

    # ---- public ---------------------------------------------------------------------------

    def extract(self, text: str, published: date | None = None) -> list[Fact]:
        if not text or not self._has_parks:
            return []
        facts: list[Fact] = []
        last_park = None
        period: tuple[str, int | None] = ("", None)  # the last dated period in this paragraph
        offset = 0
        for sentence in SENTENCE_END.split(text):
            if sentence.strip():
                got, last_park = self._sentence(sentence, offset, last_park, published)
                for f in got:
                    # news names the year once, then goes on: a sentence without its own
                    # period is read in the one the paragraph set
                    facts.append(f if f.period or not period[0] else
                                 replace(f, period=period[0], year=period[1]))
                named = _period(sentence, sentence, published)
                if named[1] is not None:
                    period = named
            if sentence.endswith("\n"):
                period = ("", None)
            offset += len(sentence)
        return facts

    # ---- one sentence ---------------------------------------------------------------------

    def _sentence(self, sentence, offset, last_park, published):
        park_spans = [(end - len(name) + 1, end + 1, key)
                      for end, (name, key) in self._parks.iter_long(sentence)]
        if (not park_spans and last_park is None) or not FIGURE_HINT.search(sentence):
            return [], (park_spans[-1][2] if park_spans else last_park)
        masked = list(sentence)
        for s, e, _k in park_spans:
            masked[s:e] = "□" * (e - s)
        masked = "".join(masked)

        facts: list[Fact] = []
        subject = None  # running subject: ("park", key) | ("joint", keys) | ("other",)
        carried: dict[str, str] = {}  # unit class → metric, from earlier clauses
        target = False
        pos = 0
        for clause in CLAUSE_SEP.split(sentence):
            start, end = pos, pos + len(clause)
            pos = end + 1
            if any(w in clause for w in W.TARGET_WORDS) or TARGET_RE.search(clause):
                target = True
            mentions = self._mentions(sentence, masked, start, end, park_spans, last_park)
            head = self._clause_subject(sentence, mentions, start, end)
            figures = self._figures(sentence, start, end)
            metrics_here = self._metrics(sentence, start, end, figures, carried)
            if not target:
                facts.extend(self._assign(sentence, offset, start, end, mentions, figures,
                                          metrics_here, subject, published))
            if head is not None:
                subject = head
            set_here = {fig.cls for fig, _m in metrics_here}
            if any(not f.is_rank for f in figures):
                carried[FIGURES_SEEN] = "yes"
            for _s, _e, word in self._keywords_in(clause):
                for cls, metric in W.KEYWORDS.get(word, {}).items():
                    if cls not in set_here and cls != W.PERCENT:
                        carried[cls] = metric
            for fig, metric in metrics_here:
                if isinstance(metric, tuple):  # a change of a rate names the rate
                    carried[W.PERCENT] = metric[1]
                elif metric:
                    carried[fig.cls] = metric
        for _s, _e, key in park_spans:
            last_park = key
        return facts, last_park

    def _mentions(self, sentence, masked, start, end, park_spans, last_park) -> list[_Mention]:
        out = [_Mention(s, e, "park", k) for s, e, k in park_spans if start <= s < end]
        clause = masked[start:end]
        for e, (name, _codes) in self._regions.iter_long(clause):
            out.append(_Mention(start + e - len(name) + 1, start + e + 1, "other"))
        for m in SCOPE_RE.finditer(clause):
            out.append(_Mention(start + m.start(), start + m.end(), "other"))
        for m in ORG_RE.finditer(clause):
            out.append(_Mention(start + m.start(), start + m.end(), "other"))
        lead = clause.lstrip(" 　")
        dated = PERIOD_RE.match(lead)
        if dated and dated.group(0) and (dated.group("year") or dated.group("part")):
            lead = lead[dated.end():]  # 去年园区…: the time phrase comes before the subject
        if last_park is not None:
            for word in W.ANAPHORA:
                if lead.startswith(word):
                    s = start + len(clause) - len(lead)
                    out.append(_Mention(s, s + len(word), "park", last_park))
                    break
        out.sort(key=lambda m: m.start)
        clause_text = sentence[start:end]
        kept = []
        for m in out:
            before = sentence[max(start, m.start - 4):m.start]
            after = sentence[m.end:end]
            if before.endswith(PARK_OBJECT if m.kind == "park" else PLACE_OBJECT):
                continue
            if m.kind == "park" and before.endswith("在") and any(v in clause_text for v in W.EVENT_VERBS):
                continue  # 大赛在园区举行: the park is the venue
            if m.kind == "park" and after.startswith("所在"):
                continue  # 园区所在的苏州市…: the city is the subject
            kept.append(m)
        return kept

    def _clause_subject(self, sentence, mentions, start, end):
        if not mentions:
            return None
        first = mentions[0]
        if first.kind == "other":
            return ("other",)
        group = [first]
        for m in mentions[1:]:
            gap = sentence[group[-1].end:m.start]
            if gap in W.CONJUNCTIONS:
                group.append(m)
            else:
                break
        if len(group) > 1:
            if any(g.kind == "other" for g in group):
                return ("other",)  # 园区与合肥市…共同: not the park's alone
            return ("joint", tuple(g.park for g in group), group[-1].end)
        return ("park", first.park)

    # ---- figures and metrics --------------------------------------------------------------

    def _figures(self, sentence, start, end) -> list[_Figure]:
        clause = sentence[start:end]
        out: list[_Figure] = []
        ranges: list[tuple[int, int]] = []
        keyword_ends = [e for _s, e, _w in self._keywords_in(clause)]
        for m in NUMBER_RE.finditer(clause):
            if m.end() == m.start():
                continue
            num, mult, unit = m.group("num"), m.group("mult"), m.group("unit")
            if num is None and mult is None:
                continue
            if RANGE_SEP.match(clause, m.end()):
                ranges.append((m.start(), _next_number_end(clause, m.end())))
                continue
            if any(s <= m.start() < e for s, e in ranges):
                continue
            if unit is None and mult not in ("亿", "万亿"):
                continue  # a bare number (a year, a count without unit) or 万 alone
            value = _number(num) if num else Decimal(1)
            if value is None:
                continue
            if num and not num[0].isdigit() and mult is None and value < 10:
                continue  # 一家、两个: words, not statistics
            if clause[max(0, m.start() - 1):m.start()] == "第":
                continue
            cls, factor, canon = self._unit(unit, mult, clause, m.start())
            if cls is None:
                continue
            if mult:
                value *= W.MULTIPLIERS[mult]
            value = _tidy(value * factor)
            quals = _qualifiers(clause[:m.start()], clause[m.end():], m.group("a1") or m.group("a2"),
                                _window_start(keyword_ends, m.start()))
            out.append(_Figure(start + m.start(), start + m.end(), value, cls, canon, m.group(0), quals))
        for m in RANK_RE.finditer(clause):
            value = _number(m.group("num"))
            if value is None or value <= 0:
                continue
            quals = _qualifiers(clause[:m.start()], "", None, _window_start(keyword_ends, m.start()))
            out.append(_Figure(start + m.start(), start + m.end(), value, "rank", "位", m.group(0), quals,
                               is_rank=True))
        out.sort(key=lambda f: f.start)
        return out

    @staticmethod
    def _unit(unit, mult, clause, at):
        if unit is None:  # 千亿, 万亿: money without 元
            return W.MONEY, Decimal("1E-8"), "亿元"
        cls, factor = W.UNITS[unit]
        if cls == W.MONEY:
            return cls, factor, "亿美元" if unit == "美元" else "亿元"
        if unit == "名" and clause[max(0, at - 1):at] == "第":
            return None, None, None
        return cls, factor, W.CLASS_UNIT.get(cls, unit)

    def _keywords_in(self, text):
        return [(e - len(w) + 1, e + 1, w) for e, w in self._keywords.iter_long(text)]

    def _metrics(self, sentence, start, end, figures, carried) -> list[tuple[_Figure, str | None]]:
        """Each figure with its metric, or None when it is not a park total."""
        clause = sentence[start:end]
        words = self._keywords_in(clause)
        out = []
        for fig in figures:
            at = fig.start - start
            before = [(s, e, w) for s, e, w in words if e <= at]
            metric = self._metric_for(fig, clause, at, before, words, carried)
            out.append((fig, metric))
        return out

    def _metric_for(self, fig, clause, at, before, words, carried):
        if fig.cls == W.POINTS:
            rate = _last_rate_word(clause[:at])
            if rate is None:
                rate = next((w for _s, _e, w in reversed(before) if W.PERCENT in W.KEYWORDS.get(w, {})), None)
            return ("rate-change", _rate_metric(rate)) if rate else None
        if any(w in W.PER_UNIT for _s, _e, w in before):
            return None
        lead = clause[:at].rstrip("约近超过达到为了")
        if fig.cls not in (W.PERCENT, "rank") and lead.endswith(W.DIFFERENCE_BEFORE):
            return None
        if fig.is_rank:
            if not any(w in W.RANK_WORDS for _s, _e, w in before):
                return None
            if any(w not in W.RANK_WORDS and w not in W.PER_UNIT for _s, _e, w in before):
                return None  # 增速居全省第一: the rank of another figure
            if "综合" not in clause[:at] and carried.get(FIGURES_SEEN):
                return None  # …上市企业75家，居全国第二: the rank of that figure
            return "排名"
        if fig.cls == W.PERCENT:
            text_before = clause[:at]
            rate = _last_rate_word(text_before)
            if rate and any(c in text_before[text_before.rfind(rate) + len(rate):] for c in W.RATE_CHANGES):
                return ("rate-change", _rate_metric(rate))
            if lead.endswith(("高于", "低于", "高出", "低出")):
                return None
        metric = None
        chosen = None
        for s, _e, w in reversed(before):
            m = W.KEYWORDS.get(w, {}).get(fig.cls)
            if m:
                metric, chosen = m, (s, w)
                break
        if metric is None and fig.cls == W.PERCENT:
            tail = clause[at + len(fig.raw):]
            if re.match(r"(?:以上|左右)?(?:的)?(?:增长|增速)", tail):
                return "增速"
        if metric is None and fig.cls in (W.FIRMS, W.ITEMS) and re.search(
            r"(拥有|有|集聚|聚集|汇聚|引进|培育|新增|入驻|落户|签约|认定)[^，。]{0,4}$", clause[:at]
        ):
            after = clause[at + len(fig.raw):]
            for s, _e, w in self._keywords_in(after[:8]):
                m = W.KEYWORDS.get(w, {}).get(fig.cls)
                if m:
                    metric, chosen = m, (at + len(fig.raw) + s, w)
                    break
        if metric is None:
            metric = carried.get(fig.cls)
            if not isinstance(metric, str):
                return None
            if metric.startswith("新增") and any(t in clause for t in W.TOTAL_WORDS):
                metric = metric[2:]
            elif not metric.startswith("新增") and fig.cls != W.PERCENT and any(
                    p in clause[:at] for p in W.NEW_PREFIX):
                metric = "新增" + metric
            return metric
        if "率" in clause[chosen[0] + len(chosen[1]):at].replace("增长率", ""):
            return None  # 增长的贡献率: another rate than the keyword's
        if fig.cls == W.PERCENT and chosen[1] in W.DECLINE:
            fig.value = -fig.value
        if metric == "项目数" and "签约" in clause[: chosen[0]]:
            metric = "签约项目数"
        if fig.cls != W.PERCENT and any(p in clause[: chosen[0] + len(chosen[1])] for p in W.NEW_PREFIX):
            metric = "新增" + metric
        return metric

    # ---- subjects -------------------------------------------------------------------------

    def _assign(self, sentence, offset, start, end, mentions, figures, metrics, subject, published):
        facts = []
        clause = sentence[start:end]
        respectively = "分别" in clause
        joint_figs: list[tuple[_Figure, str]] = []
        joint_keys = None
        for fig, metric in metrics:
            if not isinstance(metric, str):
                continue
            subj = self._subject_before(sentence, mentions, fig.start) or subject
            if subj is None or subj[0] == "other":
                continue
            if subj[0] == "joint":
                if respectively and fig.start > start + clause.find("分别") and fig.start > subj[2]:
                    joint_figs.append((fig, metric))
                    joint_keys = subj[1]
                continue
            facts.append(self._fact(subj[1], metric, fig, sentence, offset, published))
        if joint_keys and len(joint_figs) == len(joint_keys):
            for key, (fig, metric) in zip(joint_keys, joint_figs, strict=True):
                facts.append(self._fact(key, metric, fig, sentence, offset, published))
        return facts

    def _subject_before(self, sentence, mentions, at):
        before = [m for m in mentions if m.end <= at]
        if not before:
            return None
        return self._clause_subject(sentence, before, before[0].start, at)

    def _fact(self, park, metric, fig, sentence, offset, published) -> Fact:
        period, year = _period(sentence[: fig.start], sentence, published)
        return Fact(
            park=park, metric=metric, value=fig.value, unit=fig.unit,
            qualifier="".join(dict.fromkeys(fig.qualifiers)), period=period, year=year,
            sentence=sentence.strip(), start=offset + fig.start, end=offset + fig.end, raw=fig.raw,
        )


def _last_rate_word(text: str) -> str | None:
    found = [(text.rfind(w), w) for w in W.RATE_WORDS if w in text]
    return max(found)[1] if found else None


def _rate_metric(word: str) -> str:
    return W.KEYWORDS.get(word, {}).get(W.PERCENT) or ("占比" if word in ("占比", "比重") else "增速")


def _number(text: str) -> Decimal | None:
    if text[0].isdigit():
        try:
            return Decimal(text.replace(",", "").replace("，", ""))
        except InvalidOperation:
            return None
    return cn_number(text)


def _tidy(value: Decimal) -> Decimal:
    """Round away float-like tails from scaling (1500 亩 → 1 km²), keep the significant digits."""
    value = value.quantize(Decimal("1E-6")) if abs(value) >= Decimal("0.001") else value
    value = value.normalize()
    return value.quantize(Decimal(1)) if value == value.to_integral() else value


def _next_number_end(clause: str, at: int) -> int:
    m = re.compile(r"\s*[至到\-—–~～]\s*").match(clause, at)
    n = NUMBER_RE.match(clause, m.end() if m else at)
    return n.end() if n else at


def _window_start(keyword_ends: list[int], at: int) -> int:
    """Qualifiers are read after the last keyword before the figure: 签约 must not read as 约."""
    ends = [e for e in keyword_ends if e <= at]
    return max(ends) if ends else max(0, at - 8)


def _qualifiers(before: str, after: str, approx: str | None, window_start: int = 0) -> list[str]:
    found = []
    window = before[max(window_start, len(before) - 8):]
    for word, q in W.QUALIFIERS_BEFORE:
        if word in window and q not in found:
            found.append(q)
    if "同比" in before and "同比" not in found:
        found.insert(0, "同比")
    if "累计" in before and "累计" not in found:
        found.insert(0, "累计")
    if approx and "超" not in found:
        found.append("超")
    for word, q in W.QUALIFIERS_AFTER:
        if after.startswith(word) and q not in found:
            found.append(q)
    order = ["累计", "同比", "环比", "超", "约", "达"]
    return sorted(found, key=order.index)


def _period(before: str, sentence: str, published: date | None) -> tuple[str, int | None]:
    """The nearest period named before the figure (else anywhere in the sentence)."""
    best = None
    for m in PERIOD_RE.finditer(before):
        if m.group(0) and (m.group("year") or m.group("part")):
            best = m
    if best is None:
        for m in PERIOD_RE.finditer(sentence):
            if m.group(0) and (m.group("year") or m.group("part")):
                best = m
                break
    if best is None:
        return "", None
    year_text, part = best.group("year"), best.group("part") or ""
    year = None
    if year_text and year_text[0].isdigit():
        year = int(year_text[:4])
    elif published is not None:
        year = published.year - {"今年": 0, "去年": 1, "上年": 1, "前年": 2, None: 0}[year_text]
    if part in ("底", "末"):
        part = "年" + part
    if year is None:
        return (year_text or "") + part, None
    return f"{year}年{part}".replace("年年", "年"), year


def extract_facts(text: str, parks: Iterable[tuple[Hashable, Iterable[str]]],
                  published: date | None = None) -> list[Fact]:
    """One-off convenience; build a :class:`FactExtractor` to reuse the compiled names."""
    return FactExtractor(parks).extract(text, published)
