"""Seed the Industry table from the shared taxonomy (codes are stable; names refresh)."""

from django.db import migrations


def seed(apps, schema_editor):
    from parkpulse.textkit.taxonomy import INDUSTRIES

    Industry = apps.get_model("parks", "Industry")
    for order, item in enumerate(INDUSTRIES):
        Industry.objects.update_or_create(code=item.code, defaults={"name": item.name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("parks", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
