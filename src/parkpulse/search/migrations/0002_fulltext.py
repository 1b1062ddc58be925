"""The full-text index over SearchDocument, one per database vendor.

SQLite: an external-content FTS5 table (the tokens live once, in search_searchdocument)
kept in step by triggers; the unicode61 tokenizer splits on the spaces between our jieba
tokens. PostgreSQL: a stored generated tsvector (title weighted A, body B) with a GIN index;
the 'simple' configuration keeps each jieba token as one lexeme.
"""

from django.db import migrations

SQLITE_UP = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title_tokens, body_tokens,
        content='search_searchdocument', content_rowid='article_id',
        tokenize='unicode61 remove_diacritics 0')""",
    """CREATE TRIGGER search_fts_ai AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, title_tokens, body_tokens)
        VALUES (new.article_id, new.title_tokens, new.body_tokens);
    END""",
    """CREATE TRIGGER search_fts_ad AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_tokens, body_tokens)
        VALUES ('delete', old.article_id, old.title_tokens, old.body_tokens);
    END""",
    """CREATE TRIGGER search_fts_au AFTER UPDATE OF title_tokens, body_tokens
        ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_tokens, body_tokens)
        VALUES ('delete', old.article_id, old.title_tokens, old.body_tokens);
        INSERT INTO search_fts(rowid, title_tokens, body_tokens)
        VALUES (new.article_id, new.title_tokens, new.body_tokens);
    END""",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TABLE IF EXISTS search_fts",
]
PG_UP = [
    """ALTER TABLE search_searchdocument ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title_tokens), 'A')
        || setweight(to_tsvector('simple'::regconfig, body_tokens), 'B')) STORED""",
    "CREATE INDEX search_doc_tsv ON search_searchdocument USING GIN (tsv)",
]
PG_DOWN = [
    "DROP INDEX IF EXISTS search_doc_tsv",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS tsv",
]


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
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": PG_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": PG_DOWN}),
        ),
    ]
