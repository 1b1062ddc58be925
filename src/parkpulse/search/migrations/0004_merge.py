"""Joins the n-gram index (search10) and the enrichment queue (perf), both made after 0002."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0003_ngram_index'),
        ('search', '0003_pending_enrichment'),
    ]

    operations = []
