"""Sources we collect from, and (in later steps) how and when they were crawled."""

from __future__ import annotations

from django.db import models


class Source(models.Model):
    name = models.CharField("名称", max_length=120, unique=True)
    home_url = models.URLField("网站首页", max_length=500)
    default_category = models.ForeignKey(
        "portal.Category", verbose_name="默认栏目", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="sources",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = verbose_name_plural = "来源"

    def __str__(self) -> str:
        return self.name
