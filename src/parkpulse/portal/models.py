"""Articles and how they are organised: categories, tags and the 招商 call-to-action text."""

from __future__ import annotations

from django.core.cache import cache
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from parkpulse.site.images import SafeImageField
from parkpulse.site.links import link


def in_english() -> bool:
    return (get_language() or "").startswith("en")


class Category(models.Model):
    slug = models.SlugField(_("标识"), max_length=60, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    name_en = models.CharField(_("英文名称"), max_length=60, blank=True, help_text="English name, shown on /en/ pages")
    parent = models.ForeignKey(
        "self", verbose_name=_("上级栏目"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = verbose_name_plural = _("栏目")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language (Chinese when no English name is set)."""
        return self.name_en if in_english() and self.name_en else self.name

    def get_absolute_url(self) -> str:
        return link("portal:category", self.slug)


class Tag(models.Model):
    """A label on articles: an editor's topic, or a park, region, industry or keyword
    recognised in the text (slug: park id, division code, taxonomy code, the word)."""

    class Kind(models.TextChoices):
        TOPIC = "topic", _("话题")
        KEYWORD = "keyword", _("关键词")
        REGION = "region", _("地区")
        INDUSTRY = "industry", _("产业")
        PARK = "park", _("园区")

    name = models.CharField(_("名称"), max_length=60)
    slug = models.SlugField(_("标识"), max_length=80, allow_unicode=True)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.TOPIC)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "slug"], name="tag_kind_slug")]
        verbose_name = verbose_name_plural = _("标签")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("search:tag", args=[self.kind, self.slug])


_KIND_ORDER = {k: i for i, k in enumerate(["park", "region", "industry", "topic", "keyword"])}


def display_order(tags) -> list[Tag]:
    """Tags as an article shows them: parks, places (province before city before district),
    industries, topics, then keywords."""
    return sorted(tags, key=lambda t: (_KIND_ORDER.get(t.kind, 9), t.slug if t.kind == "region" else t.name))


class TagDecision(models.Model):
    """An editor's decision about one tag on one article, which re-enrichment respects:
    a pinned tag stays whatever the text says, a blocked tag is never added again."""

    class Action(models.TextChoices):
        PIN = "pin", "固定"
        BLOCK = "block", "屏蔽"

    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="tag_decisions")
    tag = models.ForeignKey(Tag, verbose_name="标签", on_delete=models.CASCADE, related_name="decisions")
    action = models.CharField("处理", max_length=8, choices=Action.choices)
    decided_at = models.DateTimeField("时间", auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "tag"], name="tag_decision_article_tag")]
        verbose_name = verbose_name_plural = _("标签编辑决定")

    def __str__(self) -> str:
        return f"{self.get_action_display()}:{self.tag}"


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Article.Status.PUBLISHED, duplicate_of__isnull=True)


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("待审核")
        PUBLISHED = "published", _("已发布")
        HIDDEN = "hidden", _("已隐藏")

    title = models.CharField(_("标题"), max_length=300)
    author = models.CharField(_("作者"), max_length=120, blank=True)
    published_at = models.DateTimeField(_("发布时间"), default=timezone.now, db_index=True)
    collected_at = models.DateTimeField(_("采集时间"), default=timezone.now)
    category = models.ForeignKey(
        Category, verbose_name=_("栏目"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="articles",
    )
    source = models.ForeignKey(
        "collect.Source", verbose_name=_("来源"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="articles",
    )
    source_url = models.URLField(_("原文链接"), max_length=1000, blank=True)
    canonical_url = models.URLField(
        _("规范链接"), max_length=1000, null=True, blank=True, unique=True,
        help_text=_("去除跟踪参数后的原文地址，用于去重"),
    )
    body_html = models.TextField(_("正文 （HTML，已净化）"), blank=True)
    body_text = models.TextField(_("正文 （纯文本）"), blank=True)
    summary = models.TextField(_("摘要"), blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    view_count = models.PositiveIntegerField(_("阅读量"), default=0)
    cover = SafeImageField(_("封面"), upload_to="covers/%Y/%m/", blank=True)
    tags = models.ManyToManyField(Tag, verbose_name=_("标签"), blank=True, related_name="articles")
    parks = models.ManyToManyField(
        "parks.Park", verbose_name=_("提及园区"), blank=True, related_name="articles"
    )
    duplicate_of = models.ForeignKey(
        "self", verbose_name=_("重复于"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="duplicates", help_text=_("转载或近似重复时指向最早收录的一篇"),
    )
    is_sample = models.BooleanField(_("示例数据"), default=False)
    # Not touched by the view counter's queryset.update(): it stamps editorial changes, so
    # the cached article page can be keyed on it.
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_pub"),
            # category pages and the related list: newest articles of one category
            models.Index(fields=["category", "status", "-published_at"], name="article_cat_status_pub"),
        ]
        verbose_name = verbose_name_plural = _("文章")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        # A page lists many articles (related, category, search): the pattern is resolved
        # once and the id filled in (parkpulse.site.links).
        return link("portal:article", int(self.pk))

    def tag_list(self) -> list[Tag]:
        """Tags as shown (see ``display_order``)."""
        return display_order(self.tags.all())

    def save(self, *args, **kwargs):
        # The view counter updates view_count in the database; an editor's save (admin, the
        # collector) must not write back the stale number it loaded and lose those views.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields
                if not f.primary_key and f.name != "view_count"
            ]
        super().save(*args, **kwargs)


class CallToAction(models.Model):
    """The 招商 block under every article; editors write its text in the admin."""

    title = models.CharField(_("标题"), max_length=120, default="园区招商 · 免费为您匹配载体")
    body = models.TextField(
        _("正文"),
        default="告诉我们您的需求、用途、税收、公司、联系人和手机号，招商顾问将为您匹配合适的园区、厂房或土地。",
    )
    button_label = models.CharField(_("按钮文字"), max_length=40, default="提交招商需求")
    # Editors write both languages; /en/ pages show these (empty: the Chinese text).
    title_en = models.CharField(_("英文标题"), max_length=120, blank=True, default="Investment service · free matching")
    body_en = models.TextField(
        _("英文正文"), blank=True,
        default="Tell us your needs, use, expected tax, company, contact and mobile number, and an investment "
                "consultant will match you with suitable parks, factories or land.",
    )
    button_label_en = models.CharField(_("英文按钮文字"), max_length=40, blank=True, default="Send your needs")
    enabled = models.BooleanField(_("启用"), default=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = _("招商引导")

    def __str__(self) -> str:
        return self.title

    def _pick(self, field: str) -> str:
        english = getattr(self, f"{field}_en", "")
        return english if in_english() and english else getattr(self, field)

    @property
    def display_title(self) -> str:
        return self._pick("title")

    @property
    def display_body(self) -> str:
        return self._pick("body")

    @property
    def display_button_label(self) -> str:
        return self._pick("button_label")

    @classmethod
    def current(cls) -> CallToAction | None:
        return cls.objects.filter(enabled=True).order_by("-updated_at").first()

    CACHE_KEY = "portal:cta"
    CACHE_TTL = 300

    @classmethod
    def cached(cls) -> CallToAction | None:
        """``current()`` memoised: it is shown on every article page. The key holds the site
        generation, which every save or delete of a call-to-action replaces, so an edit
        shows at once in every process (and a stored page copy never keeps the old text)."""
        from parkpulse.portal.cache import site_generation

        key = f"{cls.CACHE_KEY}:{site_generation()}"
        found = cache.get_or_set(key, lambda: cls.current() or False, cls.CACHE_TTL)
        return found or None


class SiteGeneration(models.Model):
    """One row: a token replaced whenever a name or text shown on every page changes (a
    category, the call-to-action, a source, a park, a tag; ``parkpulse.portal.cache``).

    Cached pages, the cached header and stored page copies carry it in their keys. It lives
    in the database, not in a cache, so every server process and the enrichment worker agree
    on it with or without Redis, and it survives restarts as the stored copies do.
    """

    token = models.CharField(max_length=16)

    class Meta:
        verbose_name = verbose_name_plural = _("站点版本")

    def __str__(self) -> str:
        return self.token


class PageCopy(models.Model):
    """An article page rendered ahead of its readers, in one language (``portal.copies``).

    ``stamp`` holds the versions of everything the page shows; a copy whose stamp differs
    from the article's current one is never served. ``html`` is zlib-compressed, with marks
    where each request's host and view count go.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+", db_index=False)
    language = models.CharField(max_length=12)
    stamp = models.CharField(max_length=32)
    html = models.BinaryField()
    rendered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = _("页面副本")
        constraints = [models.UniqueConstraint(fields=["article", "language"], name="portal_pagecopy_one")]

    def __str__(self) -> str:
        return f"{self.article_id}/{self.language}"
