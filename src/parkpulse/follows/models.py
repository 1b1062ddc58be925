"""What a user follows (a park, a place, an industry or a search) and their feed/digest state."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Follow(models.Model):
    class Kind(models.TextChoices):
        PARK = "park", "园区"
        PLACE = "place", "地区"
        INDUSTRY = "industry", "产业"
        SEARCH = "search", "搜索"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    # park: its id; place: a division code (地区标签); industry: a taxonomy code; search: the words
    value = models.CharField("关注对象", max_length=100)
    label = models.CharField("名称", max_length=120, blank=True)
    created_at = models.DateTimeField("关注时间", default=timezone.now)

    class Meta:
        ordering = ["kind", "label"]
        constraints = [models.UniqueConstraint(fields=["user", "kind", "value"], name="follow_unique")]
        verbose_name = verbose_name_plural = _("关注")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}:{self.label or self.value}"


def new_feed_key() -> str:
    return secrets.token_urlsafe(24)


class Subscriber(models.Model):
    """Per user: the secret key of their personal feed (feed readers cannot sign in) and when
    the last digest went out."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriber")
    feed_key = models.CharField("订阅密钥", max_length=40, unique=True, default=new_feed_key)
    digest = models.BooleanField("接收邮件摘要", default=True)
    last_digest_at = models.DateTimeField("上次摘要", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("订阅设置")

    def __str__(self) -> str:
        return str(self.user)
