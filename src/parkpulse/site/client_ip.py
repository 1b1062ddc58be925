"""The visitor's IP address, under the one trusted-proxy setting the whole site shares.

django-axes (``AXES_CLIENT_IP_CALLABLE``), the lead rate limits, audit rows and the logs all
call :func:`client_ip`, so they agree on who a visitor is. ``TRUSTED_PROXY_COUNT`` (from
``PARKPULSE_TRUSTED_PROXIES``) says how many reverse proxies in front of the site append to
``X-Forwarded-For``; docs/security.md shows the nginx setting that goes with it.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def trusted_proxy_count() -> int:
    return max(0, int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0))


def client_ip(request) -> str | None:
    """The visitor's address.

    Behind N trusted proxies the visitor is the N-th address from the right of
    X-Forwarded-For: each trusted proxy appends the address it was connected from, and
    whatever the visitor wrote further left is not trusted. With no proxy configured the
    header is ignored, so nobody changes their address by forging it; behind a proxy,
    REMOTE_ADDR alone would put every visitor under one shared address (one lockout, one
    rate limit for everyone).
    """
    n = trusted_proxy_count()
    if n > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= n:
            try:
                return str(ipaddress.ip_address(hops[-n]))
            except ValueError:
                pass
    remote = request.META.get("REMOTE_ADDR") or ""
    try:
        return str(ipaddress.ip_address(remote))
    except ValueError:
        return None
