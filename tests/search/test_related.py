"""Related lists on the hand-labelled 示例 set (parkpulse.search.samples)."""

import pytest
from django.db import connection

from parkpulse.portal.models import Article
from parkpulse.search.models import RelatedLink
from parkpulse.search.related import related_articles
from parkpulse.search.samples import labelled_neighbours

pytestmark = pytest.mark.django_db


def evaluate(samples):
    """(precision of the scored part, precision@8, recall) over the labelled lists.

    The scored part is the smart list (score > 0): its precision says whether what we claim
    to be related is. precision@8 counts the relevant articles among the first eight shown
    against min(8, relevant) — what a reader of the eight slots gets, fill included (fill
    entries are not claims, they stand in for empty slots as on the seed site).
    """
    by_id = {a.pk: k for k, a in samples.items()}
    labels = labelled_neighbours()
    scored_precisions, at8, recalls = [], [], []
    for key, relevant in labels.items():
        shown = related_articles(samples[key])
        keys = [by_id.get(a.pk) for a in shown]
        scored = [by_id.get(a.pk) for a in shown if a.related_score > 0]
        if scored:
            scored_precisions.append(sum(k in relevant for k in scored) / len(scored))
        if relevant:
            hits = sum(k in relevant for k in keys[:8])
            at8.append(hits / min(8, len(relevant)))
            recalls.append(hits / len(relevant))
    mean = lambda xs: sum(xs) / len(xs)  # noqa: E731
    return mean(scored_precisions), mean(at8), mean(recalls)


def test_precision_and_recall_on_labelled_set(samples):
    precision, at8, recall = evaluate(samples)
    print(f"related: scored precision {precision:.3f}, precision@8 {at8:.3f}, recall {recall:.3f}")
    assert precision >= 0.95, precision
    assert at8 >= 0.95, at8
    assert recall >= 0.9, recall


def test_never_self_or_duplicates(samples):
    repost = samples["bio1-repost"]
    for key, article in samples.items():
        shown = related_articles(article)
        assert article not in shown
        assert repost not in shown
        if key == "bio1-repost":
            assert samples["bio1"] not in shown  # its own original


def test_unrelated_articles_get_only_fill(samples):
    """Nothing is claimed related to a text about nothing else; its slots are filled with
    the newest of its category, never with itself or a repost."""
    for key in ("lone1", "lone2"):
        shown = related_articles(samples[key])
        assert shown and all(a.related_score == 0 for a in shown)
        assert all(a.category_id == samples[key].category_id for a in shown)
        dates = [a.published_at for a in shown]
        assert dates == sorted(dates, reverse=True)


def test_short_lists_are_filled_to_eight_in_tier_order(samples):
    # cd-food has three articles: two scored neighbours, then fill.
    food1 = samples["food1"]
    shown = related_articles(food1)
    scored = [a for a in shown if a.related_score > 0]
    assert {a.pk for a in scored} == {samples["food2"].pk, samples["food3"].pk}
    assert len(shown) == 8
    assert shown[: len(scored)] == scored  # the smart list first


def test_fill_skips_unlinked_near_duplicates(samples):
    """A second copy of a story that the collector did not link (different title, same
    text) never fills a list."""
    lone = samples["lone1"]
    copy = Article.objects.create(
        title="示例:园区组织消防演练", body_text=lone.body_text, status="published",
        category=lone.category, is_sample=True,
    )
    from parkpulse.search.related import refresh_related

    refresh_related(lone, neighbours=False)
    assert copy not in related_articles(lone)


def test_same_named_districts_do_not_relate(samples):
    bj = {a.pk for a in related_articles(samples["bjai1"]) if a.related_score > 0}
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




def test_place_and_industry_fill_is_the_same_read_either_way(samples, monkeypatch):
    """The place-and-industry tier is read from an id list when the pair is rare and by a
    walk of the newest articles otherwise: both give the same articles in the same order."""
    from parkpulse.search import related as R

    compared = 0
    for art in samples.values():
        a = R.load_features([art.pk])[art.pk]
        places = R._specific_places(a.regions)
        if not (places and a.industries):
            continue
        base = Article.objects.published().exclude(pk=art.pk).order_by("-published_at", "-id")
        listed = list(R._place_and_industry(base, places, a.industries).values_list("id", flat=True))
        monkeypatch.setattr(R, "FEW", -1)
        walked = list(R._place_and_industry(base, places, a.industries).values_list("id", flat=True))
        monkeypatch.setattr(R, "FEW", 2000)
        assert listed == walked
        compared += bool(listed)
    assert compared >= 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statistics")
def test_common_keywords_take_their_counts_from_postgresql_statistics(db, monkeypatch):
    """A keyword with thousands of postings is not counted row by row: ANALYZE's
    most-common-values share gives its document frequency, close to the exact count."""
    from django.test.utils import CaptureQueriesContext

    from parkpulse.portal.models import Tag
    from parkpulse.search import related as R
    from parkpulse.search.models import KeywordWeight

    common = Tag.objects.create(kind=Tag.Kind.KEYWORD, slug="示例常见词", name="示例常见词")
    rare = Tag.objects.create(kind=Tag.Kind.KEYWORD, slug="示例少见词", name="示例少见词")
    arts = Article.objects.bulk_create([Article(title=f"示例{i}", status="published", is_sample=True)
                                        for i in range(1500)])
    KeywordWeight.objects.bulk_create([KeywordWeight(article=a, tag=common, weight=0.5) for a in arts]
                                      + [KeywordWeight(article=a, tag=rare, weight=0.5) for a in arts[:7]])
    with connection.cursor() as cur:
        cur.execute("ANALYZE search_keywordweight")
    monkeypatch.setattr(R, "_df_cache", {})
    monkeypatch.setattr(R, "_common", (0.0, {}))
    with CaptureQueriesContext(connection) as queries:
        df = R.document_frequency([common.pk, rare.pk])
    assert df[rare.pk] == 7  # counted
    assert abs(df[common.pk] - 1500) <= 150  # from the statistics
    counted = [q["sql"] for q in queries if "COUNT" in q["sql"].upper()]
    assert counted and all(str(common.pk) not in sql.split("IN (")[-1] for sql in counted)
