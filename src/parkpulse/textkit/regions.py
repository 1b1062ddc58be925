"""Places named in a text, down to district level, from a gazetteer of China's divisions.

The gazetteer (``data/gazetteer.tsv``) holds the 6-digit division codes and names of the
34 provinces, 344 prefecture-level and ~3,100 county-level units; it comes from cpca's
resources (MIT). A place is tagged only when the text supports it:

* **Whole words only.** A name must start and end on a word boundary of the jieba
  segmentation (合作市场 is 合作/市场, not 合作市; 中山大学 and 蓝天白云 are one word each).
  A name may also open a park's name (苏州 in 苏州工业园区).
* **Full names** (合作市, 甘南藏族自治州, 海淀区) count by themselves when only one division
  bears them.
* **Short names** (the name without 省/市/区/县/自治州…: 江苏, 苏州, 昆山, 海淀) count by
  themselves only for provinces and prefecture-level cities. A county or district's short
  name needs context: its city named anywhere in the text (or the city of a park the text
  names), or its province or city written right before it (浙江临安).
* **Common words** (合作, 朝阳, 和平, 东方, 新区… — a hand list plus every short name that
  jieba's dictionary knows as a frequent non-place word) count only right after their
  province or city (辽宁朝阳, 北京朝阳), and a short name followed by an organisation or
  street word (中山大学, 长安汽车, 东方电气, 中山路, 江北新区) is not a place at all.
* **Same-named divisions** (six 鼓楼区, two 朝阳区, …) are decided by the other places the
  text names (its city +2, its province +1, written right before it +3); with no such
  evidence the mention is dropped, not guessed.

Parents are implied (海淀区 → 北京市). Plain data in, plain data out.
"""

from __future__ import annotations

import functools
import os
import re
from collections import Counter
from dataclasses import dataclass
from importlib import resources

import ahocorasick

PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
PROVINCE_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")
CITY_SUFFIXES = ("自治州", "地区", "盟", "市")
DISTRICT_SUFFIXES = ("自治县", "自治旗", "新区", "林区", "特区", "市", "区", "县", "旗")
# The 55 minority names that autonomous units carry between place and suffix
# (甘南藏族自治州 → 甘南, 围场满族蒙古族自治县 → 围场).
ETHNIC = sorted(
    """蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水
    东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克
    俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各族""".split(),
    key=len, reverse=True,
)
# Names that are everyday words or brand names first and places second. Their full names
# (和平区, 朝阳区) still count; the bare word needs its province or city right before it.
COMMON_WORDS = frozenset(
    """合作 朝阳 白云 和平 青山 东方 中山 长安 新区 江北 江南 新华 城中 城东 城西 城北 城南 东城 西城 新城
    河东 河西 市中 郊区 矿区 城区 开发 高新 光明 红旗 前进 胜利 复兴 民主 长寿 太平 永安 平安 吉利 方正 中方
    东风 阿里 宝安 金沙 西湖 滨海 金山 银川 南山 北海 龙华 华龙 新市 城关 中原 海港 大同 东港 永定 通州
    铁东 铁西 向阳 解放 建设 红星 新兴 长城 安定 和田 福田 龙岗 天河 海珠 白山 黄山 泰山 华山 衡山 庐山
    金华 江山 东山 西山 北山 中华 桥西 桥东 青龙 石门 金川 正阳 昌平 安居 三元 五华 城阳 通化 仁和 龙泉
    新都 临江 金湖 长青 广阳 光山 和顺 兴隆 永和 太和 清河 新民 开阳 合山 江城 西区 东区 南区 北区 中区
    白银 日照 来宾 安康 开封 长治 海西 山南 江门 四平""".split()
)
# Cities that are named by themselves far more often than the word is used otherwise.
COMMON_WORDS -= {"银川", "大同", "金华", "黄山", "北海", "通化", "白山", "和田", "开封", "江门", "四平"}
# After a short name these words make it part of a road's, a time's or an area's name
# (中山路, 北京时间, 长安号, 江北新区), whatever the name.
STREET_AFTER = re.compile(r"^(大道|大街|街道|路|街|巷|号|时间)")
# 兰州新区 lies in 兰州, but 江北新区 is in 南京, not in any 江北区: after a county's or
# district's short name, 新区 names another area.
AREA_AFTER = re.compile(r"^新区")
# Companies and landmarks whose names start with a place they are not about (宁德时代 is in
# the news for its plants everywhere); masked before matching.
ORG_NAMES = (
    "宁德时代", "东方航空", "东方明珠", "东方电气", "东方财富", "东方红", "长安汽车", "长城汽车", "吉利汽车",
    "东风汽车", "中山大学", "中山装", "平安银行", "平安保险", "中国平安", "华夏银行", "太平洋", "光明乳业",
    "阿里巴巴", "阿里云", "复兴号", "和谐号", "长安号", "红旗轿车", "金山软件", "西湖龙井",
)
# After a name that is also a common word, these make it an organisation's name (中山大学,
# 长安汽车, 东方电气, 白云机场); after 南京 or 四川 the organisation is in that place.
ORG_AFTER = re.compile(
    r"^(大学|学院|学校|中学|小学|电气|电器|集团|银行|医院|证券|股份|公司|控股|药业|制药|"
    r"巴巴|电视|日报|晚报|卫视|队|杯|牌|商场|广场|公园|机场|乳业|油田|保险)"
)
# A place name may open a park's or an institution's name, which jieba keeps as one word
# (苏州工业园区, 上海证券交易所, 南京大学).
PARK_WORD = re.compile(
    r"(园区|开发区|高新区|经开区|产业园|工业园|科技园|经济区|保税区|自贸区|试验区|示范区|科技城|科学城|新城|港区|港|基地"
    r"|大学|学院|交易所|银行|医院|集团|机场|海关|日报)$"
)
PARK_HEAD = re.compile(r"(经济技术开发区|高新技术产业开发区|开发区|高新区|经开区|工业园区|综合保税区|保税区)")
PLACE_TAGS = {"ns"}  # jieba's part-of-speech tag for place names
COMMON_MIN_FREQ = 500  # a short name jieba knows this often as another part of speech is a word


