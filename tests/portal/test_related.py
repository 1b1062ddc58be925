"""related_articles(): same category and shared tags first, newest first, never itself."""

import pytest

from parkpulse.portal.models import Article
from parkpulse.portal.related import related_articles

pytestmark = pytest.mark.django_db


def test_same_category_with_shared_tag_ranks_before_category_only(make_article, news, tag):
    t = tag("储能")
    base = make_article(category=news, tags=[t])
    cat_only_newer = make_article(category=news, title="同栏目较新")  # n=2: newer than n=3
    both_older = make_article(category=news, tags=[t], title="同栏目同标签")
    got = related_articles(base)
    assert got[:2] == [both_older, cat_only_newer]


def test_newest_first_and_limit(make_article, news):
    base = make_article(category=news)
    others = [make_article(category=news) for _ in range(12)]
    got = related_articles(base, limit=8)
    assert len(got) == 8
    assert got == sorted(others, key=lambda a: a.published_at, reverse=True)[:8]
    assert base not in got


def test_shared_tag_in_other_category_fills_the_list(make_article, news, policy, tag):
    t = tag("标准厂房")
    base = make_article(category=news, tags=[t])
    elsewhere = make_article(category=policy, tags=[t])
    unrelated = make_article(category=policy)
    got = related_articles(base)
    assert elsewhere in got
    assert unrelated not in got


def test_excludes_unpublished_and_duplicates(make_article, news):
    base = make_article(category=news)
    hidden = make_article(category=news, status=Article.Status.HIDDEN)
    draft = make_article(category=news, status=Article.Status.DRAFT)
    original = make_article(category=news)
    repost = make_article(category=news, duplicate_of=original)
    got = related_articles(base)
    assert original in got
    assert not {hidden, draft, repost} & set(got)


def test_many_shared_tags_do_not_repeat_an_article(make_article, news, tag):
    tags = [tag(f"t{i}") for i in range(5)]
    base = make_article(category=news, tags=tags)
    other = make_article(category=news, tags=tags)
    assert related_articles(base) == [other]


def test_no_category_no_tags_gives_empty(make_article):
    base = make_article()
    make_article()
    assert related_articles(base) == []
    assert related_articles(base, limit=0) == []
