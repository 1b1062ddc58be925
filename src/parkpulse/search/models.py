"""The search index, keyword weights and the cached related-article lists.

``SearchDocument`` holds an article's jieba tokens joined by spaces. The full-text index
over them is database-specific and made in migration 0001: an FTS5 table kept in step by
triggers on SQLite, a generated ``tsvector`` column with a GIN index on PostgreSQL.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from parkpulse.portal.models import Article, Tag


class SearchDocument(models.Model):
    article = models.OneToOneField(
        Article, primary_key=True, on_delete=models.CASCADE, related_name="search_document"
    )
    title_tokens = models.TextField(_("标题分词"), blank=True)
    body_tokens = models.TextField(_("正文分词"), blank=True)
    fingerprint = models.CharField(
        _("指纹"), max_length=40, blank=True, help_text=_("产生本索引的文本与词典的摘要，未变则不重复分析")
    )
    related_at = models.DateTimeField(_("相关文章计算时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = _("搜索索引")


class KeywordWeight(models.Model):
    """An article's TF-IDF weight for one keyword tag (L2-normalised per article)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="keyword_weights")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="keyword_weights")
    weight = models.FloatField(_("权重"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "tag"], name="kw_article_tag")]
        indexes = [models.Index(fields=["tag", "-weight"], name="kw_tag_weight")]
        verbose_name = verbose_name_plural = _("关键词权重")


class RelatedLink(models.Model):
    """One entry of an article's cached related list."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_links")
    other = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("得分"))
    rank = models.PositiveSmallIntegerField(_("名次"))

    class Meta:
        ordering = ["article", "rank"]
        constraints = [models.UniqueConstraint(fields=["article", "other"], name="related_pair")]
        verbose_name = verbose_name_plural = _("相关文章")
