"""Stored datasets and computed runs; the numbers themselves come from ``parkpulse.rank``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Dataset(models.Model):
    """Indicator data for a framework: (years × units × indicators), as imported."""

    name = models.CharField(_("名称"), max_length=160)
    framework_key = models.CharField(_("框架"), max_length=60, help_text=_("预设名或 custom"))
    framework_yaml = models.TextField(_("框架定义 (YAML)"))
    data = models.JSONField(_("数据"), help_text="units, names, years, indicators, values")
    source_note = models.CharField(_("资料来源"), max_length=400, blank=True)
    is_sample = models.BooleanField(_("示例数据"), default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("导入人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="ranking_datasets")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = _("指标数据集")

    def __str__(self) -> str:
        return f"{self.name}{' （示例数据）' if self.is_sample else ''}"


class Run(models.Model):
    """One computation over a dataset, with every parameter needed to repeat it."""

    dataset = models.ForeignKey(Dataset, verbose_name=_("数据集"), on_delete=models.CASCADE, related_name="runs")
    options = models.JSONField(_("方法选项"), default=dict)
    seed = models.BigIntegerField(_("随机种子"), default=0)
    replications = models.PositiveIntegerField(_("蒙特卡洛次数"), default=0)
    parameters = models.JSONField(_("完整参数"), default=dict)
    groups = models.JSONField(_("一级指标"), default=list, help_text="[{code, name}]")
    uncertainty = models.JSONField(_("不确定性"), default=list, blank=True)
    sobol = models.JSONField(_("Sobol 指数"), default=dict, blank=True)
    created_at = models.DateTimeField(_("计算时间"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = _("排名计算")

    def __str__(self) -> str:
        return f"{self.dataset.name} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("rankings:run", args=[self.pk])

    @property
    def years(self) -> list[int]:
        return list(self.parameters.get("years", []))


class UnitResult(models.Model):
    """A unit's scores and ranks at every node for one year of a run."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="units")
    year = models.IntegerField(_("年份"))
    code = models.CharField(_("代码"), max_length=60)
    name = models.CharField(_("名称"), max_length=160)
    park = models.ForeignKey("parks.Park", verbose_name=_("园区"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="ranking_results")
    rank = models.PositiveIntegerField(_("总排名"))
    score = models.FloatField(_("综合得分"), null=True)
    scores = models.JSONField(_("各节点得分"), default=dict)
    ranks = models.JSONField(_("各节点排名"), default=dict)

    class Meta:
        ordering = ["run", "year", "rank", "code"]
        unique_together = [("run", "year", "code")]
        indexes = [models.Index(fields=["run", "year", "rank"])]
        verbose_name = verbose_name_plural = _("单位结果")

    def __str__(self) -> str:
        return f"{self.name} {self.year} 第{self.rank}"

    def get_absolute_url(self) -> str:
        return reverse("rankings:unit", args=[self.run_id, self.code]) + f"?year={self.year}"
