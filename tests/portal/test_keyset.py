"""Category pages past the numbered ones continue with a keyset cursor: every article once,
newest first, ties on the date broken by id, malformed cursors give the first page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from parkpulse.portal import views


def titles(page: str) -> list[str]:
    return re.findall(r'<a href="/article/\d+/"[^>]*>([^<]+)</a>', page)


def older_link(page: str) -> str | None:
    m = re.search(r'href="(\?before=[^"]+)"', page)
    return m.group(1) if m else None


def test_keyset_pages_walk_the_whole_category_once(client, make_article, news, monkeypatch):
    monkeypatch.setattr(views, "NUMBERED_PAGES", 1)  # numbered pages end after page 1
    now = timezone.now()
    made = []
    for i in range(47):
        # groups of three share a timestamp: the id must break the tie
        made.append(make_article(category=news, title=f"键集文章{i:02d}", published_at=now - timedelta(hours=i // 3)))
    expected = [a.title for a in sorted(made, key=lambda a: (a.published_at, a.pk), reverse=True)]

    page = client.get("/category/news/").content.decode()
    seen = titles(page)
    assert len(seen) == 20 and "?page=2" not in page
    link = older_link(page)
    while link:
        page = client.get("/category/news/" + link).content.decode()
        assert client.get("/category/news/" + link).status_code == 200
        seen += titles(page)
        link = older_link(page)
    assert seen == expected


@pytest.mark.parametrize("cursor", ["abc", "1_", "_5", "1_-3", "9" * 40 + "_1", "1_" + "9" * 30, "%00"])
def test_malformed_cursor_gives_the_first_page(client, make_article, news, cursor):
    make_article(category=news, title="唯一文章")
    response = client.get(f"/category/news/?before={cursor}")
    assert response.status_code == 200 and "唯一文章" in response.content.decode()
