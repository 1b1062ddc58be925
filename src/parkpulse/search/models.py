"""The search index, keyword weights and the cached related-article lists.

``SearchDocument`` holds an article's jieba tokens joined by spaces (the word index, for
ranking) and its character bigrams (``parkpulse.textkit.ngrams``: the n-gram index, for
recall of any literal substring). The full-text indexes over them are database-specific
and made in migrations 0002 and 0003: FTS5 tables kept in step by triggers on SQLite,
generated ``tsvector`` columns with GIN indexes on PostgreSQL.
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
    grams = models.TextField(
        "字串索引", blank=True, default="", help_text=_("标题与正文的二字切分，用于任意字串检索")
    )
    fingerprint = models.CharField(
        _("指纹"), max_length=40, blank=True, help_text=_("产生本索引的文本与词典的摘要，未变则不重复分析")
    )
    related_at = models.DateTimeField(_("相关文章计算时间"), null=True, blank=True)
    # The article's own date, copied so that a date range and a text match meet in one
    # table: PostgreSQL ANDs this column's b-tree bitmap with the GIN bitmap of the match
    # (backends.PostgresBackend). Kept equal by every save (enrich.on_article_saved); the
    # search still tests the article's date, so a stale copy could hide a match, never add one.
    # Nullable and indexed by migration 0010 (PostgreSQL only) so that SQLite never rebuilds
    # the table, which would drop its FTS5 triggers.
    published_at = models.DateTimeField(_("发布时间"), null=True)
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


class PendingEnrichment(models.Model):
    """An article stored by a crawl (or changed by background work) that awaits enrichment.

    The durable half of the enrichment queue (``search/queue.py``): the row is written in the
    transaction that stores the article and deleted only after its enrichment committed, so a
    worker killed mid-batch loses nothing; queue messages only wake the workers.
    """

    article = models.OneToOneField(
        Article, primary_key=True, on_delete=models.CASCADE, related_name="pending_enrichment"
    )
    queued_at = models.DateTimeField(_("排队时间"), db_index=True)
    attempts = models.PositiveSmallIntegerField(_("失败次数"), default=0)

    class Meta:
        verbose_name = verbose_name_plural = _("待分析文章")
