"""Editors' admin: lists, filters, search, publish/hide actions, the call-to-action text."""

from __future__ import annotations

import pytest

from parkpulse.portal.models import Article, CallToAction

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(admin_client):
    return admin_client


@pytest.mark.parametrize("path", [
    "/admin/portal/article/", "/admin/portal/category/", "/admin/portal/tag/",
    "/admin/portal/calltoaction/", "/admin/collect/source/", "/admin/parks/park/",
    "/admin/portal/article/add/", "/admin/portal/calltoaction/add/",
])
def test_admin_pages_open(editor, path):
    assert editor.get(path).status_code == 200


def test_article_filters_and_search(editor, make_article, news, source):
    make_article(title="储能项目落地", category=news, source=source)
    make_article(title="草稿里的文章", status=Article.Status.DRAFT)
    page = editor.get("/admin/portal/article/?status__exact=draft").content.decode()
    assert "草稿里的文章" in page and "储能项目落地" not in page
    page = editor.get(f"/admin/portal/article/?source__id__exact={source.pk}").content.decode()
    assert "储能项目落地" in page and "草稿里的文章" not in page
    page = editor.get(f"/admin/portal/article/?category__id__exact={news.pk}").content.decode()
    assert "储能项目落地" in page
    page = editor.get("/admin/portal/article/?q=储能").content.decode()
    assert "储能项目落地" in page and "草稿里的文章" not in page


@pytest.mark.parametrize("action, status", [("publish", "published"), ("hide", "hidden")])
def test_publish_and_hide_actions(editor, make_article, action, status):
    a = make_article(status=Article.Status.DRAFT)
    b = make_article(status=Article.Status.PUBLISHED)
    response = editor.post("/admin/portal/article/", {
        "action": action, "_selected_action": [a.pk, b.pk],
    }, follow=True)
    assert response.status_code == 200
    assert set(Article.objects.values_list("status", flat=True)) == {status}


def test_editor_changes_call_to_action_text(editor, client, make_article):
    cta = CallToAction.objects.create()
    article = make_article()
    response = editor.post(f"/admin/portal/calltoaction/{cta.pk}/change/", {
        "title": "厂房土地一站匹配", "body": "留下需求即可", "button_label": "马上登记", "enabled": "on",
    })
    assert response.status_code == 302
    page = client.get(article.get_absolute_url()).content.decode()
    assert "厂房土地一站匹配" in page and "马上登记" in page
