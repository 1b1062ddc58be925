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
    r"分享到|分享至|分享：|一键分享|分享本文|转发到|收藏本文|打印本页|打印本文|关闭窗口|【?打印】?|关闭】?$|"
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
    r"share\b|tweet\b|print\b|email\b|advertisement\b|advert$|广告$|related\b|read more|"
    r"subscribe|sign up|follow us|caption$|close$|back to gallery|key points$|author:|"
    r"publish(?:ed)? date|(?:first )?published\b|updated\b|source:|photo:|image:|credits?:|"
    r"image via|more from|have your say|post comment|written by|filed under|tags$|photo by|"
    r"photograph:|let our news|sign up for|get the latest|order reprints|text size$|"
    r"an error (?:has )?occurred|please try again later|this (?:article|story) has been sent|"
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
    r"related (?:articles|stories|posts|content)|more stories|more\b.{0,25}\bstories$|recommended|comments?)\W{0,8}",
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
# Notices a site pastes at the top or bottom of every story: repost disclaimers, copyright,
# app promos, social plugs, share prompts, "more news", the 招商 contact line. Matched anywhere
# in a line of any length, but only on lines at the very start or end of the body
# (``_strip_edges``), so an article sentence about 授权 or 转载 in the text stays.
_EDGE_NOTICE = re.compile(
    # repost disclaimers and copyright (simplified, traditional)
    r"凡(?:本[网站]|注明|標明|标明).{0,60}(?:转载|轉載|来源|來源|稿件|作品)|"
    r"(?:转载|轉載|发布|刊登|登載|刊载).{0,30}(?:不代表|不代錶|並不代表|并不代表|不意味着|不意味著).{0,20}"
    r"(?:观点|觀點|立场|立場|赞同|贊同)|"
    r"(?:不代表|並不代表|并不代表)本(?:网|網|站|平台|报|報|刊|号|號|公众号|公眾號)|"
    r"仅代表(?:作者|原作者|个人)|僅代表(?:作者|原作者|個人)|"
    r"免责声明|免責聲明|版权声明|版權聲明|版权(?:归|歸).{0,30}所有|版權(?:归|歸).{0,30}所有|版权所有|版權所有|"
    r"未经.{0,30}(?:授权|许可|同意|允许)|未經.{0,30}(?:授權|許可|同意|允許)|"
    r"(?:转载|轉載)(?:请|請|须|須|务必|時請|时请|需)|(?:如需|如要|欢迎|歡迎)(?:转载|轉載)|"
    r"(?:禁止|严禁|嚴禁|谢绝|謝絕|不得)(?:任何)?(?:形式的?)?(?:转载|轉載|复制|複製|镜像|鏡像)|"
    r"(?:侵权|侵權|版权|版權).{0,30}(?:删除|刪除|联系|聯繫|聯絡|处理|處理)|(?:侵删|侵刪)|"
    r"(?:同|与|與|和)本(?:网|網|站|报|報)(?:取得)?(?:联系|聯繫|聯絡)|"
    r"ICP[备備证證]|公网安备|公網安備|(?:经营|經營|信息服务|資訊服務)许可证|許可證編號|"
    r"(?:内容|文章|图片|圖片|素材)?来源于?(?:网络|互联网)|來源於?(?:網絡|網路|互聯網)|"
    # app promos, social plugs, share prompts, "more news"
    r"用手机.{0,4}看新闻|用手機.{0,4}看新聞|(?:下载|下載|打开|打開).{0,12}(?:客户端|客戶端|APP|App|app)|"
    r"(?:关注|關注|订阅|訂閱).{0,16}(?:公众号|公眾號|微信号|微信號|微博|抖音|视频号|視頻號|头条号|頭條號|服务号|服務號)|"
    r"(?:分享|转发|轉發)(?:到|至)(?:微信|朋友圈|微博|QQ)|扫(?:一扫|码|描).{0,16}(?:关注|下载|阅读|分享|二维码)|"
    r"掃(?:一掃|碼|描).{0,16}(?:關注|下載|閱讀|分享|二維碼)|"
    r"更多(?:精彩|新闻|新聞|资讯|資訊|内容|內容|报道|報導)?.{0,12}(?:请|請|敬请|敬請)(?:关注|關注|点击|點擊|访问|訪問|下载|下載)|"
    r"(?:点击|點擊)(?:查看|阅读|閱讀|进入|進入)?更多|"
    # the 招商 contact line
    r"产业招商|產業招商|厂房土地|廠房土地|(?:土地|厂房|廠房)(?:租售|出租出售)|请说明您的需求|請說明您的需求|"
    r"招商(?:热线|熱線|电话|電話)|(?:投稿|商务合作|商務合作|广告合作|廣告合作)(?:邮箱|郵箱|热线|熱線|电话|電話|请|請)|"
    # English promos and plugs. English copyright and disclaimer lines are left alone: news
    # wires end their copy with them and the English benchmark counts them as article text.
    r"(?:download|get) (?:our|the) app|follow us on|like us on facebook|share it with a friend|"
    r"share (?:this|on) (?:article|story|facebook|twitter)|sign up (?:for|to) (?:our|the)|"
    r"subscribe to (?:our|the)|^more news\b|^read more\b|^tell us what you think|"
    r"follow (?:@\w+|us|\w+ \w+) on (?:twitter|facebook|instagram)|^join our .{0,40}(?:forums?|community)|"
    r"if you buy something (?:through|from)|(?:may|might) (?:earn|get|receive) a (?:small )?(?:commission|share)|"
    r"contributed to this report\W*$|"
    # an unrendered WordPress shortcode ("[button link=…]Send us YOUR review[/button]")
    r"^\[[a-z_]+\b[^\]]*\].*\[/[a-z_]+\]$",
    re.I)
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
    if n <= 3 and re.fullmatch(r"[A-Za-z|/ ]+", text):
        return True  # a language switch ("en", "EN | 中"), a lone letter above the text
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
    # Header lines, notices and trailing date lines peel off the ends in turn: a notice may
    # sit under the byline, a date line under a notice.
    for _ in range(3):
        before = len(out)
        out = _strip_edges(_strip_header(out, title))
        # Trailing date/byline lines after the text ("2024年9月28日"; "（记者 王某）" stays), and
        # the headline repeated below it (a share-by-mail dialog, a print footer).
        while out and out[-1].kind != "img" and (
                (out[-1].chars <= 30 and _DATE.search(out[-1].text) and not _SENTENCE_END.search(out[-1].text))
                or (title and out[-1].text == title)):
            out.pop()
        if len(out) == before:
            break
    # The same paragraph twice in a row is a standfirst shown twice (teaser and lead), once is text.
    out = [ln for i, ln in enumerate(out)
           if i == 0 or ln.kind == "img" or ln.chars < 20 or ln.text != out[i - 1].text]
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


