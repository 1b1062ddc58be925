"""Title, author, date, site name, canonical URL and language from one parsed page.

Machine-readable sources (JSON-LD, Open Graph and article meta tags) are read first; the
page's own header lines (the byline and date line next to the title) are read from the
document's lines. Footer copyright years and the crawl date never win over the article date.
"""

from __future__ import annotations

import json
import re

from parkpulse.extract import byline
from parkpulse.extract.clean import is_section_heading
from parkpulse.extract.dates import find_dates, parse_date, plausible
from parkpulse.extract.dom import text_of
from parkpulse.extract.linear import Line, absolute

_TITLE_SEP = re.compile(
    r"\s*(?:\s[-–—|_·»›>]\s|_|\||｜|——|--|－|：：|::|(?<=[\u4e00-\u9fff）)”」》])-(?=[\u4e00-\u9fff]))\s*")
_SITEY = re.compile(r"\.(?:com|cn|net|org|gov|edu)\b|(?:网|网站|频道|博客|论坛|社区|门户|在线)$", re.I)
_NO_SITE = {"null", "none", "undefined", "default", "首页", "index"}
_HAN = re.compile(r"[\u4e00-\u9fff]")
_LETTER = re.compile(r"[^\W\d_]")
_COPYRIGHT = re.compile(r"(?:©|copyright|版权|备案|ICP|all rights)", re.I)


def meta_map(root) -> dict:
    """Lower-cased meta name/property/itemprop → content (first one wins)."""
    out: dict[str, str] = {}
    for m in root.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or m.get("http-equiv") or "")
        content = m.get("content")
        if key and content and key.lower() not in out:
            out[key.lower().strip()] = content.strip()
    return out


def json_ld(root) -> list[dict]:
    """Article-like JSON-LD objects (tolerant of @graph and lists)."""
    found = []
    for s in root.iter("script"):
        if (s.get("type") or "").lower() != "application/ld+json" or not s.text:
            continue
        try:
            data = json.loads(s.text.strip().rstrip(";"))
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack and len(found) < 20:
            d = stack.pop()
            if isinstance(d, list):
                stack.extend(d[:50])
            elif isinstance(d, dict):
                if "@graph" in d:
                    stack.append(d["@graph"])
                if any(k in d for k in ("datePublished", "headline", "author", "articleBody")):
                    found.append(d)
    return found


# A headline is never longer than this: a longer "title" is an unclosed <h1> (a logo wrapping
# the page) or a <title> holding the text, and taking it would erase the body in cleaning.
MAX_TITLE = 120
MAX_TITLE_LATIN = 250  # Western headlines spell out more letters for the same news


def _clean_title(raw: str) -> str:
    return re.sub(r"\s+", " ", (raw or "")[:4000]).strip()


def _headline(s: str) -> str:
    """The candidate if it can be a headline, else ""."""
    if len(s) <= MAX_TITLE:
        return s
    return s if len(s) <= MAX_TITLE_LATIN and len(_HAN.findall(s)) < 0.3 * len(s) else ""


def title_and_site(root, meta: dict, h1s: list[str]) -> tuple[str, str]:
    doc_title = ""
    t = root.find(".//title")
    if t is not None:
        doc_title = _clean_title(text_of(t))
    og = _headline(_clean_title(meta.get("og:title", "")))
    if og.lower() in _NO_SITE:
        og = ""
    site = _clean_title(meta.get("og:site_name", "") or meta.get("application-name", ""))
    if site.lower() in _NO_SITE:
        site = ""
    parts = [p.strip() for p in _TITLE_SEP.split(doc_title)
             if p.strip() and p.strip().lower() not in _NO_SITE] if doc_title else []
    if len(parts) > 1:
        # "标题_栏目_网站" or "网站 » 标题": the site is the part that reads like one (a domain,
        # …网/频道/博客), else the last; the headline is the longest of the others.
        sitey = [p for p in parts if p == site or _SITEY.search(p)]
        others = [p for p in parts if p not in sitey] or parts[:-1]
        head = max(others, key=len)
        site = site or (sitey[-1] if sitey else parts[-1] if head != parts[-1] else parts[0])
        parts = [head] + [p for p in parts if p != head]
    # An <h1> that the <title> also names is the headline; a site logo <h1> is not.
    h1s = [h for h in (_headline(_clean_title(h)) for h in h1s) if h]
    parts = [p for p in parts if _headline(p)]
    for h in h1s:
        if h == site or h in parts[1:]:
            continue  # the site's logo or a section name set in <h1>
        if len(h) >= 4 and (h in doc_title or (og and h in og) or (parts and parts[0] in h)):
            return h, site
    if og:
        return _strip_site(og, site), site
    if parts:
        return parts[0], site
    for h in h1s:
        return h, site
    return "", site


