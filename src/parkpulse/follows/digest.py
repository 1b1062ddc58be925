"""The e-mail digest: each subscriber's new articles and facts since their last digest."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone

from parkpulse.follows.matching import updates_for
from parkpulse.follows.models import Subscriber

FIRST_WINDOW = timedelta(days=1)  # a new subscriber's first digest looks back one day


def send_digests(now=None, dry_run: bool = False, base_url: str = "") -> tuple[int, int]:
    """(digests sent, subscribers with nothing new). Each digest is one e-mail."""
    now = now or timezone.now()
    sent = empty = 0
    subs = Subscriber.objects.filter(digest=True, user__is_active=True).exclude(user__email="").select_related("user")
    for sub in subs:
        since = sub.last_digest_at or now - FIRST_WINDOW
        updates = updates_for(sub.user, since=since)
        if not updates:
            empty += 1
            continue
        if not dry_run:
            context = {"user": sub.user, "updates": updates, "base_url": base_url.rstrip("/"),
                       "site_name": settings.SITE_NAME}
            send_mail(
                subject=f"{settings.SITE_NAME} 关注摘要：{len(updates.articles)} 篇文章，{len(updates.facts)} 条数据",
                message=render_to_string("follows/digest.txt", context),
                from_email=None, recipient_list=[sub.user.email],
            )
            sub.last_digest_at = now
            sub.save(update_fields=["last_digest_at"])
        sent += 1
    return sent, empty
