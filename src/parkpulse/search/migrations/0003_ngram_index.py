"""The n-gram index: any literal substring of an article's title or body finds it.

Adds ``SearchDocument.grams`` (character bigrams, see ``parkpulse.textkit.ngrams``),
fills it for every stored article, then indexes it. SQLite: an external-content FTS5
table ``search_grams`` kept in step by triggers (unicode61 splits on the spaces between
our bigrams; positions make a phrase of bigrams a literal substring). PostgreSQL: a stored
generated ``grams_tsv`` column ('simple' keeps each bigram one lexeme, with its position)
and a GIN index.
"""

from django.db import migrations, models

SQLITE_UP = [
    """CREATE VIRTUAL TABLE search_grams USING fts5(
        grams, content='search_searchdocument', content_rowid='article_id',
        columnsize=0, tokenize='unicode61 remove_diacritics 0')""",
    """CREATE TRIGGER search_grams_ai AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_grams(rowid, grams) VALUES (new.article_id, new.grams);
    END""",
    """CREATE TRIGGER search_grams_ad AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_grams(search_grams, rowid, grams) VALUES ('delete', old.article_id, old.grams);
    END""",
    """CREATE TRIGGER search_grams_au AFTER UPDATE OF grams ON search_searchdocument BEGIN
        INSERT INTO search_grams(search_grams, rowid, grams) VALUES ('delete', old.article_id, old.grams);
        INSERT INTO search_grams(rowid, grams) VALUES (new.article_id, new.grams);
    END""",
    "INSERT INTO search_grams(search_grams) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS search_grams_au",
    "DROP TRIGGER IF EXISTS search_grams_ad",
    "DROP TRIGGER IF EXISTS search_grams_ai",
    "DROP TABLE IF EXISTS search_grams",
]
PG_UP = [
    """ALTER TABLE search_searchdocument ADD COLUMN grams_tsv tsvector
        GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, grams)) STORED""",
    "CREATE INDEX search_doc_grams ON search_searchdocument USING GIN (grams_tsv)",
]
PG_DOWN = [
    "DROP INDEX IF EXISTS search_doc_grams",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS grams_tsv",
]


def backfill(apps, schema_editor):
    """Bigrams for every article already indexed (before the index exists: one pass)."""
    from parkpulse.search.enrich import article_text
    from parkpulse.textkit.ngrams import index_grams

    Doc = apps.get_model("search", "SearchDocument")
    Article = apps.get_model("portal", "Article")
    ids = list(Doc.objects.order_by("article_id").values_list("article_id", flat=True))
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        docs = []
        for a in Article.objects.filter(pk__in=chunk).only("title", "body_text", "body_html", "summary"):
            docs.append(Doc(article_id=a.pk, grams=index_grams("\n".join(article_text(a)))))
        Doc.objects.bulk_update(docs, ["grams"])


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise RuntimeError(
                f"全文检索不支持该数据库 (no full-text index for {schema_editor.connection.vendor})"
            )
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext"), ("portal", "0002_article_updated_at")]

    operations = [
        # Plain ALTER TABLE on both: Django's SQLite schema editor would rebuild the table
        # for a column with a default, dropping the word index's triggers (migration 0002).
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL(
                "ALTER TABLE search_searchdocument ADD COLUMN grams text NOT NULL DEFAULT ''",
                "ALTER TABLE search_searchdocument DROP COLUMN grams",
            )],
            state_operations=[migrations.AddField(
                model_name="searchdocument",
                name="grams",
                field=models.TextField(
                    blank=True, default="", help_text="标题与正文的二字切分,用于任意字串检索",
                    verbose_name="字串索引",
                ),
            )],
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": PG_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": PG_DOWN}),
        ),
    ]
