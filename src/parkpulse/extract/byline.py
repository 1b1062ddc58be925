"""Authors from Chinese bylines: 作者：, 记者, 文/, 执笔, （记者 某某）, 责任编辑, by ...

A name after a clear label (作者：) is taken as written (pen names, blog handles); a name found
by a weaker cue (记者 without a colon, a name in parentheses at the end of the text, 来源：)
must look like a Chinese personal name: two to four characters starting with a common surname.
An "admin" poster account, 佚名 and the like are not authors.
"""

from __future__ import annotations

import re

# The most common Chinese surnames (single and compound), enough to tell a name from a phrase.
_SURNAMES_1 = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥"
    "南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支"
    "卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯"
    "隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
)
_SURNAMES_2 = {"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐",
               "长孙", "宇文", "司徒", "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "百里",
               "呼延", "钟离", "澹台", "万俟", "太史", "申屠", "闻人"}
_NOT_NAME = re.compile(
    r"^(?:admin|administrator|root|webmaster|editor|guest|管理员|网站管理员|系统管理员|佚名|未知|"
    r"匿名|本站|本网|小编|编辑部|网络|互联网|转载|原创|网友|记者|通讯员|unknown|none|null|by|email|e-mail|"
    r"share|print|twitter|facebook|comments?|staff|the|and|on|in|at)$", re.I)
# Words that end a name list: what follows a byline on the same line.
_STOP = re.compile(
    r"(?:来源|出处|时间|日期|发布|发表|更新|责任|编辑|点击|阅读|浏览|字号|评论|摄影|摄|报道|发自|"
    r"综合|整理|通讯员|实习生|记者|供图|图片|出自|于\d|\d|［|\[|【|\(|（|http|www|\|)")
_ORG_END = re.compile(r"(?:报|网|社|台|刊|局|部|委|会|厅|院|所|中心|公司|集团|频道|杂志|政府|办|站|处|室|组)$")

_PLACE_END = re.compile(r"[区市县省园镇村乡港湾岛]$")

CJK_NAME = r"[\u4e00-\u9fff]{2,4}(?:·[\u4e00-\u9fff]{1,8})?"
LAT_NAME = r"[A-Za-z][A-Za-z0-9_&.\-]{1,30}"
_NAME = rf"(?:{CJK_NAME}|{LAT_NAME}|[\u4e00-\u9fffA-Za-z0-9_&]{{2,12}})"

# (pattern, strong): strong labels take any name-like word, weak cues need a surname.
_LABELS = [
    # "（记者 格桑边觉）", "据新华社拉萨电（记者 某某）": a labelled name in parentheses
    (re.compile(r"[（(]\s*(?:本报|本台|新华社|中新社)?(?:记者|通讯员|实习生|作者)\s*[:：]?\s*"
                r"([^（()）]{2,40}?)\s*[）)]"), True),
    (re.compile(r"(?:作\s*者|撰\s*文|撰\s*稿|执\s*笔\s*人?|文\s*字|发布者|发表者|发帖人|投稿人|楼\s*主|博\s*主)"
                r"\s*[:：]\s*(.{1,60})"), True),
    (re.compile(r"(?:^|[\s】\]|｜])文\s*[/／|:：]\s*(.{1,40})"), True),
    # "by duscha 〓", "By Jane Smith,": a handle or capitalised names, then no more words
    (re.compile(r"(?:^|\s)(?:by|By|BY)\s+((?:[A-Z][\w.'-]*\s+){0,3}[A-Z][\w.'-]*|[A-Za-z0-9_.\-]{2,30})"
                r"(?=\s*(?:$|[^\w\s]|\d|[\u4e00-\u9fff]))"), True),
    (re.compile(r"本贴由\s*(.{1,20}?)\s*于"), True),
    (re.compile(r"由\s*(.{1,20}?)\s*张贴"), True),
    (re.compile(r"(?:^|\s)(" + LAT_NAME + r"|[\u4e00-\u9fff&]{2,8})\s+发表于"), True),
    (re.compile(r"(?:实习生|见习记者|实习记者|特约记者|首席记者|记者|通讯员)\s*[:：]?\s*(.{1,60})"), False),
    (re.compile(r"(.{2,12}?)\s*[/／]\s*文(?:\s|$|[/／])"), False),
    # "2004年7月16日08:19 [ 黄宇 ]": a name in brackets right after the time
    (re.compile(r"\d{1,2}:\d{2}\s*[\[【]\s*([\u4e00-\u9fff]{2,4})\s*[\]】]"), False),
]
_PAREN = re.compile(
    r"(?:^|[。！？”」.!?])\s*[（(]\s*(?:(?:本报|本台|新华社)?(?:记者|通讯员|实习生|文|作者)[:：]?\s*)?"
    r"([\u4e00-\u9fff]{2,4}(?:\s+[\u4e00-\u9fff]{2,4}){0,5})\s*(?:[\u4e00-\u9fff]{2,4}报道|报道)?\s*[）)]\s*$")
_EDITOR = re.compile(r"(?:责任编辑|责编|编\s*辑|编审)\s*[:：]\s*(.{1,30})|(?:责任编辑|责编)\s+(.{1,30})")
_SOURCE_PERSON = re.compile(r"来源\s*[:：]\s*([\u4e00-\u9fff]{2,4})\s*$")
_ISSUER = re.compile(r"(?:发文机关|发文单位|发布机构)\s*[:：]\s*([\u4e00-\u9fff]{2,30}?)(?:\s|成文|发文|$)")


def looks_like_name(s: str) -> bool:
    if not (2 <= len(s) <= 4) or not re.fullmatch(r"[\u4e00-\u9fff]+", s):
        return False
    return s[0] in _SURNAMES_1 or s[:2] in _SURNAMES_2


