"""Paragraph-level boilerplate removal inside the chosen body.

Spider-collected Chinese pages paste the same furniture into the body: share bars, copyright
and "collected by a web spider" notices, related-article lists, previous/next links, contact
blocks with phone numbers and WeChat/QR prompts, and the header lines (title, byline, date,
view count) above the text. Each rule below matches the *shape* of such a line (short, a
keyword at the start, mostly links) so that a real paragraph mentioning the same word stays.
"""

from __future__ import annotations

import re

from parkpulse.extract.dates import find_dates
from parkpulse.extract.linear import Line

# A line that is boilerplate by itself, whatever its position (kept short: ≤ 80 chars).
_BOILER = re.compile(
    r"^\W{0,3}(?:"
    r"分享到|分享至|分享：|一键分享|分享本文|转发到|收藏本文|打印本页|打印本文|关闭窗口|【?打印】?|"
    r"【?字号|字体[:：]?\s*[大中小]|返回顶部|返回首页|返回列表|"
    r"版权声明|版权所有|免责声明|声明[:：]|本文由.{0,12}(?:自动)?收集|本站(?:文章|内容)|"
    r"转载请注明|未经.{0,10}(?:许可|授权|同意)|(?:文章|原文)来源[:：]?\s*网络|copyright|©|"
    r"上一篇|下一篇|上一条|下一条|前一篇|后一篇|上一页|下一页|"
    r"相关(?:文章|阅读|新闻|推荐|链接|资讯|内容|专题)|延伸阅读|推荐阅读|热门(?:文章|推荐|阅读|资讯)|"
    r"猜你喜欢|更多(?:精彩|文章|新闻|资讯)|大家都在看|热点推荐|"
    r"扫一扫|扫描二维码|扫码|长按(?:识别|二维码|关注)|微信扫|关注(?:我们|公众号|微信)|"
    # WeChat reposts: the follow prompt on top, the sign-off below
    r"点击(?:上方|蓝字)|阅读原文|往期(?:推荐|回顾|精选)|点个?在看|点赞|END$|"
    r"(?:审核|校对|监制|排版|美编|初审|复审|终审)[:：]|(?:图片|素材)来源|"
    r"(?:联系|咨询)?(?:电话|热线|手机|微信号?|QQ|邮箱|E-?mail)\s*[:：]|"
    r"点击(?:数|量|次数)?[:：]|阅读(?:数|量|次数)?[:：]|浏览(?:次数|量)?[:：]|人气[:：]|"
    r"责任编辑|编辑[:：]|责编[:：]|作者[:：]|来源[:：]|发布(?:时间|日期)[:：]|"
    r"标签[:：]|关键词[:：]|tags?[:：]|评论|发表评论|网友评论|我要评论|"
    r"share\b|tweet\b|print\b|email\b|advertisement\b|related\b|read more|"
    r"subscribe|sign up|follow us|caption$|close$|back to gallery|key points$|author:|"
    r"publish(?:ed)? date|(?:first )?published\b|updated\b|source:|photo:|image:|credits?:|"
    r"image via|more from|have your say|post comment|written by|filed under|tags$|photo by|"
    r"photograph:|let our news|sign up for|get the latest|"
    r"by [A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3}(?:,|$| and | staff| \|)"
    r")",
    re.I,
)
# Site-footer phrases: a short line holding one is the footer, wherever the phrase sits.
_BOILER_ANYWHERE = re.compile(
    r"ICP[备证]|公网安备|版权所有|all rights reserved|许可证编号|违法和不良信息举报|不良信息举报", re.I)
_COOKIES = re.compile(r"\b(?:uses|use of|accept|about) cookies\b|cookie (?:policy|settings|preferences)"
                      r"|本网站使用cookie|使用 ?cookies?", re.I)
