"""Title, author, date, site name, canonical URL and language from one parsed page.

Machine-readable sources (JSON-LD, Open Graph and article meta tags) are read first; the
page's own header lines (the byline and date line next to the title) are read from the
document's lines. Footer copyright years and the crawl date never win over the article date.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin

from parkpulse.extract.dates import find_dates, parse_date, plausible
from parkpulse.extract.linear import Line

_TITLE_SEP = re.compile(r"\s*(?:\s[-–—|_·]\s|_|\||｜|——|--|－|：：|::)\s*")
_NOT_AUTHOR = re.compile(
    r"^(?:admin|administrator|root|webmaster|editor|guest|管理员|网站管理员|系统管理员|佚名|未知|"
    r"匿名|本站|本网|小编|编辑部|网络|互联网|转载|原创|unknown|none|null|by)$", re.I)
_NAME = r"[\u4e00-\u9fa5·•]{2,6}|[A-Za-z][A-Za-z0-9_.&\-]{1,29}"
_BYLINE = re.compile(
    r"(?:作者|撰文|撰稿|文字|执笔|发布者|发布人|发表者|投稿人|稿件作者|博主|楼主|记者|本报记者|本台记者|"
    r"新华社记者|特约记者|实习记者|通讯员|文\s*[/|／]|文\s*[:：]|By|by|BY)\s*[:：]?\s*"
    r"((?:(?:" + _NAME + r")(?:\s*[、,，\s]\s*(?=[\u4e00-\u9fa5A-Za-z]))?){1,6})"
)
_STOP_WORDS = re.compile(
    r"(?:来源|出处|时间|日期|发布|发表|更新|编辑|责任|点击|阅读|浏览|字号|评论|通讯员|摄影|报道|"
    r"\d).*$")
_LABEL_DATE = re.compile(r"(?:发布|发表|更新|时间|日期|日 期|posted|published|date|于)", re.I)
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


def _clean_title(raw: str) -> str:
    return re.sub(r"\s+", " ", raw or "").strip()


def title_and_site(root, meta: dict, h1s: list[str]) -> tuple[str, str]:
    doc_title = ""
    t = root.find(".//title")
    if t is not None:
        doc_title = _clean_title(t.text_content())
    og = _clean_title(meta.get("og:title", ""))
    site = _clean_title(meta.get("og:site_name", "") or meta.get("application-name", ""))
    parts = [p for p in _TITLE_SEP.split(doc_title) if p.strip()] if doc_title else []
    if not site and len(parts) > 1:
        site = parts[-1].strip()
    # An <h1> that the <title> also names is the headline; a site logo <h1> is not.
    for h in h1s:
        h = _clean_title(h)
        if len(h) >= 4 and (h in doc_title or (og and h in og) or (parts and parts[0] in h)):
            return h, site
    if og:
        return _strip_site(og, site), site
    if parts:
        head = max(parts[:-1], key=len) if len(parts) > 1 else parts[0]
        return head.strip(), site
    for h in h1s:
        if _clean_title(h):
            return _clean_title(h), site
    return "", site


def _strip_site(title: str, site: str) -> str:
    if site and title.endswith(site) and len(title) > len(site) + 2:
        parts = _TITLE_SEP.split(title)
        if len(parts) > 1:
            return " ".join(parts[:-1]).strip()
    return title


def _valid_author(name: str) -> bool:
    n = name.strip()
    return bool(n) and len(n) <= 40 and not _NOT_AUTHOR.match(n) and not n.startswith("http")


def _names(raw: str) -> str:
    raw = _STOP_WORDS.sub("", raw).strip(" :：,，、")
    names = [n for n in re.split(r"[\s、,，]+", raw) if n]
    names = [n for n in names if _valid_author(n)]
    return " ".join(names[:6])


def byline_author(lines: list[Line], around: int) -> str:
    """Author from a byline near the title (``around`` is the title's line index)."""
    order = list(range(max(0, around), min(len(lines), around + 12)))
    order += list(range(max(0, around - 4), max(0, around)))
    order += list(range(len(lines) - 1, max(around + 12, len(lines) - 12) - 1, -1))
    for i in order:
        ln = lines[i]
        if ln.chars > 120 or ln.kind == "img":
            continue
        m = _BYLINE.search(ln.text)
        if m:
            names = _names(m.group(1))
            if names:
                return names
    return ""


def meta_author(meta: dict, ld: list[dict]) -> str:
    for d in ld:
        a = d.get("author")
        items = a if isinstance(a, list) else [a]
        names = []
        for it in items:
            n = it.get("name") if isinstance(it, dict) else it
            if isinstance(n, str) and _valid_author(n):
                names.append(n.strip())
        if names:
            return " ".join(names)
    for key in ("author", "article:author", "dc.creator", "byl", "sailthru.author", "parsely-author"):
        v = meta.get(key, "")
        v = re.sub(r"^by\s+", "", v, flags=re.I)
        if v and _valid_author(v):
            return v.strip()
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


def line_date(lines: list[Line], around: int):
    """The date on the page's own date line: labelled, near the title, not a footer."""
    best, best_score = None, -99.0
    for i, ln in enumerate(lines):
        if ln.kind == "img" or ln.chars > 200:
            continue
        for pos, d, has_time in find_dates(ln.text):
            if not plausible(d):
                continue
            score = 0.0
            dist = i - around
            if 0 <= dist <= 6:
                score += 4 - 0.3 * dist
            elif -3 <= dist < 0:
                score += 2
            elif dist > 6:
                score -= min(3.0, dist / 40)
            if _LABEL_DATE.search(ln.text[max(0, pos - 12):pos]):
                score += 3
            if has_time:
                score += 1.5
            if ln.chars <= 60:
                score += 1
            if _COPYRIGHT.search(ln.text):
                score -= 8
            if score > best_score:
                best, best_score = d, score
    return best, best_score


def canonical(root, meta: dict, url: str | None) -> str:
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            href = link.get("href").strip()
            return urljoin(url, href) if url else href
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
    cjk = sum(1 for c in sample if "\u4e00" <= c <= "\u9fff")
    letters = sum(1 for c in sample if c.isalpha())
    if letters and cjk >= 0.3 * letters:
        return "zh"
    return "en" if letters else ""
