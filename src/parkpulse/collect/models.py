"""Sources we collect from, how to crawl them, what each crawl did, and per-page state.

``Source`` carries the crawl configuration; ``CrawlRun`` records one crawl of one source;
``Page`` remembers each canonical URL we fetched (validators for conditional requests,
whether it is gone, which article it became, the body as the extractor gave it and what the
source's template removed from it); ``TemplateLine`` holds the lines a source repeats in
every story (``parkpulse.collect.templates``) and ``TemplateChange`` logs each re-cleaning;
``Fingerprint`` keeps the MinHash signature of
each stored article so the near-duplicate index survives between runs and across workers.
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def validate_regex(value: str) -> None:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValidationError(f"正则表达式无效 (invalid regex): {exc}") from exc


def split_words(value: str) -> list[str]:
    """Keywords are separated by commas (also 、,), semicolons or new lines."""
    return [w.strip() for w in re.split(r"[,，、;；\n]+", value or "") if w.strip()]


class Source(models.Model):
    class Kind(models.TextChoices):
        LIST = "list", _("列表页")
        SITEMAP = "sitemap", _("站点地图")
        FEED = "feed", _("RSS/Atom 订阅")

    name = models.CharField(_("名称"), max_length=120, unique=True)
    home_url = models.URLField(_("网站首页"), max_length=500)
    default_category = models.ForeignKey(
        "portal.Category", verbose_name=_("默认栏目"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="sources",
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.LIST)
    start_urls = models.TextField(
        _("起始地址"), blank=True, help_text=_("每行一个；留空则用网站首页。列表页、站点地图或订阅地址。")
    )
    article_pattern = models.CharField(
        _("文章链接正则"), max_length=300, blank=True, validators=[validate_regex],
        help_text=_("列表页上哪些链接是文章；站点地图/订阅中可用来筛选。"),
    )
    pagination_pattern = models.CharField(
        _("翻页链接正则"), max_length=300, blank=True, validators=[validate_regex],
        help_text=_("列表页上哪些链接是下一页；留空时只认 rel=next 或“下一页”。"),
    )
    allowed_pattern = models.CharField(
        _("允许的链接正则"), max_length=300, blank=True, validators=[validate_regex],
        help_text=_("只抓取匹配的地址；留空时限于起始地址所在的主机。"),
    )
    include_keywords = models.CharField(
        _("必须包含的关键词"), max_length=500, blank=True, help_text=_("逗号分隔；标题或正文含其一才收录。")
    )
    exclude_keywords = models.CharField(
        _("排除的关键词"), max_length=500, blank=True, help_text=_("逗号分隔；标题或正文含其一则不收录。")
    )
    publish = models.BooleanField(_("直接发布"), default=False, help_text=_("否则进入审核队列（待审核）。"))
    max_pages = models.PositiveIntegerField(_("每次最多抓取页数"), default=500)
    recrawl_minutes = models.PositiveIntegerField(_("重新采集间隔（分钟）"), default=360)
    enabled = models.BooleanField(_("启用"), default=True)
    is_sample = models.BooleanField(_("示例来源"), default=False, help_text=_("其文章标为示例数据。"))
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    template_version = models.PositiveIntegerField(
        _("模板版本"), default=0, editable=False, help_text=_("每当要去除的模板行变化时加一。"))

    class Meta:
        ordering = ["name"]
        verbose_name = verbose_name_plural = _("来源")

    def __str__(self) -> str:
        return self.name

    def start_url_list(self) -> list[str]:
        urls = [u.strip() for u in (self.start_urls or "").splitlines() if u.strip()]
        return urls or [self.home_url]

    def last_run(self) -> CrawlRun | None:
        return self.runs.order_by("-started_at", "-id").first()

    def is_due(self, now=None) -> bool:
        if not self.enabled:
            return False
        now = now or timezone.now()
        last = self.runs.exclude(status=CrawlRun.Status.RUNNING).order_by("-started_at").first()
        return last is None or last.started_at + timedelta(minutes=self.recrawl_minutes) <= now


class CrawlRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("运行中")
        FINISHED = "finished", _("已完成")
        FAILED = "failed", _("失败")
        INTERRUPTED = "interrupted", _("中断")

    source = models.ForeignKey(Source, verbose_name=_("来源"), on_delete=models.CASCADE, related_name="runs")
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField(_("开始"), default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(_("结束"), null=True, blank=True)
    finish_reason = models.CharField(_("结束原因"), max_length=60, blank=True)
    worker = models.CharField(_("进程"), max_length=120, blank=True, help_text=_("主机名：进程号"))
    distributed = models.BooleanField(_("分布式"), default=False)
    pages_fetched = models.PositiveIntegerField(_("抓取页数"), default=0)
    not_modified = models.PositiveIntegerField(_("未变化（304）"), default=0)
    articles_new = models.PositiveIntegerField(_("新增"), default=0)
    articles_updated = models.PositiveIntegerField(_("更新"), default=0)
    articles_unchanged = models.PositiveIntegerField(_("无变化"), default=0)
    articles_duplicate = models.PositiveIntegerField(_("重复"), default=0)
    articles_rejected = models.PositiveIntegerField(_("拒收"), default=0)
    rejected_reasons = models.JSONField(_("拒收原因"), default=dict, blank=True)
    errors = models.JSONField(_("错误（按类型）"), default=dict, blank=True)
    retries = models.JSONField(_("重试（按原因）"), default=dict, blank=True)
    failures = models.JSONField(_("失败明细"), default=list, blank=True, help_text=_("地址、类型、说明（最多 200 条）"))

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = verbose_name_plural = _("采集记录")

    def __str__(self) -> str:
        return f"{self.source} @ {timezone.localtime(self.started_at):%Y-%m-%d %H:%M}"

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    def summary(self) -> str:
        parts = [
            f"pages {self.pages_fetched}", f"304 {self.not_modified}", f"new {self.articles_new}",
            f"updated {self.articles_updated}", f"unchanged {self.articles_unchanged}",
            f"duplicate {self.articles_duplicate}", f"rejected {self.articles_rejected}",
            f"errors {self.error_count}",
        ]
        return ", ".join(parts)


class Page(models.Model):
    """One canonical URL we fetched as an article candidate."""

    source = models.ForeignKey(Source, verbose_name=_("来源"), on_delete=models.CASCADE, related_name="pages")
    url = models.CharField(_("规范地址"), max_length=1000, unique=True)
    article = models.ForeignKey(
        "portal.Article", verbose_name=_("文章"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="pages",
    )
    etag = models.CharField(max_length=200, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    http_status = models.PositiveSmallIntegerField(_("HTTP 状态"), default=0)
    content_hash = models.CharField(_("正文哈希"), max_length=64, blank=True)
    outcome = models.CharField(_("结果"), max_length=40, blank=True)
    fetched_at = models.DateTimeField(_("最近抓取"), default=timezone.now)
    gone_at = models.DateTimeField(_("失效时间"), null=True, blank=True)
    raw_text = models.TextField(_("抽取正文（去模板前）"), blank=True)
    raw_html = models.TextField(_("抽取正文 HTML（去模板前）"), blank=True)
    template_removed = models.JSONField(_("去除的模板行"), default=list, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("页面")

    def __str__(self) -> str:
        return self.url


class Fingerprint(models.Model):
    """The MinHash signature of an article's body (see parkpulse.dedup)."""

    article = models.ForeignKey(
        "portal.Article", on_delete=models.CASCADE, related_name="fingerprints"
    )
    signature = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = _("内容指纹")


