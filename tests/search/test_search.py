"""Search behaves the same on SQLite (FTS5) and PostgreSQL (tsvector): CI runs this file on both."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from parkpulse.portal.models import Article
from parkpulse.search import context
from parkpulse.search.backends import PostgresBackend, SQLiteBackend, get_backend
from parkpulse.search.query import SearchQuery, highlight, prepare

pytestmark = pytest.mark.django_db


def run(text, **kw):
    q = prepare(SearchQuery(text, **kw), context.current().tokenizer)
    return get_backend().search(q)


def keys(samples, results):
    by_id = {a.pk: k for k, a in samples.items()}
    return [by_id.get(pk) for pk, _ in results.hits]


def test_backend_matches_database():
    expected = {"sqlite": SQLiteBackend, "postgresql": PostgresBackend}[connection.vendor]
    assert isinstance(get_backend(), expected)


@pytest.mark.parametrize(
    "query, top, allowed",
    [
        ("碳化硅", "chip3", {"chip3"}),
        ("EDA工具", "chip2", {"chip2"}),
        ("芯片！!!", None, {"chip1", "chip2", "chip3", "chip4"}),
        ("朝阳区 大模型", None, {"bjai1", "bjai2", "bjai3"}),
        ("冲压 焊装", None, {"ccauto1", "ccauto2", "ccauto3"}),
        ("苏州工业园区 创新药", None, {"bio1", "bio2", "bio3", "bio4"}),
        ("预制菜", None, {"food1", "food2", "food3"}),
    ],
)
def test_same_top_results_for_known_queries(samples, query, top, allowed):
    got = keys(samples, run(query))
    assert got, query
    assert set(got) <= allowed, (query, got)
    if top:
        assert got[0] == top


def test_repost_is_never_a_result(samples):
    got = keys(samples, run("抗体药物"))
    assert "bio1" in got and "bio1-repost" not in got


def test_one_and_two_character_queries(samples):
    got = set(keys(samples, run("药")))
    assert {"bio1", "bio2", "bio3", "bio4"} <= got and not got & {"chip1", "food1"}
    # 州工 is no word: found from the n-gram index (苏州工业园区), not the word index
    got2 = set(keys(samples, run("州工")))
    assert got2 == {"bio1", "bio3"}
    assert set(keys(samples, run("园区"))) >= {"bio1", "chip1", "lone1", "lone2"}
    assert set(keys(samples, run("ai"))) == set()  # no sample mentions AI as a word


def test_mixed_chinese_english_and_full_width(samples):
    assert keys(samples, run("ＥＤＡ"))[:1] == ["chip2"]


def test_every_piece_must_match(samples):
    assert run("碳化硅 预制菜").total == 0
    assert set(keys(samples, run("碳化硅 晶圆"))) == {"chip3"}


def test_nonsense_finds_nothing(samples):
    for text in ("zzqx不存在的词语", "zzzqqq不存在的词", "碳化硅 zzqx"):
        assert run(text).total == 0, text


def test_content_words_match_without_stopwords_or_single_characters(samples):
    # 苏州的创新药: 苏州 and 创新药 anywhere; 的 is neither required nor enough
    got = set(keys(samples, run("苏州的创新药")))
    assert got == {"bio1", "bio2", "bio3", "bio4"}


def test_literal_title_match_ranks_first(samples):
    now = timezone.now()
    body_only = Article.objects.create(
        title="示例:营商环境周报", body_text="示例数据。云溪经开区上线企业服务平台的消息见正文。",
        status="published", published_at=now)
    in_title = Article.objects.create(
        title="示例:云溪经开区上线企业服务平台", body_text="示例数据。平台提供政务服务。",
        status="published", published_at=now - timedelta(days=300))
    other = Article.objects.create(
        title="示例:北岭智造产业园推出人才公寓", body_text="示例数据。人才公寓面向入驻企业。",
        status="published", published_at=now)
    assert [pk for pk, _ in run("经开区上").hits][:2] == [in_title.pk, body_only.pk]
    assert [pk for pk, _ in run("智造产业").hits] == [other.pk]
    assert [pk for pk, _ in run("开区上线企业").hits][:1] == [in_title.pk]


def test_filters(samples):
    assert set(keys(samples, run("补贴", category="policy"))) <= {
        "bio3", "ev3", "bjai2", "ccauto2", "chip2", "food2"}
    assert set(keys(samples, run("补贴", region="110105"))) == {"bjai2"}
    assert set(keys(samples, run("朝阳区", region="220104"))) == {"ccauto1", "ccauto2", "ccauto3"}
    assert set(keys(samples, run("企业", industry="food"))) <= {"food1", "food2", "food3"}
    park = samples["ev1"].parks.get()
    assert set(keys(samples, run("新能源汽车", park=park.pk))) == {"ev1", "ev3", "ev4"}
    day = timezone.localdate(samples["chip4"].published_at)
    assert keys(samples, run("芯片", date_from=day, date_to=day)) == ["chip4"]


def test_source_filter(samples):
    from parkpulse.collect.models import Source

    src = Source.objects.create(name="示例来源", home_url="https://example.org/")
    Article.objects.filter(pk=samples["food2"].pk).update(source=src)
    assert keys(samples, run("预制菜", source=src.pk)) == ["food2"]


def test_pagination(samples):
    first = run("示例数据", per_page=5, page=1)
    second = run("示例数据", per_page=5, page=2)
    assert first.total == 23  # every published original
    assert first.num_pages == 5
    assert len(first.ids) == 23
    assert not {pk for pk, _ in first.hits} & {pk for pk, _ in second.hits}


def test_recency_boost_orders_equal_texts(db):
    now = timezone.now()
    old = Article.objects.create(title="示例：储能电站并网", body_text="示例数据。储能电站并网。",
                                 status="published", published_at=now - timedelta(days=400))
    new = Article.objects.create(title="示例：储能电站并网（二）", body_text="示例数据。储能电站并网。",
                                 status="published", published_at=now - timedelta(days=1))
    assert [pk for pk, _ in run("储能电站").hits] == [new.pk, old.pk]


def test_drafts_and_punctuation_only(db):
    Article.objects.create(title="示例：草稿储能", body_text="储能", status="draft")
    assert run("储能").total == 0
    assert run("!!!。。").total == 0 and run("!!!。。").hits == []


def test_highlight_escapes_and_marks():
    html = highlight("<b>苏州工业园区</b>创新药", ["创新药"])
    assert "&lt;b&gt;" in html and "<mark>创新药</mark>" in html


def test_window_ranks_newest_matches(samples, monkeypatch):
    from parkpulse.search import backends

    monkeypatch.setattr(backends, "WINDOW", 4)
    newest = list(Article.objects.published().order_by("-id").values_list("id", flat=True))
    res = run("示例数据", per_page=2)
    assert res.capped and res.total == 4
    assert len(res.hits) == 2 and set(res.ids) == set(newest[:4])
    # filters are applied inside the indexed query, so a filter is never lost to the window
    assert set(keys(samples, run("补贴", region="110105"))) == {"bjai2"}