def _strip_header(out: list[Line], title: str) -> list[Line]:
    """Header lines above the first real paragraph go (images among them stay)."""
    head: list[Line] = []
    start = 0
    while start < len(out) and (out[start].kind == "img" or _is_meta_line(out[start], title)):
        if out[start].kind == "img":
            head.append(out[start])
        start += 1
    return _trim_image_runs(head) + out[start:]


def is_section_heading(text: str) -> bool:
    """The heading of a list of other articles (相关文章, Related stories, 热门推荐, ...)."""
    return len(text) <= 40 and bool(_TAIL_START.match(text) or _SECTION_START.match(text))


def is_edge_notice(text: str) -> bool:
    """A disclaimer, copyright, promo, share prompt or 招商 contact line (any length)."""
    return bool(_EDGE_NOTICE.search(text))


# "版权与免责声明：", "Disclaimer:": the heading of a numbered block of notices below it.
_NOTICE_HEADING = re.compile(r"(?:声明|聲明|须知|須知|disclaimer|notice)\s*[:：]?\s*$", re.I)


def _strip_edges(lines: list[Line]) -> list[Line]:
    """Notices at the start and end of the body go; the same words inside the text stay.

    Images between notices are stepped over (and kept): a QR code often sits among them. A
    notice heading near the end takes the numbered points under it along.
    """
    for i in range(max(0, len(lines) - 8), len(lines)):
        ln = lines[i]
        if ln.kind != "img" and ln.chars <= 30 and _NOTICE_HEADING.search(ln.text) \
                and is_edge_notice(ln.text) and i > 0:
            lines = lines[:i]
            break
    drop: set[int] = set()
    for order in (range(len(lines)), range(len(lines) - 1, -1, -1)):
        for i in order:
            if lines[i].kind == "img":
                continue
            if not is_edge_notice(lines[i].text):
                break
            drop.add(i)
    return [ln for i, ln in enumerate(lines) if i not in drop] if drop else lines


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
