"""Migration 0003 builds the n-gram index on the configured database and backfills old rows."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from parkpulse.search import context
from parkpulse.search.backends import get_backend
from parkpulse.search.query import SearchQuery, prepare

BEFORE = [("search", "0002_fulltext")]
AFTER = [("search", "0003_ngram_index")]


@pytest.mark.django_db(transaction=True)
def test_ngram_migration_backfills_existing_articles():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        others = [n for n in executor.loader.graph.leaf_nodes() if n[0] != "search"]
        apps = executor.loader.project_state(others + BEFORE).apps
        Article = apps.get_model("portal", "Article")
        Doc = apps.get_model("search", "SearchDocument")
        old = Article.objects.create(title="示例:云溪经开区上线企业服务平台", body_text="示例数据。北岭智造产业园推出人才公寓。",
                                     status="published")
        Doc.objects.create(article_id=old.pk, title_tokens="云溪 经开区 上线", body_tokens="北岭 智造 产业园")
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    for text in ("经开区上", "智造产业", "园推"):
        q = prepare(SearchQuery(text), context.current().tokenizer)
        assert get_backend().search(q).ids == [old.pk], text


@pytest.mark.django_db(transaction=True)
def test_date_migration_copies_each_articles_date():
    """0010 fills the search documents' date from their articles, then a date filter finds them."""
    from datetime import timedelta

    from django.utils import timezone

    from parkpulse.textkit.ngrams import index_grams

    executor = MigrationExecutor(connection)
    executor.migrate([("search", "0009_id_brin")])
    when = timezone.now() - timedelta(days=200)
    try:
        others = [n for n in executor.loader.graph.leaf_nodes() if n[0] != "search"]
        apps = executor.loader.project_state(others + [("search", "0009_id_brin")]).apps
        Article = apps.get_model("portal", "Article")
        Doc = apps.get_model("search", "SearchDocument")
        old = Article.objects.create(title="示例:云溪经开区上线企业服务平台", body_text="示例数据。", status="published",
                                     published_at=when)
        Doc.objects.create(article_id=old.pk, title_tokens="云溪 经开区 上线", body_tokens="",
                           grams=index_grams(old.title))
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    from parkpulse.search.models import SearchDocument

    assert SearchDocument.objects.get(pk=old.pk).published_at == when
    day = timezone.localdate(when)
    for date_from, found in ((day - timedelta(days=1), [old.pk]), (day + timedelta(days=1), [])):
        q = prepare(SearchQuery("经开区", date_from=date_from), context.current().tokenizer)
        assert get_backend().search(q).ids == found, date_from