@dataclass(frozen=True)
class Division:
    code: str
    name: str

    @property
    def level(self) -> str:
        if self.code.endswith("0000"):
            return "province"
        if self.code.endswith("00"):
            return "city"
        return "district"

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0000"

    @property
    def city_code(self) -> str:
        return self.code[:4] + "00"


@dataclass(frozen=True)
class Region:
    code: str
    name: str  # display name, with its city for a district: 北京市朝阳区
    level: str  # province / city / district
    count: int  # mentions in the text (0: implied by a district or city below it)


@dataclass
class _Mention:
    start: int
    end: int
    name: str
    full: tuple[str, ...]  # codes of divisions whose full name this is
    short: tuple[str, ...]  # codes of divisions whose short name this is
    code: str | None = None


def strip_ethnic(base: str) -> str:
    changed = True
    while changed:
        changed = False
        for e in ETHNIC:
            for form in (e + "族", e):
                if base.endswith(form) and len(base) - len(form) >= 2:
                    base = base[: -len(form)]
                    changed = True
                    break
            if changed:
                break
    return base


def short_form(div: Division) -> str | None:
    """The name without its suffix (甘南藏族自治州 → 甘南), or None when too short."""
    suffixes = {"province": PROVINCE_SUFFIXES, "city": CITY_SUFFIXES}.get(div.level, DISTRICT_SUFFIXES)
    for suffix in suffixes:
        if div.name.endswith(suffix):
            base = div.name[: -len(suffix)]
            if "自治" in suffix or suffix.endswith("族自治区"):
                base = strip_ethnic(base)
            return base if len(base) >= 2 else None
    return None


@functools.cache
def _jieba_words() -> dict[str, tuple[int, str]]:
    import jieba

    out = {}
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3 and 2 <= len(parts[0]) <= 4:
                out[parts[0]] = (int(parts[1]), parts[2])
    return out


def is_common_word(name: str) -> bool:
    """A word jieba knows often and not as a place name (jieba's tags are too rough to be
    trusted for cities: it tags 大连 and 保定 as nouns, so this is asked of counties only)."""
    freq, tag = _jieba_words().get(name, (0, "ns"))
    return freq >= COMMON_MIN_FREQ and tag not in PLACE_TAGS


