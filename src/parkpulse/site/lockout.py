"""django-axes with a second limit: failed logins per IP address, whatever the username.

Axes locks a username + IP pair after ``AXES_FAILURE_LIMIT`` failures (a person mistyping
their own password). Password spraying tries a few common passwords against many usernames
from one address and never trips that pair limit; ``AXES_IP_FAILURE_LIMIT`` failures from
one address within the cool-off time lock the address out too. The limit is higher than the
pair limit so one office behind NAT is not locked by a few people's typos.
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


class LockoutHandler(AxesDatabaseHandler):
    def ip_failures(self, request) -> int:
        ip = getattr(request, "axes_ip_address", None)
        if not ip:
            return 0
        attempts = AccessAttempt.objects.filter(ip_address=ip)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0

    def get_failures(self, request, credentials=None) -> int:
        # Axes compares this number with the pair limit in every place it decides a lockout
        # (before authenticating, and after a failure). The per-IP count is scaled onto that
        # limit: it reaches the pair limit exactly when it reaches the per-IP limit.
        pair = super().get_failures(request, credentials)
        ip_limit = int(getattr(settings, "AXES_IP_FAILURE_LIMIT", 0) or 0)
        if ip_limit <= 0:
            return pair
        limit = get_failure_limit(request, credentials)
        return max(pair, self.ip_failures(request) * limit // ip_limit)
