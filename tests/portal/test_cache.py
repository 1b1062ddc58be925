"""The shared page cache on a real Redis: pages are stored there for every worker, and edits
(article saves, enrichment, category, call-to-action) show at once."""

from __future__ import annotations

import re
import uuid

import pytest
from django.test import override_settings

from parkpulse.portal.models import Article, CallToAction
from parkpulse.search import enrich
from parkpulse.search.bulk import enrich_batch

TEXT = "青禾湾高新区标准厂房二期竣工,集成电路封装测试企业可按需租用标准厂房,园区提供人才公寓。"


@pytest.fixture
def redis_cache(redis_url):
    import redis

    prefix = f"pp-test-{uuid.uuid4().hex[:8]}"
    conf = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                        "LOCATION": redis_url, "KEY_PREFIX": prefix},
            "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": prefix}}
    with override_settings(CACHES=conf):
        yield redis.Redis.from_url(redis_url), prefix
        client = redis.Redis.from_url(redis_url)
        keys = list(client.scan_iter(f"{prefix}:*"))
        if keys:
            client.delete(*keys)


def page(client, pk) -> str:
    response = client.get(f"/article/{pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_pages_live_in_redis_for_every_worker(client, redis_cache, make_article, news, monkeypatch):
    r, prefix = redis_cache
    a = make_article(category=news, title="共享缓存里的文章")
    page(client, a.pk)
    assert list(r.scan_iter(f"{prefix}:*portal:page:*")), "the rendered page is stored in Redis"
    # The backend keeps nothing in this process's memory: a page found is Redis's copy,
    # which every worker reads.
    from parkpulse.portal import views

    renders = []
    real = views.render_to_string
    monkeypatch.setattr(views, "render_to_string", lambda *a, **kw: renders.append(1) or real(*a, **kw))
    assert "共享缓存里的文章" in page(client, a.pk)
    assert renders == []


def test_edits_invalidate_cached_pages_in_redis(client, redis_cache, make_article, news):
    a = make_article(category=news, title="初版标题", body_text=TEXT, body_html=f"<p>{TEXT}</p>")
    assert "初版标题" in page(client, a.pk)

    # an editor's save
    a.title = "修订后的标题"
    a.save()
    html = page(client, a.pk)
    assert "修订后的标题" in html and "初版标题" not in html

    # enrichment: a related article arrives through the crawl's queue and batch
    with enrich.paused():
        # A story of its own on the same park and trade (a near-copy of TEXT is never listed).
        other = "青禾湾高新区标准厂房二期迎来首批集成电路封装测试企业，三家租户签约入驻，人才公寓同步启用。"
        b = Article.objects.create(title="标准厂房二期首批租户入驻", category=news, body_text=other,
                                   body_html=f"<p>{other}</p>", status=Article.Status.PUBLISHED)
    assert "首批租户入驻" not in page(client, a.pk)
    enrich_batch([b.pk])
    assert "标准厂房二期首批租户入驻" in page(client, a.pk)

    # a site-wide text: the category's name in breadcrumb and menu
    news.name = "园区新闻"
    news.save()
    crumb = re.search(r'<nav class="breadcrumb".*?</nav>', page(client, a.pk), re.S).group(0)
    assert "园区新闻" in crumb

    # the 招商 call-to-action under every article
    cta = CallToAction.objects.create(title="新的招商标题")
    assert "新的招商标题" in page(client, a.pk)
    cta.title = "再次修改的招商标题"
    cta.save()
    assert "再次修改的招商标题" in page(client, a.pk)

    # the count is never cached
    assert '<span class="view-count">8</span>' in page(client, a.pk)
