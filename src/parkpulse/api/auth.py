"""Bearer tokens and per-token rate limits for the API.

Public endpoints answer anonymous requests (limited per client address) and token holders
(limited per token, at the token's own rate). A request that sends an Authorization header
with a wrong, revoked or malformed token is refused, never served as anonymous. Counters are
fixed one-minute windows in the ``api`` cache: Redis when ``REDIS_URL`` is set, so every
worker shares them; otherwise each process counts on its own.
"""

from __future__ import annotations

import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from ninja.errors import AuthenticationError, HttpError
from ninja.throttling import BaseThrottle

from parkpulse.api.models import ApiToken, hash_key


class Anonymous:
    """request.auth for a request without a token (truthy, so Ninja lets it through)."""

    is_token = False

    def __bool__(self) -> bool:
        return True


ANONYMOUS = Anonymous()


def _token_from_header(request) -> ApiToken | None:
    header = request.headers.get("Authorization", "")
    scheme, _, raw = header.partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        raise AuthenticationError(401, "Authorization 头格式应为 Bearer <令牌>")
    token = (ApiToken.objects.select_related("user").filter(key_hash=hash_key(raw.strip()), revoked=False)
             .first())
    if token is None or not token.user.is_active:
        raise AuthenticationError(401, "令牌无效或已停用")
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)  # at most once a minute
    return token


def optional_token(request):
    """Ninja auth callback: a token if one is sent, else anonymous."""
    if "Authorization" not in request.headers:
        return ANONYMOUS
    return _token_from_header(request)


def token_with_scope(scope: str):
    def check(request):
        if "Authorization" not in request.headers:
            raise AuthenticationError(401, "需要令牌")
        token = _token_from_header(request)
        if not token.has_scope(scope):
            raise HttpError(403, f"令牌没有“{scope}”权限")
        return token

    check.__name__ = f"token_{scope}"
    return check


class TokenRateThrottle(BaseThrottle):
    """N requests per minute per token (its own rate) or per client address (anonymous)."""

    def __init__(self):
        self._local = threading.local()  # one instance serves every thread of the worker

    def allow_request(self, request) -> bool:
        auth = getattr(request, "auth", None)
        if isinstance(auth, ApiToken):
            ident, limit = f"t{auth.pk}", auth.rate_per_minute
        else:
            ident = f"a{self.get_ident(request)}"
            limit = getattr(settings, "PARKPULSE_API_ANON_RATE", 60)
        now = time.time()
        window = int(now // 60)
        key = f"api-rate:{ident}:{window}"
        cache = caches["api"] if "api" in settings.CACHES else caches["default"]
        cache.add(key, 0, timeout=120)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.set(key, 1, timeout=120)
            count = 1
        if count > limit:
            self._local.wait = (window + 1) * 60 - now
            return False
        return True

    def wait(self):
        return getattr(self._local, "wait", None)
