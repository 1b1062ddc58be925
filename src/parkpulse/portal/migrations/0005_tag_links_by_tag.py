"""Indexes that answer "the articles of this tag / park" from the index alone.

Search filters by region, industry and park, tag pages and the facets ask for the articles
of one tag: with only Django's single-column index on tag_id, each of those rows is read
from the table (23,000 reads for a common industry at 100,000 articles). (tag_id,
article_id) lets both databases answer from the index.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("portal", "0004_merge")]
    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS portal_article_tags_by_tag ON portal_article_tags (tag_id, article_id)",
            "DROP INDEX IF EXISTS portal_article_tags_by_tag",
        ),
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS portal_article_parks_by_park ON portal_article_parks (park_id, article_id)",
            "DROP INDEX IF EXISTS portal_article_parks_by_park",
        ),
    ]
