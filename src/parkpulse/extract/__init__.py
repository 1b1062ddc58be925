"""parkpulse.extract: a Chinese-first article extractor (HTML bytes → ExtractedArticle).

    from parkpulse.extract import extract_article
    art = extract_article(page_bytes, url="https://example.cn/a/1.html")
    art.title, art.author, art.published, art.text

Pure library: no Django. It never raises; a page without a body gives an empty result whose
``reason`` says why.
"""

from __future__ import annotations

from parkpulse.extract.model import ExtractedArticle
from parkpulse.extract.pipeline import extract_article

__all__ = ["ExtractedArticle", "extract_article"]