def valid(name: str) -> bool:
    n = name.strip()
    return bool(n) and len(n) <= 30 and not _NOT_NAME.match(n) and not n.lower().startswith("http")


def _names(raw: str, strong: bool) -> list[str]:
    raw = raw.strip()
    # "周思博 (Joel Spolsky)": keep a parenthesised Latin alias with its name
    alias = re.match(r"^([\u4e00-\u9fff]{2,4})\s*([(（][A-Za-z][A-Za-z .\-]{1,40}[)）])", raw)
    if alias and strong:
        return [alias.group(1), alias.group(2).replace("（", "(").replace("）", ")")]
    raw = re.sub(r"\s*[/／]\s*文.*$", "", raw)  # "马俊峰/文"
    # "信报记者 蔡雪婧", "新华日报·交汇点记者 徐睿翔": the outlet before 记者 is no name
    raw = re.sub(r"^[\u4e00-\u9fff·]{0,12}?(?:记者|通讯员|实习生)\s*", "", raw)
    cut = _STOP.search(raw)
    if cut:
        raw = raw[:cut.start()]
    parts = [p for p in re.split(r"[\s、,，;；/／（）()]+", raw.strip(" :：·")) if p]
    out = []
    for p in parts:
        if not valid(p):
            break
        if strong:
            if not re.fullmatch(_NAME, p):
                break
        elif not looks_like_name(p):
            break
        out.append(p)
        if len(out) >= 6:
            break
    return out


def from_lines(lines: list[str], strong_only: bool = False) -> str:
    """Names from the first line holding a byline (all byline cues on that line and the next)."""
    for i, text in enumerate(lines):
        if len(text) > 300:
            continue
        names = _line_names(text, strong_only)
        if names:
            # Bylines continue on the next line ("本报实习生 某某" / "本报记者 某某").
            if i + 1 < len(lines) and len(lines[i + 1]) <= 60:
                for n in _line_names(lines[i + 1], strong_only):
                    if n not in names:
                        names.append(n)
            return " ".join(names)
    return ""


def _line_names(text: str, strong_only: bool = False) -> list[str]:
    names: list[str] = []
    for pattern, strong in _LABELS:
        if strong_only and not strong:
            continue
        for m in pattern.finditer(text):
            for n in _names(m.group(1), strong):
                if n not in names:
                    names.append(n)
    return names


LABELLED = re.compile(r"^\W{0,2}(?:作\s*者|发布者|发表者|发帖人|楼\s*主|博\s*主)\s*[:：]")
_DECLARED = re.compile(r"(?:^|\s)(?:作\s*者|发布者|发表者|发帖人|楼\s*主|博\s*主)\s*[:：]\s*([^\s|｜]+)")


def declared_nobody(lines: list[str]) -> bool:
    """Whether the header's first labelled byline names an account, not a person (作者：admin)."""
    for text in lines:
        if len(text) > 300:
            continue
        m = _DECLARED.search(text)
        if m:
            return bool(_NOT_NAME.match(m.group(1).strip(" :：·")))
    return False


def person(value: str) -> str:
    """A meta-tag author if it names people, not a site, an outlet or a team."""
    v = re.sub(r"^(?:by|作者)[\s:：]+", "", (value or "").strip(), flags=re.I)
    if not v or len(v) > 40 or re.search(r"https?:|www\.|\.(?:com|cn|net|org)\b|[!|@#]", v, re.I):
        return ""
    parts = [p for p in re.split(r"\s*(?:[,，、;；]|\band\b)\s*", v) if p]
    out = []
    for p in parts:
        if re.fullmatch(r"[\u4e00-\u9fff·]{2,10}", p):
            if _ORG_END.search(p) or _NOT_NAME.match(p) or re.search(r"贡献者|项目|团队|编辑部|出版", p):
                return ""
        elif not re.fullmatch(r"[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3}", p) or re.search(
                r"\b(?:Team|Staff|News|Press|Inc|Ltd|Media|Group|Agency|Editors?|Publishers?)\b", p):
            return ""
        elif _NOT_NAME.match(p):
            return ""
        out.append(p)
    return " ".join(out)


def standalone_name(text: str) -> str:
    """A line or title that is just a personal name, not a place or an outlet (高新区, 金融网)."""
    t = (text or "").strip()
    names = [n for n in re.split(r"\s*[、，,]\s*|\s+", t) if n]
    if not names or len(names) > 6:
        return ""
    for n in names:
        if _ORG_END.search(n) or _PLACE_END.search(n) or not looks_like_name(n):
            return ""
    return " ".join(names)


def title_name(title: str) -> str:
    """A page titled with just a personal name (a blog) is by that person."""
    return standalone_name(title)


def trailing(text_lines: list[str]) -> str:
    """A byline in parentheses closing the text: （记者 某某）, （某某 某地报道）."""
    for text in reversed(text_lines[-3:]):
        m = _PAREN.search(text)
        if m:
            names = [n for n in m.group(1).split() if looks_like_name(n)
                     and not re.search(r"(?:报道|记者|通讯员)$", n)]
            if names:
                return " ".join(names)
    return ""


def weak(lines: list[str]) -> str:
    """Editors, a person named as the source, an issuing authority: when nothing better exists."""
    for rx, check in ((_EDITOR, "strong"), (_SOURCE_PERSON, "weak"), (_ISSUER, "")):
        for text in lines:
            if len(text) > 200:
                continue
            m = rx.search(text)
            if not m:
                continue
            if check:
                names = _names(m.group(1), strong=check == "strong")
                if names:
                    return " ".join(names)
            else:
                name = m.group(1).strip()
                if valid(name):
                    return name
    return ""