def _strip_site(title: str, site: str) -> str:
    if site and title.endswith(site) and len(title) > len(site) + 2:
        parts = _TITLE_SEP.split(title)
        if len(parts) > 1:
            return " ".join(parts[:-1]).strip()
    return title


def author(all_lines: list[Line], around: int, body_lines: list[Line], meta: dict, ld: list[dict],
           title: str = "", span: tuple[int, int] | None = None, title_found: bool = True) -> str:
    """The byline near the title, then a labelled author in the article's own header or
    footer, the body's edges, meta tags.

    Lists of other articles, teasers and sidebars are never read: only the lines from just
    above the headline to a few lines past the body's end (``span`` in ``all_lines``).
    """
    def texts(lines):  # link lists (menus, related articles) carry no byline of this page,
        # but a labelled byline may link the name to the author's profile
        return [ln.text for ln in lines if ln.kind != "img" and (
            ln.link < 0.5 * max(1, ln.chars) or (ln.chars <= 40 and byline.LABELLED.match(ln.text)))]
    head_end = around + 15
    if title_found and span is not None and span[1] >= around:
        head_end = min(head_end, span[1] + 1)  # the header never runs past the text's end
    head = texts(all_lines[max(0, around - 3):head_end])
    body_text = texts(body_lines)
    edges = body_text[:3] + body_text[-6:]
    if span is not None:
        lo, hi = max(0, min(around, span[0]) - 3), span[1] + 1
    else:
        lo, hi = max(0, around - 3), around + 15 + len(body_lines)
    own = texts(all_lines[lo:hi] + _footer(all_lines, hi))
    if byline.declared_nobody(head):
        # "作者：admin": the page's own byline names no person; names elsewhere are others'.
        return byline.from_lines(edges) or byline.trailing(body_text)
    found = (byline.from_lines(head) or _name_line(all_lines, around)
             or byline.from_lines(own, strong_only=True)
             or byline.from_lines(edges) or byline.trailing(body_text)
             or meta_author(meta, ld) or byline.title_name(title)
             or byline.weak(head + edges) or byline.weak(own))
    return found


FOOTER_LINES = 6  # lines after the body that still belong to the article (its sign-off)


def _footer(lines: list[Line], start: int) -> list[Line]:
    """The article's sign-off lines after its body, up to a list of other articles."""
    out = []
    for ln in lines[start:start + FOOTER_LINES]:
        if ln.kind != "img" and (is_section_heading(ln.text) or ln.link >= 0.5 * max(1, ln.chars)):
            break
        out.append(ln)
    return out


def _name_line(lines: list[Line], around: int) -> str:
    """A personal name alone on a line just under the headline ("标题 / 胡平 / 正文")."""
    for ln in lines[around + 1:around + 4]:
        name = byline.standalone_name(ln.text) if ln.kind != "img" else ""
        if name:
            return name
    return ""


def meta_author(meta: dict, ld: list[dict]) -> str:
    for d in ld:
        a = d.get("author")
        items = a if isinstance(a, list) else [a]
        names = []
        for it in items:
            n = it.get("name") if isinstance(it, dict) else it
            if isinstance(n, str) and byline.person(n):
                names.append(byline.person(n))
        if names:
            return " ".join(names)
    for key in ("author", "article:author", "dc.creator", "byl", "sailthru.author", "parsely-author"):
        v = byline.person(meta.get(key, ""))
        if v:
            return v
    return ""


_DATE_KEYS = (
    "article:published_time", "og:published_time", "og:article:published_time",
    "publishdate", "publish-date", "publish_date", "pubdate", "pubtime", "publishtime",
    "datepublished", "date", "dc.date", "dc.date.issued", "dc.date.created", "dcterms.created",
    "sailthru.date", "parsely-pub-date", "article.published", "published_time", "created",
)


def meta_date(root, meta: dict, ld: list[dict]):
    for d in ld:
        for key in ("datePublished", "dateCreated"):
            v = parse_date(d.get(key)) if isinstance(d.get(key), str) else None
            if v:
                return v
    for key in _DATE_KEYS:
        v = parse_date(meta.get(key))
        if v:
            return v
    for t in root.iter("time"):
        v = parse_date(t.get("datetime"))
        if v:
            return v
    return None


_DATE_LABEL = re.compile(
    r"(?:(?:发布|发表|更新|时间|日期|日\s*期|张贴|写|posted|published|updated|date|@)\s*(?:于|在|at|on)?"
    r"|由\S{1,20}于)\s*[:：]?\s*$", re.I)
