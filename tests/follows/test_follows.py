"""Follows: following and unfollowing, the personal RSS/Atom feed, and the e-mail digest
through Django's file mail backend."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from parkpulse.follows.digest import send_digests
from parkpulse.follows.models import Follow, Subscriber
from parkpulse.parks import news_facts, roles
from parkpulse.parks.fact_models import ParkFact
from parkpulse.parks.models import Park
from parkpulse.portal.models import Article, Tag
from parkpulse.search.enrich import paused
from tests.parks.conftest import make_user as make_parks_user


def make_user(username, *groups, email=""):
    user = make_parks_user(username, *groups)
    user.email = email
    user.save(update_fields=["email"])
    return user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    park = Park.objects.create(name="甲示例高新区", is_sample=True)
    other = Park.objects.create(name="乙示例经开区", is_sample=True)
    region = Tag.objects.create(kind=Tag.Kind.REGION, slug="320500", name="苏州市")
    industry = Tag.objects.create(kind=Tag.Kind.INDUSTRY, slug="biomed", name="生物医药")
    now = timezone.now()
    with paused():
        a_park = Article.objects.create(title="示例：甲园区新闻", body_text="示例数据", status="published",
                                        published_at=now - timedelta(hours=2))
        a_park.parks.add(park)
        a_place = Article.objects.create(title="示例：苏州新闻", body_text="示例数据", status="published",
                                         published_at=now - timedelta(hours=3))
        a_place.tags.add(region)
        a_ind = Article.objects.create(title="示例：药企扩产", body_text="示例数据", status="published",
                                       published_at=now - timedelta(hours=4))
        a_ind.tags.add(industry)
        a_search = Article.objects.create(title="示例：碳化硅项目开工", body_text="示例数据 衬底", status="published",
                                          published_at=now - timedelta(hours=5))
        Article.objects.create(title="示例：乙园区新闻", body_text="示例数据", status="published",
                               published_at=now - timedelta(hours=1)).parks.add(other)
        Article.objects.create(title="示例：草稿 碳化硅", body_text="x", status="draft").parks.add(park)
    return {"park": park, "other": other, "articles": [a_park, a_place, a_ind, a_search]}


def follow_all(client, user, world):
    client.force_login(user)
    for kind, value in (("park", world["park"].pk), ("place", "苏州市"), ("industry", "biomed"),
                        ("search", "碳化硅")):
        resp = client.post(reverse("follows:add"), {"kind": kind, "value": value})
        assert resp.status_code == 302


def test_follow_everything_and_see_updates(client, world):
    user = make_user("fan", email="fan@example.com")
    follow_all(client, user, world)
    assert sorted(user.follows.values_list("kind", "value")) == [
        ("industry", "biomed"), ("park", str(world["park"].pk)), ("place", "320500"), ("search", "碳化硅")]
    page = client.get(reverse("follows:mine")).content.decode()
    for a in world["articles"]:
        assert a.title in page
    assert "乙园区新闻" not in page and "草稿" not in page


@pytest.mark.parametrize("kind,value", [("park", "999999"), ("park", "abc"), ("place", "火星"),
                                        ("industry", "nothing"), ("search", ""), ("moon", "x")])
def test_bad_follows_are_refused_with_a_reason(client, world, kind, value):
    client.force_login(make_user("picky"))
    resp = client.post(reverse("follows:add"), {"kind": kind, "value": value}, follow=True)
    assert resp.status_code == 200 and not Follow.objects.exists()
    assert any(m.level_tag == "error" for m in resp.context["messages"])


@pytest.mark.parametrize("kind,value", [("place", "苏州" + chr(0)), ("search", "a" + chr(0))])
def test_nul_in_a_follow_is_refused_before_the_view(client, world, kind, value):
    # the site's request limits answer 400 for a NUL in any form body (PostgreSQL refuses it)
    client.force_login(make_user("picky"))
    resp = client.post(reverse("follows:add"), {"kind": kind, "value": value})
    assert resp.status_code == 400 and "空字符" in resp.content.decode()
    assert not Follow.objects.exists()


def test_follow_needs_login_and_post(client, world):
    resp = client.post(reverse("follows:add"), {"kind": "park", "value": world["park"].pk})
    assert resp.status_code == 302 and "/accounts/login/" in resp["Location"]
    client.force_login(make_user("getter"))
    assert client.get(reverse("follows:add")).status_code == 405


def test_unfollow_only_ones_own(client, world):
    owner = make_user("owner")
    f = Follow.objects.create(user=owner, kind="park", value=str(world["park"].pk))
    client.force_login(make_user("intruder"))
    assert client.post(reverse("follows:delete", args=[f.pk])).status_code == 404
    client.force_login(owner)
    client.post(reverse("follows:delete", args=[f.pk]))
    assert not Follow.objects.exists()


def test_park_page_has_a_follow_button_that_returns_there(client, world):
    client.force_login(make_user("visitor"))
    park = world["park"]
    assert "关注园区" in client.get(park.get_absolute_url()).content.decode()
    resp = client.post(reverse("follows:add"), {"kind": "park", "value": park.pk, "next": park.get_absolute_url()})
    assert resp["Location"] == park.get_absolute_url()
    evil = client.post(reverse("follows:add"), {"kind": "park", "value": park.pk, "next": "https://evil.example/"})
    assert evil["Location"] == reverse("follows:mine")


def test_personal_feeds(client, world):
    user = make_user("reader", email="r@example.com")
    follow_all(client, user, world)
    editor = make_user("ed_f", roles.EDITOR)
    fact = ParkFact.objects.create(park=world["park"], metric="企业数", value=100, unit="家", sentence="示例句子")
    news_facts.review(fact, editor, "confirm")
    key = Subscriber.objects.get(user=user).feed_key
    client.logout()  # a feed reader has no session
    rss = client.get(reverse("follows:feed", args=[key]))
    assert rss.status_code == 200 and rss["Content-Type"].startswith("application/rss+xml")
    body = rss.content.decode()
    assert all(a.title in body for a in world["articles"]) and "【数据动态】甲示例高新区 企业数 100家" in body
    assert "乙园区新闻" not in body
    atom = client.get(reverse("follows:feed-atom", args=[key]))
    assert atom.status_code == 200 and "<feed" in atom.content.decode()
    assert client.get(reverse("follows:feed", args=["wrong-key"])).status_code == 404


def test_digest_through_the_file_backend(client, world, settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    user = make_user("digest_me", email="digest@example.com")
    follow_all(client, user, world)
    make_user("no_email")  # no address: never mailed
    sent, empty = send_digests(base_url="https://parks.example.cn")
    assert (sent, empty) == (1, 0)
    files = list((tmp_path / "mail").iterdir())
    assert len(files) == 1
    raw = files[0].read_text("utf-8")
    assert "digest@example.com" in raw
    import email
    from email import policy

    message = email.message_from_bytes(files[0].read_bytes().split(b"\n-------", 1)[0], policy=policy.default)
    text = message.get_body().get_content()
    for a in world["articles"]:
        assert a.title in text and f"https://parks.example.cn{a.get_absolute_url()}" in text
    assert "乙园区新闻" not in text
    # the next run sends only what is new since
    assert send_digests() == (0, 1)
    with paused():
        Article.objects.create(title="示例：甲园区又一条", body_text="示例数据", status="published").parks.add(world["park"])
    assert send_digests() == (1, 0)
    assert len(list((tmp_path / "mail").iterdir())) == 2


def test_digest_can_be_turned_off_and_dry_run_sends_nothing(client, world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    user = make_user("quiet", email="q@example.com")
    follow_all(client, user, world)
    assert send_digests(dry_run=True) == (1, 0) and len(mail.outbox) == 0
    client.post(reverse("follows:mine"), {"digest": ["0"]})
    assert Subscriber.objects.get(user=user).digest is False
    assert send_digests() == (0, 0) and len(mail.outbox) == 0


def test_digest_is_a_cli_subcommand():
    from parkpulse.site.cli import build_parser

    args = build_parser().parse_args(["digest", "--dry-run", "--base-url", "https://x.example"])
    assert args.dry_run and args.base_url == "https://x.example"
