"""The portal's demo content: enough, varied, labelled sample, and sourced where real."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from parkpulse.parks.models import Park
from parkpulse.portal.demo import load_demo
from parkpulse.portal.models import Article, CallToAction, Category, Tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    lines = []
    load_demo(lines.append)
    return lines


def test_demo_content(demo, client):
    """One load (enrichment makes it slow), every check."""
    check_articles(demo)
    check_parks_and_cta()
    check_pages_render(client)


def check_articles(demo):
    articles = Article.objects.published()
    assert articles.count() >= 40
    assert not Article.objects.filter(is_sample=False).exists()
    assert Category.objects.filter(articles__isnull=False).distinct().count() >= 4
    assert not articles.filter(author="").exists()
    assert not articles.filter(tags__isnull=True).exists()
    # one tag per name: a list written with full-width commas once loaded as one long tag
    names = set(Tag.objects.filter(articles__in=articles).values_list("name", flat=True))
    assert names and not [n for n in names if any(sep in n for sep in ",，、")]
    assert not articles.filter(source__isnull=True).exists()
    oldest, newest = articles.order_by("published_at")[0], articles[0]
    now = timezone.now()
    assert now - newest.published_at < timedelta(days=30)
    assert timedelta(days=365) < now - oldest.published_at <= timedelta(days=731)
    covered = [a for a in articles if a.cover]
    assert len(covered) >= 5
    assert all(a.cover.storage.exists(a.cover.name) for a in covered)
    assert len({a.title for a in articles}) == articles.count()
    assert demo and "篇文章" in demo[0]


def check_parks_and_cta():
    parks = Park.objects.all()
    assert parks.count() >= 12
    assert all(p.is_sample and p.source_note for p in parks)
    # real parks carry only sourced facts; invented ones say so in their description
    invented = parks.filter(level=Park.Level.OTHER)
    assert invented.count() >= 5
    assert all(p.description.startswith("示例") and "虚构" in p.source_note for p in invented)
    assert all(p.description == "" for p in parks.exclude(level=Park.Level.OTHER))
    assert Article.objects.filter(parks__isnull=False).exists()
    assert CallToAction.current() is not None


def check_pages_render(client):
    a = Article.objects.published().filter(cover__gt="")[0]
    page = client.get(a.get_absolute_url()).content.decode()
    assert "示例数据" in page and "相关文章" in page
    assert client.get("/").status_code == 200
    assert client.get(a.category.get_absolute_url()).status_code == 200
