"""One pass over an article: index tokens, keywords, regions, industries and park mentions.

Plain data in (title, body, a tokenizer, a park matcher), plain data out; the search app's
enrichment stores the result as tags, links and index rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from parkpulse.textkit.industries import IndustryTag, find_industries
from parkpulse.textkit.keywords import Keyword, extract_keywords, strip_notices
from parkpulse.textkit.parks import ParkMatcher, ParkMention
from parkpulse.textkit.regions import Region, find_regions
from parkpulse.textkit.tokenize import Tokenizer


@dataclass
class Analysis:
    title_tokens: list[str]
    body_tokens: list[str]
    keywords: list[Keyword]
    regions: list[Region]
    industries: list[IndustryTag]
    parks: list[ParkMention] = field(default_factory=list)


def analyze(
    title: str, body: str, *, tokenizer: Tokenizer, parks: ParkMatcher | None = None,
    park_places: dict[int, tuple[str, ...]] | None = None, top_keywords: int = 20,
) -> Analysis:
    """Everything enrichment needs from one article's text.

    ``park_places`` maps a park id to the places it lies in (province, city, district): a
    park the text names is context for deciding between same-named districts.
    """
    text = f"{title}\n{body}"
    mentions = parks.find(text) if parks else []
    # Tags come from the news, not from notices about the page (示例数据：本页为…).
    news_title, news_body = strip_notices(title), strip_notices(body)
    news = f"{news_title}\n{news_body}"
    hints: list[str] = []
    for m in mentions:
        hints.extend(p for p in (park_places or {}).get(m.park_id, ()) if p)
    return Analysis(
        title_tokens=tokenizer.cut_for_index(title),
        body_tokens=tokenizer.cut_for_index(body),
        keywords=extract_keywords(
            news_title, news_body, top=top_keywords, tokenizer=tokenizer,
            exclude=parks.words() if parks else (),
        ),
        regions=find_regions(news, tuple(hints), tokenizer),
        industries=find_industries(news_title, news_body),
        parks=mentions,
    )
