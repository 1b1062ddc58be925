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