# Headings that start a trailing section of furniture: everything after them goes.
_TAIL_START = re.compile(
    r"^\W{0,3}(?:相关(?:文章|阅读|新闻|推荐|链接|资讯|内容)|延伸阅读|推荐阅读|热门(?:文章|推荐)|"
    r"猜你喜欢|大家都在看|上一篇|下一篇|网友评论|发表评论|我要评论|评论列表|往期(?:推荐|回顾|精选)|"
    r"related (?:articles|stories|posts|content)|more stories|recommended|comments?)\W{0,8}",
    re.I,
)
# Headings of a box of other articles inside the text: the box runs until prose resumes.
_SECTION_START = re.compile(
    r"^\W{0,3}(?:相关(?:文章|阅读|新闻|推荐|链接|资讯|内容|报道)|延伸阅读|推荐阅读|热门(?:文章|推荐|阅读)|"
    r"猜你喜欢|大家都在看|热点推荐|更多(?:精彩|阅读|新闻)|"
    r"most (?:read|popular|viewed)|more from|more on this|you (?:may|might) also like|"
    r"recommended(?: for you)?|trending|popular|latest (?:news|stories)|read next|see also|"
    r"related|topics|breaking news|top stories|editor'?s picks?)\b.{0,30}$",
    re.I,
)
_BARE_URL = re.compile(r"^https?://\S+$")
_SNIPPET_END = re.compile(r"(?:…|\.\.\.)\W{0,2}$")  # a teaser is cut off with an ellipsis
_PROSE = 100  # characters of a line that ends a furniture box (Chinese says more per character)
_PROSE_CJK = 40
_CJK = re.compile(r"[\u4e00-\u9fff]{8}")
_PHONE = re.compile(r"(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|400-?\d{3}-?\d{4})")
_DATE = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}(?:\s*[-/.月]\s*\d{1,2})?")
_WORDY = re.compile(r"[^\W\d_]{2}|[\u4e00-\u9fff]")
_SENTENCE_END = re.compile(r"[。！？!?.…”」』）)]$")


def is_boilerplate(line: Line) -> bool:
    text = line.text
    n = line.chars
    if line.kind == "img":
        return line.small
    if n == 0:
        return True
    if line.link and line.link >= 0.6 * n and line.kind != "table" and not _BARE_URL.match(text):
        return True  # a link list; a bare URL the author wrote out is text
    if n <= 80 and (_BOILER.match(text) or _BOILER_ANYWHERE.search(text)):
        return True
    if n <= 300 and _COOKIES.search(text):
        return True
    if n <= 60 and _PHONE.search(text) and not _SENTENCE_END.search(text):
        return True
    return False


def _is_meta_line(line: Line, title: str) -> bool:
    """Header furniture above the text: title repeat, byline, date line, breadcrumb."""
    text = line.text
    n = line.chars
    if n > 120:
        return False
    if title and (text == title or (n >= 6 and text.replace(" ", "") in title.replace(" ", ""))):
        return True
    if n <= 80 and not _SENTENCE_END.search(text) and (_DATE.search(text) or find_dates(text)):
        return True
    if re.search(r"[>»›]", text) and n <= 60 and not _SENTENCE_END.search(text):
        return True
    return False


def clean_lines(lines: list[Line], title: str = "") -> list[Line]:
    # A trailing furniture section after the text: cut from its heading on.
    total = sum(ln.chars for ln in lines)
    seen = 0
    for i, ln in enumerate(lines):
        if ln.chars <= 30 and _TAIL_START.match(ln.text) and seen >= 0.5 * total:
            lines = lines[:i]
            break
        seen += ln.chars
    lines = _skip_boxes(lines)
    out = [ln for ln in lines if not is_boilerplate(ln)]
    # Header lines above the first real paragraph (images among them stay).
    head: list[Line] = []
    start = 0
    while start < len(out) and (out[start].kind == "img" or _is_meta_line(out[start], title)):
        if out[start].kind == "img":
            head.append(out[start])
        start += 1
    out = _trim_image_runs(head) + out[start:]
    # Trailing date/byline lines after the text ("2024年9月28日"; "（记者 王某）" stays).
    while out and out[-1].kind != "img" and out[-1].chars <= 30 and _DATE.search(out[-1].text) \
            and not _SENTENCE_END.search(out[-1].text):
        out.pop()
    # A lone number or symbol line (share counts, slide numbers) is never text.
    out = [ln for ln in out if ln.kind == "img" or ln.kind == "table" or _WORDY.search(ln.text)]
    # A strip of images at either end is a logo bar or a badge row, not illustrations.
    lead = 0
    while lead < len(out) and out[lead].kind == "img":
        lead += 1
    out = _trim_image_runs(out[:lead]) + out[lead:]
    tail = len(out)
    while tail > 0 and out[tail - 1].kind == "img":
        tail -= 1
    return out[:tail] + _trim_image_runs(out[tail:])


def _trim_image_runs(images: list[Line]) -> list[Line]:
    return images if len(images) <= 2 else []


def _skip_boxes(lines: list[Line]) -> list[Line]:
    """Drop "相关阅读" / "Most read" boxes inside the text, up to where prose resumes."""
    out: list[Line] = []
    skipping = False
    for ln in lines:
        if ln.kind != "img" and ln.chars <= 40 and _SECTION_START.match(ln.text):
            skipping = True
            continue
        if skipping:
            need = _PROSE_CJK if _CJK.search(ln.text) else _PROSE
            if (ln.chars >= need and _SENTENCE_END.search(ln.text) and not _SNIPPET_END.search(ln.text)
                    and ln.link < 0.3 * ln.chars):
                skipping = False
            else:
                continue
        out.append(ln)
    return out
