"""Tags on articles: how many, which words, links to tag pages, and editors' decisions."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from parkpulse.parks.models import Park
from parkpulse.portal.models import Article, Category, Tag, TagDecision
from parkpulse.search.enrich import MAX_TAGS
from parkpulse.site.cli import main

pytestmark = pytest.mark.django_db

# The noise the issue found on the demo: generic nouns, verbs, ordinals, a broken word,
# English stop words and the sample notice's words.
NEVER = {"企业", "园区", "产业", "启用", "提速", "跃居", "首批", "第二批", "两地", "长株", "the", "to",
         "for", "parkpulse", "本页", "示例", "示例数据"}


@pytest.fixture
def news(db):
    return Category.objects.create(slug="news", name="园区资讯")


def make(category, **kw):
    kw.setdefault("status", "published")
    return Article.objects.create(category=category, is_sample=True, **kw)


NOISY = dict(
    title="示例:长株潭首批标准厂房启用,园区产业提速跃居前列",
    body_text=(
        "示例数据。湖南省长沙市经开区首批标准厂房启用,第二批标准厂房开工,两地企业合作共赢。"
        "园区产业规模提速,跃居全省前列,工程机械企业扩产,工程机械产业链配套完善。"
        "The park is open to visitors for the first time.\n"
        "示例数据:本页为 ParkPulse 演示而编写,园区、企业和数字均为虚构。"
    ),
)


def test_tags_are_few_meaningful_and_unique(news):
    a = make(news, **NOISY)
    tags = list(a.tags.all())
    names = [t.name for t in tags]
    assert 0 < len(tags) <= MAX_TAGS
    assert len({n.lower() for n in names}) == len(names)
    assert not NEVER & {n.lower() for n in names}, names
    assert not [n for n in names if re.fullmatch(r"[\d.%]+", n)]
    kinds = {(t.kind, t.slug) for t in tags}
    assert ("region", "430100") in kinds  # 长沙市, written in full
    assert "标准厂房" in names and "工程机械" in names


def test_a_keyword_inside_a_shown_tag_is_not_shown_again():
    from parkpulse.search.enrich import choose_tags

    def tag(pk, kind, name):
        return Tag(pk=pk, kind=kind, name=name, slug=str(pk))

    editors = [tag(1, Tag.Kind.TOPIC, "汽车零部件")]
    industry = tag(2, Tag.Kind.INDUSTRY, "新能源")
    keywords = [tag(3, Tag.Kind.KEYWORD, "零部件"), tag(4, Tag.Kind.KEYWORD, "结构件"),
                tag(5, Tag.Kind.KEYWORD, "新能源"), tag(6, Tag.Kind.KEYWORD, "新能源汽车")]
    chosen = choose_tags([(Tag.Kind.INDUSTRY, [industry]), (Tag.Kind.KEYWORD, keywords)],
                         kept=editors, blocked=set())
    # 零部件 is inside 汽车零部件 and 新能源 is the industry already shown; a longer keyword
    # that holds a shown name (新能源汽车) says more, and stays
    assert [t.name for t in chosen] == ["新能源", "结构件", "新能源汽车"]


def test_places_from_common_words_are_not_tagged(news):
    a = make(news, title="示例:园区与企业开展战略合作", body_text="示例数据。双方深化战略合作,实现合作共赢,发展朝阳产业。")
    assert not a.tags.filter(kind="region").exists()


def test_park_tags_come_first_and_link_the_park(news):
    park = Park.objects.create(name="示例云溪经济技术开发区", aliases=["云溪经开区"], city="长沙市", is_sample=True)
    a = make(news, title="示例:云溪经开区集成电路项目开工",
             body_text="示例数据。云溪经开区集成电路封测项目开工,集成电路设计企业集聚。")
    tag = a.tags.get(kind="park")
    assert tag.slug == str(park.pk) and tag.name == park.name
    assert list(a.parks.all()) == [park]
    assert a.tag_list()[0] == tag


def test_every_tag_on_the_article_page_links_to_its_tag_page(client, news):
    a = make(news, **NOISY)
    cache.clear()
    page = client.get(a.get_absolute_url()).content.decode()
    tags = list(a.tags.all())
    assert tags
    for t in tags:
        url = t.get_absolute_url()
        assert f'href="{url}"' in page, t
        listing = client.get(url)
        assert listing.status_code == 200
        assert a.title in listing.content.decode()


def test_editors_decisions_survive_re_enrichment(news, capsys):
    a = make(news, **NOISY)
    auto = a.tags.get(name="标准厂房")
    topic = Tag.objects.create(kind="topic", name="长株潭一体化", slug="cztyth")
    TagDecision.objects.create(article=a, tag=auto, action="block")
    TagDecision.objects.create(article=a, tag=topic, action="pin")
    assert main(["enrich", "--all", "--force", "--quiet"]) == 0
    names = set(a.tags.values_list("name", flat=True))
    assert "标准厂房" not in names and "长株潭一体化" in names
    assert a.tags.count() <= MAX_TAGS
    # The text changes: re-analysed, and the decisions still stand.
    a.body_text = NOISY["body_text"] + "新的标准厂房交付使用。"
    a.save()
    names = set(a.tags.values_list("name", flat=True))
    assert "标准厂房" not in names and "长株潭一体化" in names


def test_editor_adds_and_removes_tags_in_the_admin(admin_client, news):
    a = make(news, **NOISY)
    before = list(a.tags.all())
    removed = next(t for t in before if t.name == "标准厂房")
    added = Tag.objects.create(kind="topic", name="示例专题", slug="shili-zhuanti")
    tags = [t.pk for t in before if t != removed] + [added.pk]
    data = {
        "title": a.title, "status": a.status, "category": news.pk, "author": "",
        "published_at_0": a.published_at.strftime("%Y-%m-%d"),
        "published_at_1": a.published_at.strftime("%H:%M:%S"),
        "summary": "", "tags": tags, "body_html": "", "body_text": a.body_text,
        "source": "", "source_url": "", "canonical_url": "", "duplicate_of": "", "parks": "",
        "is_sample": "on",
        "tag_decisions-TOTAL_FORMS": "0", "tag_decisions-INITIAL_FORMS": "0",
        "tag_decisions-MIN_NUM_FORMS": "0", "tag_decisions-MAX_NUM_FORMS": "1000",
    }
    response = admin_client.post(f"/admin/portal/article/{a.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    decisions = dict(TagDecision.objects.filter(article=a).values_list("tag__name", "action"))
    assert decisions == {"标准厂房": "block", "示例专题": "pin"}
    assert main(["enrich", "--all", "--force", "--quiet"]) == 0
    names = set(a.tags.values_list("name", flat=True))
    assert "标准厂房" not in names and "示例专题" in names
    page = admin_client.get(f"/admin/portal/article/{a.pk}/change/").content.decode()
    assert "标签固定与屏蔽" in page


def test_a_renamed_park_renames_its_tag(news):
    park = Park.objects.create(name="示例云溪经济技术开发区", aliases=["云溪经开区"], is_sample=True)
    a = make(news, title="示例:云溪经开区集成电路项目开工", body_text="示例数据。云溪经开区集成电路项目开工。")
    park.name = "示例云溪高新技术产业开发区"
    park.save()
    assert main(["enrich", "--all", "--quiet"]) == 0
    assert a.tags.get(kind="park").name == "示例云溪高新技术产业开发区"
