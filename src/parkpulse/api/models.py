"""API tokens: a user's key (stored only as a SHA-256 hash), its scopes and its rate limit."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SCOPES = {"public": "公开数据", "leads": "我的线索"}


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE,
                             related_name="api_tokens")
    name = models.CharField("名称", max_length=60)
    prefix = models.CharField("前缀", max_length=12, editable=False, help_text="用于辨认，不是完整密钥")
    key_hash = models.CharField("密钥哈希", max_length=64, unique=True, editable=False)
    scopes = models.JSONField("权限范围", default=list, help_text='例如 ["public", "leads"]')
    rate_per_minute = models.PositiveIntegerField("每分钟请求上限", default=120)
    revoked = models.BooleanField("已停用", default=False)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = _("接口令牌")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, user, name: str, scopes=("public",), rate_per_minute: int = 120) -> tuple[ApiToken, str]:
        """A new token and its key; the key is shown once and never stored."""
        unknown = set(scopes) - set(SCOPES)
        if unknown:
            raise ValueError(f"未知的权限范围 (unknown scope): {', '.join(sorted(unknown))}")
        raw = "pp_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name[:60], prefix=raw[:10], key_hash=hash_key(raw),
                                   scopes=sorted(set(scopes)), rate_per_minute=rate_per_minute)
        return token, raw

    def has_scope(self, scope: str) -> bool:
        return scope in (self.scopes or [])
