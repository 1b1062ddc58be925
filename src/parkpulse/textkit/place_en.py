"""English names of China's divisions for /en/ pages, romanised from the gazetteer's Chinese:
江苏省 → Jiangsu, 苏州市 → Suzhou, 甘南藏族自治州 → Gannan Prefecture, and a district with
its city as the Chinese tag name has it: 北京市朝阳区 → Chaoyang District, Beijing.

The gazetteer (``data/gazetteer.tsv``) holds no English, so the names are pinyin from
pypinyin, read over the whole name so that a polyphonic character takes its reading in
the place's name (重庆 Chongqing, 长春 Changchun); the few names whose usual English is not
plain pinyin, or that pypinyin reads wrongly, are written out in ``SPELLINGS``. Plain data
in, plain data out.
"""

from __future__ import annotations

import functools
from importlib import resources

from pypinyin import Style, lazy_pinyin

from parkpulse.textkit.regions import (
    CITY_SUFFIXES,
    DISTRICT_SUFFIXES,
    PLACEHOLDERS,
    PROVINCE_SUFFIXES,
    Division,
    strip_ethnic,
)

# Usual English spellings that plain pinyin does not give (陕西 and 山西 are both "shanxi";
# pypinyin reads 朝阳 as zhāoyáng, the word "morning sun", outside 朝阳区; the usual
# English of a few cities is not their pinyin).
SPELLINGS = {
    "陕西": "Shaanxi", "内蒙古": "Inner Mongolia", "香港": "Hong Kong", "澳门": "Macao",
    "朝阳": "Chaoyang", "乌鲁木齐": "Urumqi", "呼和浩特": "Hohhot", "哈尔滨": "Harbin",
}
# The level words in English; "" for a city, named by its name alone (Suzhou, Kunshan).
LEVEL_WORDS = {
    "自治州": "Prefecture", "地区": "Prefecture", "盟": "League", "自治县": "Autonomous County",
    "自治旗": "Autonomous Banner", "新区": "New Area", "林区": "Forestry District",
    "特区": "Special District", "区": "District", "县": "County", "旗": "Banner", "市": "",
}


@functools.cache
def divisions() -> dict[str, Division]:
    """The gazetteer's divisions by code, read without the tagger's automaton."""
    text = resources.files("parkpulse.textkit").joinpath("data/gazetteer.tsv").read_text("utf-8")
    out = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            code, name = line.split("\t")
            if name not in PLACEHOLDERS:
                out[code] = Division(code, name)
    return out


def romanise(name: str, base_len: int | None = None) -> str:
    """Pinyin of the first ``base_len`` characters of ``name`` (all of it by default), read
    in the context of the whole name, as one capitalised word: 苏州 → Suzhou, 西安 → Xi'an."""
    syllables = lazy_pinyin(name, style=Style.NORMAL, v_to_u=True)
    if len(syllables) != len(name):  # not all Han characters: read the part alone
        syllables = lazy_pinyin(name[:base_len], style=Style.NORMAL, v_to_u=True)
    else:
        syllables = syllables[:base_len]
    word = ""
    for s in syllables:
        word += ("'" if word and s[:1] in "aoe" else "") + s
    return word[:1].upper() + word[1:]


def _base_and_level(div: Division) -> tuple[str, str]:
    """The place word and its level word: 甘南藏族自治州 → (甘南, 自治州)."""
    suffixes = {"province": PROVINCE_SUFFIXES, "city": CITY_SUFFIXES}.get(div.level, DISTRICT_SUFFIXES)
    for suffix in sorted(suffixes, key=len, reverse=True):
        if div.name.endswith(suffix) and len(div.name) > len(suffix):
            base = div.name[: -len(suffix)]
            if "自治" in suffix:
                base = strip_ethnic(base)
            return base, suffix
    return div.name, ""


def division_english(div: Division) -> str:
    """One division's own English name, without its parent: Chaoyang District, Suzhou."""
    base, level = _base_and_level(div)
    word = SPELLINGS.get(base) or romanise(div.name, len(base))
    if div.level == "province":
        return word
    level_word = LEVEL_WORDS.get(level, "")
    return f"{word} {level_word}" if level_word else word


def _parent(div: Division) -> Division | None:
    table = divisions()
    if div.level == "district":
        return table.get(div.city_code) or table.get(div.province_code)
    if div.level == "city":
        return table.get(div.province_code)
    return None


def english_name(code: str) -> str | None:
    """The English name of the division with this code, as its tag shows it (a district
    with its city: Chaoyang District, Beijing); None for an unknown code."""
    div = divisions().get(code)
    if div is None:
        return None
    own = division_english(div)
    if div.level == "district":
        up = _parent(div)
        if up is not None:
            return f"{own}, {division_english(up)}"
    return own
