"""Related lists on the hand-labelled 示例 set (parkpulse.search.samples)."""

import pytest

from parkpulse.portal.models import Article
from parkpulse.search.models import RelatedLink
from parkpulse.search.related import related_articles
from parkpulse.search.samples import labelled_neighbours

pytestmark = pytest.mark.django_db


def evaluate(samples):
    """Mean precision of the shown lists and mean recall against the labels."""
    by_id = {a.pk: k for k, a in samples.items()}
    labels = labelled_neighbours()
    precisions, recalls = [], []
    for key, relevant in labels.items():
        shown = [by_id[a.pk] for a in related_articles(samples[key])]
        if shown:
            precisions.append(sum(k in relevant for k in shown) / len(shown))
        if relevant:
            recalls.append(sum(k in relevant for k in shown) / len(relevant))
    return sum(precisions) / len(precisions), sum(recalls) / len(recalls)


def test_precision_and_recall_on_labelled_set(samples):
    precision, recall = evaluate(samples)
    assert precision >= 0.9, precision
    assert recall >= 0.6, recall


def test_never_self_or_duplicates(samples):
    repost = samples["bio1-repost"]
    for key, article in samples.items():
        shown = related_articles(article)
        assert article not in shown
        assert repost not in shown
        if key == "bio1-repost":
            assert samples["bio1"] not in shown  # its own original


def test_unrelated_articles_get_no_filler(samples):
    for key in ("lone1", "lone2"):
        assert related_articles(samples[key]) == []


def test_same_named_districts_do_not_relate(samples):
    bj = {a.pk for a in related_articles(samples["bjai1"])}
    cc = {samples[k].pk for k in ("ccauto1", "ccauto2", "ccauto3")}
    assert not bj & cc


def test_lists_are_cached_and_refreshed_when_an_article_arrives(samples):
    bio2 = samples["bio2"]
    assert RelatedLink.objects.filter(article=bio2).exists()
    new = Article.objects.create(
        title="示例：苏州工业园区创新药与细胞治疗平台启用",
        body_text="示例数据。苏州工业园区细胞治疗和创新药公共实验平台启用，服务生物医药企业研发。",
        status="published", category=bio2.category, is_sample=True,
    )
    assert new in related_articles(bio2) or new in related_articles(samples["bio1"])
    assert samples["bio1"] in related_articles(new)


def test_hidden_article_leaves_lists(samples):
    bio3 = samples["bio3"]
    assert bio3 in related_articles(samples["bio1"])
    bio3.status = "hidden"
    bio3.save()
    assert bio3 not in related_articles(samples["bio1"])
