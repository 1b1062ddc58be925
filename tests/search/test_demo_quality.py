"""Tags and related lists on the whole portal demo (示例数据): the rules a reader sees."""

from __future__ import annotations

from collections import Counter

import pytest

from parkpulse.portal.demo import load_demo
from parkpulse.portal.models import Article
from parkpulse.search.bulk import enrich_many
from parkpulse.search.enrich import MAX_TAGS, paused
from parkpulse.search.related import FILL_BELOW, related_articles
from parkpulse.textkit.keywords import STOPWORDS
from parkpulse.textkit.tokenize import default_tokenizer

pytestmark = pytest.mark.django_db

NOISE = {"企业", "园区", "产业", "启用", "提速", "跃居", "首批", "第二批", "两地", "长株", "the", "to",
         "for", "parkpulse", "本页"}


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with paused():
        load_demo(lambda *_: None)
    enrich_many(list(Article.objects.values_list("id", flat=True)), force=True)
    return list(Article.objects.published().prefetch_related("tags"))


def test_demo_tags_and_related_lists(demo):
    """One load (enrichment of the whole demo is slow), every check."""
    check_tags(demo)
    check_related(demo)


def check_tags(articles):
    engine = default_tokenizer()
    for a in articles:
        names = [t.name for t in a.tags.all()]
        assert len(names) <= MAX_TAGS, (a.title, names)
        assert len({n.lower() for n in names}) == len(names), (a.title, names)
        auto = {t.name.lower() for t in a.tags.all() if t.kind != "topic"}  # topics: editors'
        assert not auto & (NOISE | STOPWORDS), (a.title, auto & (NOISE | STOPWORDS))
        for t in a.tags.all():
            if t.kind == "keyword" and not t.name.isascii():
                assert engine.is_word(t.name), (a.title, t.name)  # no broken words
            if t.kind == "region" and t.slug.endswith("0000"):
                # a province is tagged only when the text names something in it
                text = a.title + a.body_text
                assert any(r in text for r in (t.name[:2],)) or a.tags.filter(
                    kind="region", slug__startswith=t.slug[:2]).exclude(pk=t.pk).exists(), (a.title, t.name)
    gansu = sum(1 for a in articles if any(t.slug == "620000" for t in a.tags.all()))
    assert gansu == sum(1 for a in articles if "甘肃" in a.title + a.body_text)


def check_related(articles):
    per_category = Counter(a.category_id for a in articles)
    short = []
    for a in articles:
        shown = related_articles(a)
        assert a not in shown and len(shown) <= 8
        assert len({r.pk for r in shown}) == len(shown)
        assert all(r.duplicate_of_id is None for r in shown)
        if per_category[a.category_id] >= 5 and len(shown) < FILL_BELOW:
            short.append(a.title)
    assert not short, short
