"""Portal fixtures: a small published corpus (the cache is cleared for every test: tests/conftest.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from parkpulse.collect.models import Source
from parkpulse.portal.models import Article, Category, Tag


@pytest.fixture
def make_article(db):
    counter = {"n": 0}

    def make(**kw):
        counter["n"] += 1
        n = counter["n"]
        tags = kw.pop("tags", [])
        kw.setdefault("title", f"测试文章 {n}")
        kw.setdefault("status", Article.Status.PUBLISHED)
        kw.setdefault("body_html", f"<p>第 {n} 篇的正文。</p>")
        kw.setdefault("body_text", f"第 {n} 篇的正文。")
        kw.setdefault("published_at", timezone.now() - timedelta(days=n))
        a = Article.objects.create(**kw)
        # exactly the tags the test asks for, whatever enrichment at save time added
        a.tags.set(tags)
        return a

    return make


@pytest.fixture
def news(db):
    return Category.objects.create(slug="news", name="园区动态", order=1)


@pytest.fixture
def policy(db):
    return Category.objects.create(slug="policy", name="政策解读", order=2)


@pytest.fixture
def source(db):
    return Source.objects.create(name="示例来源网", home_url="https://example.com/")


@pytest.fixture
def tag(db):
    def make(name):
        return Tag.objects.get_or_create(slug=name, kind=Tag.Kind.TOPIC, defaults={"name": name})[0]

    return make