class Gazetteer:
    def __init__(self, rows: list[tuple[str, str]]):
        self.by_code: dict[str, Division] = {}
        for code, name in rows:
            if name not in PLACEHOLDERS:
                self.by_code[code] = Division(code, name)
        full: dict[str, set[str]] = {}
        short: dict[str, set[str]] = {}
        for div in self.by_code.values():
            full.setdefault(div.name, set()).add(div.code)
            s = short_form(div)
            if s:
                short.setdefault(s, set()).add(div.code)
                if div.name.endswith("自治州"):
                    full.setdefault(s + "州", set()).add(div.code)  # 红河州, 昌吉州, 甘南州
        self.full = {k: tuple(sorted(v)) for k, v in full.items()}
        self.short = {k: tuple(sorted(v)) for k, v in short.items() if k not in full}
        self.names = {**{k: v for k, v in self.short.items()}, **self.full}
        self.common = frozenset(
            n for n in self.names
            if n in COMMON_WORDS
            or (n in self.short and all(self.by_code[c].level == "district" for c in self.short[n])
                and is_common_word(n))
        )
        self.automaton = ahocorasick.Automaton()
        for name, codes in self.names.items():
            # (name, codes): the value other modules (textkit.facts) read from the automaton
            self.automaton.add_word(name, (name, codes))
        self.automaton.make_automaton()

    def all_names(self) -> list[str]:
        """Names for the tokenizer's dictionary: common words keep jieba's own reading."""
        return [n for n in self.names if n not in self.common or n in self.full]

    def parent(self, div: Division) -> Division | None:
        if div.level == "district":
            return self.by_code.get(div.city_code) or self.by_code.get(div.province_code)
        if div.level == "city":
            return self.by_code.get(div.province_code)
        return None

    def display_name(self, div: Division) -> str:
        if div.level == "district":
            up = self.parent(div)
            return f"{up.name}{div.name}" if up else div.name
        return div.name

    def ancestry(self, code: str) -> list[str]:
        div = self.by_code.get(code)
        chain = []
        while div is not None:
            chain.append(div.code)
            div = self.parent(div)
        return chain

    # -- finding ------------------------------------------------------------------------

    def mentions(self, text: str, tokenizer=None) -> list[_Mention]:
        """Whole-word, non-overlapping name matches, longest first."""
        if tokenizer is None:
            from parkpulse.textkit.tokenize import default_tokenizer

            tokenizer = default_tokenizer()
        for org in ORG_NAMES:
            if org in text:
                text = text.replace(org, "\u3000" * len(org))
        spans = tokenizer.spans(text)
        bounds = {0, len(text)}
        park_starts = set()
        for word, a, b in spans:
            bounds.update((a, b))
            if PARK_WORD.search(word):
                park_starts.add(a)
            for i in range(2, len(word) - 1):  # jieba's one word 广西北海 is 广西 + 北海
                if word[:i] in self.names and word[i:] in self.names:
                    bounds.add(a + i)
        found = []
        for end, (name, _codes) in self.automaton.iter(text):
            start, stop = end - len(name) + 1, end + 1
            if start not in bounds:
                continue
            if stop not in bounds and start not in park_starts:
                continue
            found.append((start, stop, name))
        found.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
        taken: list[tuple[int, int, str]] = []
        for m in found:
            if all(m[1] <= t[0] or m[0] >= t[1] for t in taken):
                taken.append(m)
        taken.sort()
        out = []
        for start, stop, name in taken:
            full = self.full.get(name, ())
            after = text[stop:stop + 2]
            if not full and (
                STREET_AFTER.match(after)
                or (name in self.common and ORG_AFTER.match(after))
                or (AREA_AFTER.match(after) and not self._is_top(name))
            ):
                continue  # 中山路, 江北新区, 中山大学: not the place itself
            out.append(_Mention(start, stop, name, full, self.short.get(name, ())))
        return out

    def _is_top(self, name: str) -> bool:
        """A short name that means one province or prefecture-level city by itself."""
        m = _Mention(0, 0, name, (), self.short.get(name, ()))
        return bool(m.short) and self._anchor(m) is not None

    def _anchor(self, m: _Mention, declared: bool = False) -> str | None:
        """The division a mention names by itself, without context (or None).

        ``declared``: the text is a list of places (a form's region field), so a county's
        short name or a common word (昆山, 朝阳) is meant as the place."""
        if m.name in self.common and not declared:
            return None
        if m.full:
            return m.full[0] if len(m.full) == 1 else None
        top = min(len(c.rstrip("0")) for c in m.short)
        tops = [c for c in m.short if len(c.rstrip("0")) == top]
        if len(tops) == 1 and (declared or self.by_code[tops[0]].level in ("province", "city")):
            return tops[0]
        return None

    def _opens_park(self, m: _Mention, text: str) -> str | None:
        """A county-level city's short name opening a park's name (昆山开发区, 江阴高新区)."""
        if m.full or len(m.short) != 1 or m.name in self.common:
            return None
        div = self.by_code[m.short[0]]
        if div.level != "district" or not div.name.endswith("市"):
            return None
        return div.code if PARK_HEAD.match(text[m.end:m.end + 8]) else None

    def _hint_codes(self, hints: tuple[str, ...]) -> set[str]:
        context: set[str] = set()
        pending = []
        for hint in hints:
            codes = self.full.get(hint) or self.short.get(hint) or ()
            if len(codes) == 1:
                context.update(self.ancestry(codes[0]))
            elif codes:
                pending.append(codes)
        for codes in pending:  # a park's 朝阳区, decided by the park's own city
            inside = [c for c in codes if set(self.ancestry(c)[1:]) & context]
            if len(inside) == 1:
                context.update(self.ancestry(inside[0]))
        return context

    def find(
        self, text: str, hints: tuple[str, ...] = (), tokenizer=None, *, declared: bool = False,
    ) -> list[Region]:
        """Regions named in ``text``; ``hints`` are places known from elsewhere (a park's city);
        ``declared``: ``text`` is a list of places, not prose (see ``_anchor``)."""
        text = text or ""
        mentions = self.mentions(text, tokenizer)
        context = self._hint_codes(hints)
        for m in mentions:
            m.code = self._anchor(m, declared) or self._opens_park(m, text)
            if m.code:
                context.update(self.ancestry(m.code))
        previous: _Mention | None = None
        for m in mentions:
            if m.code is None:
                after = previous.code if previous and previous.end == m.start else None
                m.code = self._resolve(m, context, after)
            previous = m
        counts: Counter[str] = Counter(m.code for m in mentions if m.code)
        implied: set[str] = set()
        for code in counts:
            implied.update(c for c in self.ancestry(code) if c != code)
        out = []
        for code in sorted(set(counts) | implied):
            div = self.by_code[code]
            out.append(Region(code, self.display_name(div), div.level, counts.get(code, 0)))
        out.sort(key=lambda r: (-r.count, r.code))
        return out

    def _resolve(self, m: _Mention, context: set[str], after: str | None) -> str | None:
        """Decide a mention that needs context; ``after`` is the place written right before it."""
        common = m.name in self.common
        scored = []
        for code in m.full or m.short:
            div = self.by_code[code]
            up = set(self.ancestry(code)[1:])
            adjacent = after is not None and after in up
            in_city = div.level == "district" and div.city_code in up and div.city_code in context
            in_province = div.province_code in up and div.province_code in context
            if common and not adjacent:
                continue
            if not m.full and not adjacent:
                # A short name with its city named elsewhere; a province alone is too weak
                # (陕西…新城), except for units right under the province (仙桃, 济源).
                direct = div.level == "city" or div.city_code not in self.by_code
                if not (in_city or (direct and in_province)):
                    continue
            score = 3 * adjacent + 2 * in_city + in_province
            if score:
                scored.append((score, code))
        if not scored:
            return None
        best = max(score for score, _ in scored)
        top = [code for score, code in scored if score == best]
        if len(top) > 1:  # 辽宁朝阳: the city 朝阳市 rather than its 朝阳县
            level = min(len(c.rstrip("0")) for c in top)
            top = [c for c in top if len(c.rstrip("0")) == level]
        return top[0] if len(top) == 1 else None


@functools.cache
def gazetteer() -> Gazetteer:
    text = resources.files("parkpulse.textkit").joinpath("data/gazetteer.tsv").read_text("utf-8")
    rows = []
    for line in text.splitlines():
        if line and not line.startswith("#"):
            code, name = line.split("\t")
            rows.append((code, name))
    return Gazetteer(rows)


def find_regions(
    text: str, hints: tuple[str, ...] = (), tokenizer=None, *, declared: bool = False,
) -> list[Region]:
    """Regions (province, city, district) named in ``text``, same-named districts resolved.

    ``declared=True`` for a text that is a list of places (a form's region field: 昆山、朝阳),
    where every unambiguous name counts by itself."""
    return gazetteer().find(text, hints, tokenizer, declared=declared)
