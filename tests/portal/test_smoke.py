import pytest

from parkpulse.portal.models import Article


@pytest.mark.django_db
def test_home_lists_published_only(client):
    Article.objects.create(title="已发布的示例文章", status=Article.Status.PUBLISHED)
    Article.objects.create(title="草稿示例文章", status=Article.Status.DRAFT)
    html = client.get("/").content.decode()
    assert "已发布的示例文章" in html
    assert "草稿示例文章" not in html
