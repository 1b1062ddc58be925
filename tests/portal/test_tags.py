"""Template filters: Chinese relative dates and snippets."""

from datetime import UTC, datetime, timedelta

import pytest

from parkpulse.portal.models import Article
from parkpulse.portal.templatetags.portal_tags import reltime, snippet

NOW = datetime(2025, 10, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("delta, expected", [
    (timedelta(seconds=5), "刚刚"),
    (timedelta(seconds=-30), "刚刚"),
    (timedelta(minutes=5), "5分钟前"),
    (timedelta(hours=3), "3小时前"),
    (timedelta(days=1), "1天前"),
    (timedelta(days=29), "29天前"),
    (timedelta(days=65), "2个月前"),
    (timedelta(days=368), "1年前"),
    (timedelta(days=800), "2年前"),
])
def test_reltime(delta, expected):
    assert reltime(NOW - delta, now=NOW) == expected


def test_reltime_none():
    assert reltime(None) == ""


def test_reltime_english(settings):
    from django.utils import translation

    with translation.override("en"):
        assert reltime(NOW - timedelta(days=800), now=NOW) == "2 years ago"
        assert reltime(NOW - timedelta(days=368), now=NOW) == "1 year ago"


def test_snippet_prefers_summary_and_truncates():
    a = Article(summary="", body_text="字" * 200)
    assert snippet(a, 10) == "字" * 10 + "…"
    assert snippet(Article(summary="短摘要", body_text="正文"), 10) == "短摘要"