# "——《北京之春》1996年6月号", "原载《某报》2004年3月1日": where the text first appeared
_SOURCE_LINE = re.compile(r"^\s*(?:——|--|原载|刊于|载于|选自|转自|出处)")
_MAYBE_DATE = re.compile(r"(?:19|20)\d\d|\d/\d")
_YMD_TEXT = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d|\d{1,2}/\d{1,2}/\d{4}")
_SENTENCE = re.compile(r"[。！？]\s*$|，.*，")
_SITE_BAR = re.compile(r"设为首页|加入收藏|收藏本站|旧版|登录|注册|天气|无障碍|繁體|手机版|English", re.I)
# 成文日期: the date a government document was signed, its own date (发布日期 is the posting)
# "http://www.example.com/ 2005-03-06 16:17:00": the stamp a browser prints on a saved page;
# the page's date when nothing better shows, below a date line of the article's own
_PRINT_STAMP = re.compile(r"^\s*(?:https?://|www\.)\S+\s")
_DOC_DATE = re.compile(r"成文(?:日期|时间)\s*[:：]?\s*$")
_DATE_ONLY = re.compile(r"^\W*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\W*$")
_CLOCK = re.compile(r"星期[一二三四五六日天]|周[一二三四五六日]|京港台时间|北京时间")


def line_date(lines: list[Line], around: int, body_span: tuple[int, int] | None = None,
              trace: list | None = None):
    """The date on the page's own date line, with its score (None, -inf when there is none).

    A date line is short, labelled (发布时间：) or right below the title; a date inside a
    sentence, in a link list, a footer or a printed-page header is not the article's date.
    """
    best, best_score = None, float("-inf")
    dated = [i for i, ln in enumerate(lines) if ln.kind != "img" and ln.chars <= 300
             and _MAYBE_DATE.search(ln.text)]
    dated_set = set(dated)
    for i in dated:
        ln = lines[i]
        # A run of dated lines is an archive or a list of links, not a date line.
        in_list = sum(1 for j in range(i - 3, i + 4) if j != i and j in dated_set) >= 3
        for pos, d, has_time in find_dates(ln.text):
            if not plausible(d):
                continue
            score = 0.0
            dist = i - around
            if 0 <= dist <= 8:
                near = 4 - 0.25 * dist
            elif -5 <= dist < 0:
                near = 2.5
            else:
                near = -min(4.0, abs(dist) / 20)
            sentence = bool(_SENTENCE.search(ln.text))
            if sentence:
                near = min(near, 0.0)  # a date inside a sentence is what the text is about
            header = near > 0
            if body_span:
                before = body_span[0] - i  # lines above the body's first line
                after = i - body_span[1]  # lines below its last line
                if 1 <= before <= 15:
                    near = max(near, 3.7 - 0.2 * before)
                    header = True
                elif -10 <= before <= 0 and ln.chars <= 100 and not sentence:
                    near = max(near, 3.0 + 0.1 * before)  # the post header inside the chosen block
                    header = True
                elif 0 <= after <= 3:
                    near = max(near, 2.0)
                elif before < 0 and after < 0 and (sentence or ln.chars > 100):
                    near -= 6
            score += near
            if _DATE_LABEL.search(ln.text[max(0, pos - 12):pos]) or _SOURCE_LINE.match(ln.text):
                score += 4
            if has_time:
                score += 2
            rest = ln.chars - 10
            if rest <= 40:
                score += 1
            elif rest > 100:
                score -= 4
            if ln.link and ln.link >= 0.5 * ln.chars and not header:
                score -= 4  # a dated link list
            if _COPYRIGHT.search(ln.text):
                score -= 10
            if not _DATE_LABEL.search(ln.text[max(0, pos - 12):pos]):
                if _CLOCK.search(ln.text):
                    score -= 1.5
                if _SITE_BAR.search(ln.text):
                    score -= 4  # today's date in the site's top bar, beside 设为首页 / 旧版
            if in_list:
                score -= 3
            if not has_time and d.day == 1 and not _YMD_TEXT.search(ln.text[pos:pos + 12]) \
                    and not (header and _DATE_ONLY.match(ln.text)):
                # a month without a day ("2004年12月 (1)") is an archive entry; alone on a line
                # under the headline it is a report's date ("2003年5月")
                score -= 2
            if _PRINT_STAMP.match(ln.text) and pos <= 120:
                score -= 2.5
            if _DOC_DATE.search(ln.text[max(0, pos - 12):pos]):
                # a government document's info table: its own date outranks the posting date
                # that the meta tags give, however long the table row reads
                score += 4
            if trace is not None:
                trace.append((round(score, 2), i, d, ln.text[:60]))
            if score > best_score:
                best, best_score = d, score
    return best, best_score


def canonical(root, meta: dict, url: str | None) -> str:
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            return absolute(url, link.get("href")) or (url or "")
    og = meta.get("og:url", "")
    if og.startswith("http"):
        return og
    return url or ""


def language(root, meta: dict, text: str) -> str:
    lang = (root.get("lang") or root.get("xml:lang") or meta.get("content-language")
            or meta.get("language") or "").strip()
    if lang:
        return lang.split(",")[0].strip()
    sample = text[:2000]
    cjk = len(_HAN.findall(sample))
    letters = len(_LETTER.findall(sample))
    if letters and cjk >= 0.3 * letters:
        return "zh"
    return "en" if letters else ""
