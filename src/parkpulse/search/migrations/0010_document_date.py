"""The article's date on its search document, for date ranges ANDed with text matches.

A nullable column filled from the articles, with a b-tree index on PostgreSQL, whose planner
ANDs it with the GIN match (SQLite does not use it). The index is made here, not declared on
the field, and the column may be null: either would make SQLite rebuild the table, forwards
or back, and a rebuild drops the FTS5 triggers of migrations 0002 and 0003.
"""

from django.db import migrations, models


def fill(apps, schema_editor):
    schema_editor.execute(
        "UPDATE search_searchdocument SET published_at = (SELECT a.published_at FROM portal_article a"
        " WHERE a.id = search_searchdocument.article_id)"
    )
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE INDEX IF NOT EXISTS search_doc_published ON search_searchdocument (published_at)")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_doc_published")


class Migration(migrations.Migration):
    dependencies = [("search", "0009_id_brin"), ("portal", "0005_tag_links_by_tag")]
    operations = [
        migrations.AddField("searchdocument", "published_at", models.DateTimeField(null=True, verbose_name="发布时间")),
        migrations.RunPython(fill, drop_index),
    ]
