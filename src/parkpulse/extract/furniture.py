"""Furniture subtrees: comments, share bars, related lists, captions, sidebars, small forms.

They are recognised by tag (nav, footer, aside, figcaption), by class and id names common to
CMS templates (English and pinyin: xgwz = 相关文章, bdshare = Baidu share, pinglun = 评论), and
removed before the body is scored, unless removing them would leave little of the page.
"""

from __future__ import annotations

import functools
import re

from parkpulse.extract.dom import drop

# Furniture containers: removed before scoring unless they hold much of the page.
_UNLIKELY = re.compile(
    r"comment|disqus|respond|replies|share|sharing|social|related|recommend|sidebar|side-bar|"
    r"\baside\b|footer|breadcrumb|crumb|\bnav|navbar|menu|advert|adsbygoogle|"
    r"sponsor|promo|newsletter|subscribe|popup|modal|cookie|banner|toolbar|pagination|\bpager|"
    r"author-?bio|copyright|qrcode|erweima|\bprint\b|fontsize|font-size|\bprev|\bnext\b|"
    r"hotnews|hot-news|\btags\b|taglist|tag-list|login|signin|masthead|zhaoshang|\bzs\b",
    re.I)
_MAYBE = re.compile(r"article|\bbody|content|\bmain|entry|story|\btext", re.I)
ALWAYS_FURNITURE = re.compile(
    r"comment|disqus|respond|replies|share|sharing|social|related|recommend|byline|dateline|"
    r"timestamp|caption|credit|gallery|slideshow|\bauthor\b|author-info|\bmeta\b|-meta\b|"
    r"\bdate\b|\btime\b|pubtime|post-?date|newsletter|promo|(?:^|\s)ads?(?:$|\s|[-_])|advert|"
    # pinyin names Chinese templates use: share (bdshare, jiathis, fenxiang), comments
    # (pinglun, liuyan), related / recommended / hot lists (xgwz, xgxw, tjyd, rdph), copyright
    r"bdshare|jiathis|fenxiang|pinglun|liuyan|\bxg(?:wz|xw|yd|lj|tj)|\btj(?:yd|wz)|\brd(?:ph|tj)|banquan",
    re.I)
_FURNITURE_TAGS = {"nav", "footer", "aside", "figcaption"}
_MAYBE_FURNITURE_TAGS = {"form"}  # a small form is a search box or a lead form; a big one wraps the page


@functools.lru_cache(maxsize=4096)
def _furniture_name(names: str) -> int:
    """2: surely furniture (comments, captions, bylines); 1: likely (sidebar, menu); 0: no."""
    if ALWAYS_FURNITURE.search(names):
        return 2
    if _UNLIKELY.search(names) and not _MAYBE.search(names):
        return 1
    return 0


KEEP_AFTER_PRUNE = 300  # characters that must remain outside a surely-furniture subtree


def prune(page, stats) -> bool:
    """Remove furniture subtrees (by tag, class or id) unless they hold much of the page text.

    Returns whether anything was removed (the caller rescores).
    """
    total = stats[page].text if page in stats else 0
    doomed = []
    for el, st in stats.items():
        if el is page or el.tag in ("html", "body", "article", "main"):
            continue
        level = 2 if el.tag in _FURNITURE_TAGS else 1 if el.tag in _MAYBE_FURNITURE_TAGS else 0
        if not level:
            names = (el.get("class") or "") + " " + (el.get("id") or "")
            level = _furniture_name(names) if names != " " else 0
        if level == 1 and st.text < 0.4 * total:
            doomed.append(el)
        elif level == 2 and total - st.text >= KEEP_AFTER_PRUNE:
            # comments and captions go even when they outweigh the text, if some text is left
            doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            drop(el)
    return bool(doomed)


