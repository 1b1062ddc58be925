"""LeadProvince: the provinces each lead's 意向地区 names, filled for the leads already stored."""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    # The same reading Lead.save applies from now on (parks.mapdata.lead_provinces).
    from parkpulse.parks.mapdata import lead_provinces

    Lead = apps.get_model("leads", "Lead")
    LeadProvince = apps.get_model("leads", "LeadProvince")
    rows = []
    for pk, text in Lead.objects.values_list("pk", "regions").iterator():
        rows += [LeadProvince(lead_id=pk, code=code) for code in sorted(lead_provinces(text))]
        if len(rows) >= 5000:
            LeadProvince.objects.bulk_create(rows)
            rows = []
    LeadProvince.objects.bulk_create(rows)


class Migration(migrations.Migration):

    dependencies = [
        ("leads", "0004_merge"),
    ]

    operations = [
        migrations.CreateModel(
            name="LeadProvince",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.CharField(db_index=True, max_length=6, verbose_name="省级行政区代码")),
                ("lead", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="provinces", to="leads.lead")),
            ],
            options={
                "verbose_name": "线索意向省份",
                "verbose_name_plural": "线索意向省份",
                "constraints": [models.UniqueConstraint(fields=("lead", "code"), name="lead_province_once")],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
