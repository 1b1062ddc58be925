"""PostgreSQL: keep the two tsvector columns in the row (storage MAIN).

Each search reads ``grams_tsv`` of the rows it checks (a phrase's positions, or the
newest-first walk of ``backends.PostgresBackend``) and ``tsv`` of the rows it ranks. With
the default storage the wide rows of search_searchdocument pushed both out to TOAST, so
every check cost extra page reads. MAIN keeps them compressed in the row and moves the long
texts (tokens, bigrams) out instead. Existing rows are rewritten in batches (the generated
columns are recomputed by the UPDATE) outside one long transaction. Nothing to do on SQLite.
"""

from django.db import migrations

BATCH = 5000


def inline(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cur:
        cur.execute("ALTER TABLE search_searchdocument"
                    " ALTER COLUMN grams_tsv SET STORAGE MAIN, ALTER COLUMN tsv SET STORAGE MAIN")
        cur.execute("SELECT min(article_id), max(article_id) FROM search_searchdocument")
        low, top = cur.fetchone()
        if low is None:
            return
        for start in range(low, top + 1, BATCH):
            cur.execute("UPDATE search_searchdocument SET grams = grams"
                        " WHERE article_id >= %s AND article_id < %s", [start, start + BATCH])


def extended(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_searchdocument"
                              " ALTER COLUMN grams_tsv SET STORAGE EXTENDED, ALTER COLUMN tsv SET STORAGE EXTENDED")


class Migration(migrations.Migration):
    atomic = False  # the rewrite commits batch by batch
    dependencies = [("search", "0006_grams_labels")]
    operations = [migrations.RunPython(inline, extended)]
