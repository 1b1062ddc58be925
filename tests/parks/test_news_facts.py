"""Facts from the news in the parks app: extraction at enrichment, the review queue,
versioned reviews, the park page's 数据动态 timeline and who may see what."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from parkpulse.parks import news_facts, roles
from parkpulse.parks.fact_models import ParkFact
from parkpulse.parks.models import Park
from parkpulse.portal.models import Article
from tests.parks.conftest import make_user

pytestmark = pytest.mark.django_db

TEXT = ("示例数据。2023年，甲示例高新区高新技术企业总数累计超1800家，营业收入达3000亿元，同比增长12%。"
        "全市高新技术企业达1.5万家。")


@pytest.fixture
def editor(db):
    return make_user("editor_f", roles.EDITOR)


def publish(title="示例:甲示例高新区经济运行", body=TEXT, **kw):
    kw.setdefault("status", Article.Status.PUBLISHED)
    return Article.objects.create(title=title, body_text=body, **kw)


def test_enrichment_extracts_pending_facts_for_linked_parks(park_a):
    article = publish()
    assert list(article.parks.all()) == [park_a]
    facts = {(f.metric, f.value, f.unit): f for f in ParkFact.objects.filter(article=article)}
    assert set(facts) == {
        ("高新技术企业数", Decimal("1800"), "家"),
        ("营业收入", Decimal("3000"), "亿元"),
        ("增速", Decimal("12"), "%"),
    }  # the city's 1.5万家 is not the park's
    f = facts[("高新技术企业数", Decimal("1800"), "家")]
    assert f.status == ParkFact.Status.PENDING and f.park == park_a
    assert f.qualifier == "累计超" and f.year == 2023 and f.source_title == article.title
    assert "1800" in f.sentence


def test_drafts_and_unlinked_articles_give_no_facts(park_a):
    publish(status=Article.Status.DRAFT)
    publish(title="示例:无园区", body="示例数据。某地营业收入达3000亿元。")
    assert ParkFact.objects.count() == 0


def test_reanalysis_replaces_pending_and_keeps_reviewed(park_a, editor):
    article = publish()
    fact = ParkFact.objects.get(article=article, metric="营业收入")
    news_facts.review(fact, editor, "reject", reason="口径不符")
    article.body_text = TEXT.replace("3000亿元", "3100亿元").replace("1800家", "1900家")
    article.save()
    metrics = sorted((f.metric, f.value, f.status) for f in ParkFact.objects.filter(article=article))
    assert metrics == [
        ("增速", Decimal("12"), "pending"),
        ("营业收入", Decimal("3000"), "rejected"),
        ("营业收入", Decimal("3100"), "pending"),
        ("高新技术企业数", Decimal("1900"), "pending"),
    ]
    # analysing the same text again proposes nothing twice
    news_facts.extract_for_article(article)
    assert ParkFact.objects.filter(article=article).count() == 4


def test_unpublishing_drops_pending_facts(park_a):
    article = publish()
    article.status = Article.Status.DRAFT
    article.save()
    assert not ParkFact.objects.filter(article=article, status="pending").exists()


def test_review_is_versioned(park_a, editor):
    article = publish()
    fact = ParkFact.objects.get(article=article, metric="营业收入")
    news_facts.review(fact, editor, "correct", {"metric": "营业收入", "value": Decimal("3050"), "unit": "亿元",
                                                "qualifier": "达", "period": "2023年", "year": 2023}, "按年报更正")
    fact.refresh_from_db()
    assert fact.status == "confirmed" and fact.value == Decimal("3050") and fact.reviewer == editor
    revs = list(fact.revisions.order_by("number"))
    assert [r.number for r in revs] == [1, 2]
    assert revs[0].snapshot["value"] == "3000" and revs[0].snapshot["status"] == "pending"
    assert revs[1].snapshot["value"] == "3050" and revs[1].author == editor and revs[1].reason == "按年报更正"
    news_facts.review(fact, editor, "reject", reason="重复")
    assert fact.revisions.count() == 3


def test_queue_confirm_and_timeline(client, park_a, editor):
    article = publish()
    client.force_login(editor)
    page = client.get(reverse("parks:fact_queue"))
    assert page.status_code == 200 and "1800" in page.content.decode()
    fact = ParkFact.objects.get(article=article, metric="高新技术企业数")
    resp = client.post(reverse("parks:fact", args=[fact.pk]), {"action": "confirm", "next": "queue"})
    assert resp.status_code == 302 and resp["Location"] == reverse("parks:fact_queue")
    detail = client.get(park_a.get_absolute_url()).content.decode()
    assert "数据动态" in detail and "累计超1800家" in detail
    assert article.get_absolute_url() in detail  # linked to its source
    assert "营业收入" not in detail.split("数据动态")[1].split("</section>")[0]  # still pending


def test_reject_needs_a_reason_and_correct_needs_values(client, park_a, editor):
    publish()
    fact = ParkFact.objects.filter(park=park_a).first()
    client.force_login(editor)
    url = reverse("parks:fact", args=[fact.pk])
    body = client.post(url, {"action": "reject"}).content.decode()
    assert "驳回时必须填写理由" in body
    body = client.post(url, {"action": "correct", "metric": "", "value": "abc", "unit": ""}).content.decode()
    assert "更正时必须填写此项" in body or "请输入一个数字" in body
    fact.refresh_from_db()
    assert fact.status == "pending"


@pytest.mark.parametrize("who", ["anon", "company", "manager"])
def test_only_editors_review(client, park_a, manager_a, who):
    publish()
    fact = ParkFact.objects.filter(park=park_a).first()
    if who == "company":
        client.force_login(make_user("c2", roles.COMPANY))
    elif who == "manager":
        client.force_login(manager_a)
    queue = client.get(reverse("parks:fact_queue"))
    assert queue.status_code in (302, 403)
    url = reverse("parks:fact", args=[fact.pk])
    assert client.get(url).status_code == 403  # pending figures are not published
    assert client.post(url, {"action": "confirm"}).status_code == 403
    fact.refresh_from_db()
    assert fact.status == "pending"


def test_confirmed_fact_page_is_public(client, park_a, editor):
    publish()
    fact = ParkFact.objects.filter(park=park_a).first()
    news_facts.review(fact, editor, "confirm")
    page = client.get(reverse("parks:fact", args=[fact.pk]))
    assert page.status_code == 200 and fact.metric in page.content.decode()
    assert 'name="action"' not in page.content.decode()  # no review form for the public


def test_bad_queue_filters_do_not_fail(client, editor):
    client.force_login(editor)
    for qs in ("park=abc", "metric=%00", "page=-1", "metric=" + "x" * 500):
        assert client.get(reverse("parks:fact_queue") + "?" + qs).status_code == 200


def test_two_parks_in_one_article(park_a, park_b):
    Park.objects.filter(pk=park_b.pk).update(aliases=["乙经开区"])
    article = publish(title="示例:两园区", body="示例数据。甲示例高新区营业收入达3000亿元，乙经开区达1500亿元。")
    got = {(f.park_id, f.value) for f in ParkFact.objects.filter(article=article)}
    assert got == {(park_a.pk, Decimal("3000")), (park_b.pk, Decimal("1500"))}


def test_confirmed_facts_are_offered_on_the_ranking_import(client, park_a, editor):
    article = publish()
    fact = ParkFact.objects.get(article=article, metric="营业收入")
    news_facts.review(fact, editor, "confirm")
    admin = make_user("staff_f", is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get(reverse("rankings:import")).content.decode()
    assert "新闻数据候选值" in page and "达3000亿元" in page
    csv_text = client.get(reverse("parks:facts_csv")).content.decode("utf-8-sig")
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("park_id,park,metric,year")
    assert len(lines) == 2 and "营业收入" in lines[1] and ",3000,亿元," in lines[1]


def test_facts_csv_is_not_public(client, park_a):
    assert client.get(reverse("parks:facts_csv")).status_code == 403
    client.force_login(make_user("c3", roles.COMPANY))
    assert client.get(reverse("parks:facts_csv")).status_code == 403
