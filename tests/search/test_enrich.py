import pytest

from parkpulse.parks.models import Park
from parkpulse.portal.models import Article, Tag
from parkpulse.search.models import KeywordWeight, SearchDocument
from parkpulse.site.cli import main

pytestmark = pytest.mark.django_db


def make(**kw):
    kw.setdefault("status", "published")
    return Article.objects.create(**kw)


def test_saving_an_article_enriches_it():
    park = Park.objects.create(name="合肥高新技术产业开发区", aliases=["合肥高新区"], city="合肥市", is_sample=True)
    a = make(title="示例：合肥高新区动力电池项目开工",
             body_text="示例数据。安徽省合肥市动力电池和储能项目在合肥高新区开工。")
    kinds = {(t.kind, t.slug) for t in a.tags.all()}
    assert ("region", "340100") in kinds and ("region", "340000") in kinds
    assert ("industry", "energy") in kinds
    assert any(k == "keyword" for k, _ in kinds)
    assert list(a.parks.all()) == [park]
    doc = SearchDocument.objects.get(pk=a.pk)
    assert "动力电池" in doc.body_tokens.split()
    # the park's name is a park tag and the places are places, not keywords
    words = set(KeywordWeight.objects.filter(article=a).values_list("tag__name", flat=True))
    assert "动力电池" in words and not words & {"合肥高新区", "合肥", "安徽省", "项目", "开工"}


def test_view_count_save_does_not_reanalyse():
    a = make(title="示例：芯片", body_text="示例数据。芯片封测。")
    before = SearchDocument.objects.get(pk=a.pk).updated_at
    a.view_count = 5
    a.save(update_fields=["view_count"])
    assert SearchDocument.objects.get(pk=a.pk).updated_at == before


def test_editing_text_reindexes_and_keeps_topic_tags():
    a = make(title="示例：芯片", body_text="示例数据。芯片封测。")
    topic = Tag.objects.create(kind="topic", name="专题", slug="zhuanti")
    a.tags.add(topic)
    a.body_text = "示例数据。预制菜中央厨房扩建，预制菜产线投产。"
    a.save()
    doc = SearchDocument.objects.get(pk=a.pk)
    assert "预制菜" in doc.body_tokens.split() and "封测" not in doc.body_tokens.split()
    assert topic in a.tags.all()
    assert ("industry", "food") in {(t.kind, t.slug) for t in a.tags.all()}


def test_new_park_is_linked_after_enrich_all(capsys):
    a = make(title="示例：东湖高新区光电子项目", body_text="示例数据。东湖高新区光电子项目签约。")
    assert not a.parks.exists()
    park = Park.objects.create(name="武汉东湖新技术开发区", aliases=["东湖高新区"], is_sample=True)
    assert main(["enrich", "--all", "--quiet"]) == 0
    assert list(a.parks.all()) == [park]
    assert "已分析" in capsys.readouterr().out


def test_enrich_unknown_article_is_a_clear_error(capsys):
    assert main(["enrich", "--article", "999999", "--quiet"]) == 1
    assert "找不到文章" in capsys.readouterr().err


def test_paused_saves_are_not_enriched_until_enrich_all():
    from parkpulse.search.enrich import paused

    with paused():
        a = make(title="示例：芯片封测", body_text="示例数据。芯片封测。")
    assert not SearchDocument.objects.filter(pk=a.pk).exists() and not a.tags.exists()
    assert main(["enrich", "--article", str(a.pk), "--quiet"]) == 0
    assert SearchDocument.objects.filter(pk=a.pk).exists() and a.tags.exists()


def test_the_index_keeps_the_articles_date():
    """The search document's copy of the date (what PostgreSQL's date filter reads) follows
    every save, also one that enrichment skips: a date-only edit, a paused import."""
    from datetime import timedelta

    from parkpulse.search.enrich import paused

    a = make(title="示例：园区日期", body_text="示例数据。园区。")
    assert SearchDocument.objects.get(pk=a.pk).published_at == a.published_at
    a.published_at -= timedelta(days=400)
    a.save(update_fields=["published_at"])
    assert SearchDocument.objects.get(pk=a.pk).published_at == a.published_at
    with paused():
        a.published_at += timedelta(days=30)
        a.save()
    assert SearchDocument.objects.get(pk=a.pk).published_at == a.published_at
