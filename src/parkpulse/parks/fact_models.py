"""Figures about a park found in the news (``parkpulse.textkit.facts``), waiting for an
editor, and the numbered versions every review leaves behind."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ParkFact(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "待审核"
        CONFIRMED = "confirmed", "已确认"
        REJECTED = "rejected", "已驳回"

    park = models.ForeignKey("parks.Park", verbose_name="园区", on_delete=models.CASCADE, related_name="facts")
    article = models.ForeignKey(
        "portal.Article", verbose_name="来源文章", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="park_facts",
    )
    # kept beside the link so a confirmed fact keeps its source if the article goes away
    source_title = models.CharField("来源标题", max_length=300, blank=True)
    source_url = models.CharField("来源链接", max_length=500, blank=True)
    source_date = models.DateField("来源日期", null=True, blank=True)
    metric = models.CharField("指标", max_length=40, db_index=True)
    value = models.DecimalField("数值", max_digits=24, decimal_places=6)
    unit = models.CharField("单位", max_length=16)
    qualifier = models.CharField("限定词", max_length=16, blank=True, help_text="超、约、达、累计、同比")
    period = models.CharField("时期", max_length=40, blank=True)
    year = models.PositiveSmallIntegerField("年份", null=True, blank=True)
    sentence = models.TextField("原句")
    raw = models.CharField("原文数字", max_length=60, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="reviewed_park_facts",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_note = models.CharField("审核意见", max_length=300, blank=True)
    created_at = models.DateTimeField("提取时间", default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = _("园区数据")
        permissions = [("review_parkfact", "审核园区数据")]
        indexes = [models.Index(fields=["park", "status", "metric"], name="parkfact_park_status_metric")]

    def __str__(self) -> str:
        return f"{self.park} {self.metric} {self.display_value}"

    def get_absolute_url(self) -> str:
        return reverse("parks:fact", args=[self.pk])

    @property
    def display_value(self) -> str:
        text = format(self.value.normalize(), "f") if self.value is not None else ""
        return f"{self.qualifier}{text}{self.unit}"


class ParkFactRevision(models.Model):
    """One reviewed state of a fact, numbered per fact, like ``ParkRevision`` for profiles."""

    fact = models.ForeignKey(ParkFact, verbose_name="数据", on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField("版本号")
    snapshot = models.JSONField("快照")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="修改人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="park_fact_revisions",
    )
    reason = models.CharField("说明", max_length=300, blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        ordering = ["fact", "-number"]
        constraints = [models.UniqueConstraint(fields=["fact", "number"], name="parkfact_revision_number")]
        verbose_name = verbose_name_plural = "园区数据版本"

    def __str__(self) -> str:
        return f"{self.fact_id} v{self.number}"
