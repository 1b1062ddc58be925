"""Region recognition down to district level from a gazetteer of China's divisions.

The gazetteer (``data/gazetteer.tsv``) holds the 6-digit division codes and names of the
34 provinces, 344 prefecture-level and ~3,100 county-level units; it comes from cpca's
resources (MIT). We match names with Aho-Corasick, longest first, and decide between
same-named districts (six 鼓楼区, two 朝阳区, ...) from the other places the text names:
a candidate whose city or province is also mentioned wins; with no such evidence the
mention is left out rather than guessed.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass
from importlib import resources

import ahocorasick

PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
PROVINCE_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")
CITY_SUFFIXES = ("自治州", "地区", "盟", "市")
# Short forms that are also everyday words; the full name still matches.
SHORT_STOP = {"和平", "新华", "城中", "城东", "城西", "城北", "城南", "长安", "白云", "南山", "江北",
              "河东", "河西", "市中", "郊区", "矿区", "开发", "高新", "新区", "中山", "通州"}
SHORT_STOP -= {"中山", "通州"}  # cities people do name by their short form


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


class Gazetteer:
    def __init__(self, rows: list[tuple[str, str]]):
        self.by_code: dict[str, Division] = {}
        for code, name in rows:
            if name not in PLACEHOLDERS:
                self.by_code[code] = Division(code, name)
        names: dict[str, set[str]] = {}
        short: dict[str, set[str]] = {}
        for div in self.by_code.values():
            names.setdefault(div.name, set()).add(div.code)
            for s in self._short_forms(div):
                short.setdefault(s, set()).add(div.code)
        for s, codes in short.items():
            if s in names:
                continue  # a full name wins over somebody's short form
            # 吉林 is a province and a city: a short form means the highest level.
            top = min(len(c.rstrip("0")) for c in codes)
            names[s] = {c for c in codes if len(c.rstrip("0")) == top}
        self.names = names
        self.automaton = ahocorasick.Automaton()
        for name, codes in names.items():
            self.automaton.add_word(name, (name, tuple(sorted(codes))))
        self.automaton.make_automaton()

    @staticmethod
    def _short_forms(div: Division) -> list[str]:
        suffixes = {"province": PROVINCE_SUFFIXES, "city": CITY_SUFFIXES}.get(div.level, ("市",))
        for suffix in suffixes:
            if div.name.endswith(suffix):
                base = div.name[: -len(suffix)]
                if len(base) >= 2 and base not in SHORT_STOP:
                    return [base]
                return []
        return []

    def all_names(self) -> list[str]:
        return list(self.names)

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

    def find(self, text: str, hints: tuple[str, ...] = ()) -> list[Region]:
        """Regions named in ``text``; ``hints`` are names known from elsewhere (a park's city)."""
        mentions: list[tuple[str, tuple[str, ...]]] = []
        for _end, (name, codes) in self.automaton.iter_long(text or ""):
            mentions.append((name, codes))
        context: set[str] = set()
        for hint in hints:
            for code in self.names.get(hint, ()):
                context.update(self._ancestry(code))
        for _name, codes in mentions:
            if len(codes) == 1:
                context.update(self._ancestry(codes[0]))
        counts: Counter[str] = Counter()
        for _name, codes in mentions:
            code = codes[0] if len(codes) == 1 else self._resolve(codes, context)
            if code:
                counts[code] += 1
        implied: set[str] = set()
        for code in counts:
            implied.update(c for c in self._ancestry(code) if c != code)
        out = []
        for code in sorted(set(counts) | implied):
            div = self.by_code[code]
            out.append(Region(code, self.display_name(div), div.level, counts.get(code, 0)))
        out.sort(key=lambda r: (-r.count, r.code))
        return out

    def _ancestry(self, code: str) -> list[str]:
        div = self.by_code.get(code)
        chain = []
        while div is not None:
            chain.append(div.code)
            div = self.parent(div)
        return chain

    def _resolve(self, codes: tuple[str, ...], context: set[str]) -> str | None:
        """Pick the same-named division whose city or province the text also names."""
        scored = []
        for code in codes:
            div = self.by_code[code]
            score = 0
            if div.level == "district" and div.city_code != code and div.city_code in context:
                score += 2
            if div.province_code != code and div.province_code in context:
                score += 1
            scored.append((score, code))
        scored.sort(reverse=True)
        if scored[0][0] > 0 and (len(scored) == 1 or scored[0][0] > scored[1][0]):
            return scored[0][1]
        return None


@functools.cache
def gazetteer() -> Gazetteer:
    text = resources.files("parkpulse.textkit").joinpath("data/gazetteer.tsv").read_text("utf-8")
    rows = []
    for line in text.splitlines():
        if line and not line.startswith("#"):
            code, name = line.split("\t")
            rows.append((code, name))
    return Gazetteer(rows)


def find_regions(text: str, hints: tuple[str, ...] = ()) -> list[Region]:
    """Regions (province, city, district) named in ``text``, same-named districts resolved."""
    return gazetteer().find(text, hints)
