"""The site generation moves into the database; article pages get stored copies.

Both are described in parkpulse.portal.cache and parkpulse.portal.copies. The generation's
row is made on first use.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0005_tag_links_by_tag'),
    ]

    operations = [
        migrations.CreateModel(
            name='SiteGeneration',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token', models.CharField(max_length=16)),
            ],
            options={
                'verbose_name': '站点版本',
                'verbose_name_plural': '站点版本',
            },
        ),
        migrations.CreateModel(
            name='PageCopy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('language', models.CharField(max_length=12)),
                ('stamp', models.CharField(max_length=32)),
                ('html', models.BinaryField()),
                ('rendered_at', models.DateTimeField(auto_now=True)),
                ('article', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='portal.article')),
            ],
            options={
                'verbose_name': '页面副本',
                'verbose_name_plural': '页面副本',
                'constraints': [models.UniqueConstraint(fields=('article', 'language'), name='portal_pagecopy_one')],
            },
        ),
    ]