class TemplateLine(models.Model):
    """A line one source repeats in the content block of its stories (learned or set by an editor)."""

    class State(models.TextChoices):
        LEARNED = "learned", _("自动（按学习结果）")
        PINNED = "pinned", _("固定去除")
        RELEASED = "released", _("保留（不去除）")

    source = models.ForeignKey(Source, verbose_name=_("来源"), on_delete=models.CASCADE,
                               related_name="template_lines")
    key = models.CharField(_("规范化哈希"), max_length=64)
    text = models.TextField(_("文本"))
    pages = models.PositiveIntegerField(_("出现页数"), default=0)
    share = models.FloatField(_("页面占比"), default=0.0)
    recurring = models.BooleanField(_("当前重复出现"), default=False,
                                    help_text=_("最近一次学习时仍达到重复阈值。"))
    state = models.CharField(_("处理"), max_length=10, choices=State.choices, default=State.LEARNED)
    first_seen = models.DateTimeField(_("首次发现"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)

    class Meta:
        ordering = ["source", "-pages"]
        constraints = [models.UniqueConstraint(fields=["source", "key"], name="template_line_unique")]
        verbose_name = verbose_name_plural = _("来源模板行")

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def stripped(self) -> bool:
        return self.state == self.State.PINNED or (self.state == self.State.LEARNED and self.recurring)


class TemplateChange(models.Model):
    """One re-cleaning of a source's stored articles after its template changed."""

    source = models.ForeignKey(Source, verbose_name=_("来源"), on_delete=models.CASCADE,
                               related_name="template_changes")
    at = models.DateTimeField(_("时间"), default=timezone.now)
    reason = models.CharField(_("原因"), max_length=40, blank=True)
    template_size = models.PositiveIntegerField(_("去除行数（模板）"), default=0)
    articles_changed = models.PositiveIntegerField(_("改动文章数"), default=0)
    lines_removed = models.PositiveIntegerField(_("去除的行（合计）"), default=0)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = verbose_name_plural = _("模板清理记录")

    def __str__(self) -> str:
        return f"{self.source} @ {timezone.localtime(self.at):%Y-%m-%d %H:%M}"
