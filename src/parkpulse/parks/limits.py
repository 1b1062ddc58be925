"""Limits on what one visitor or account may create: registrations per IP, claims per day,
stored bytes per account, and the expiry of claims nobody reviewed.

Counted from database rows (``Registration``, ``ParkClaim``, ``ListingPhoto``), so they hold
across every gunicorn worker and server, like the lead rate limits. Settings:
``REGISTRATIONS_PER_IP_PER_HOUR``, ``CLAIMS_PER_USER_PER_DAY``, ``USER_STORAGE_QUOTA_BYTES``,
``CLAIM_EXPIRY_DAYS`` (docs/security.md).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext

from parkpulse.parks.models import ListingPhoto, ParkClaim, Registration, ReviewStatus

MB = 1024 * 1024


def registration_limited(ip: str | None) -> str | None:
    """The message to show when this address registered too many accounts in the last hour."""
    limit = int(getattr(settings, "REGISTRATIONS_PER_IP_PER_HOUR", 5))
    if not ip or limit <= 0:
        return None
    since = timezone.now() - timedelta(hours=1)
    if Registration.objects.filter(ip=ip, created_at__gte=since).count() >= limit:
        return gettext("该网络注册的账号过多，请一小时后再试。")
    return None


def claims_limited(user) -> str | None:
    limit = int(getattr(settings, "CLAIMS_PER_USER_PER_DAY", 5))
    since = timezone.now() - timedelta(days=1)
    if limit > 0 and ParkClaim.objects.filter(user=user, created_at__gte=since).count() >= limit:
        return gettext("您今天提交的认领申请已达 %(n)s 个，请明天再试。") % {"n": limit}
    return None


def used_bytes(user) -> int:
    """Bytes this account keeps on the server: claim proofs not yet deleted, listing photos."""
    proofs = ParkClaim.objects.filter(user=user).exclude(proof="").aggregate(n=Sum("proof_size"))["n"] or 0
    photos = ListingPhoto.objects.filter(listing__owner=user).aggregate(n=Sum("size"))["n"] or 0
    return proofs + photos


def over_quota(user, incoming: int) -> str | None:
    """The message to show when storing ``incoming`` more bytes would pass the account's quota."""
    quota = int(getattr(settings, "USER_STORAGE_QUOTA_BYTES", 100 * MB))
    if quota <= 0 or user.has_perm("parks.change_park"):  # editors maintain the site's own files
        return None
    used = used_bytes(user)
    if used + incoming > quota:
        return gettext("您的存储空间不足：已用 %(used)s MB，上限 %(quota)s MB，本次上传 %(size)s MB。") % {
            "used": round(used / MB, 1), "quota": round(quota / MB), "size": round(incoming / MB, 1),
        }
    return None


def expire_stale_claims(now=None) -> int:
    """Mark claims pending longer than ``CLAIM_EXPIRY_DAYS`` as expired and delete their proofs."""
    days = int(getattr(settings, "CLAIM_EXPIRY_DAYS", 60))
    if days <= 0:
        return 0
    now = now or timezone.now()
    stale = ParkClaim.objects.filter(status=ReviewStatus.PENDING, created_at__lt=now - timedelta(days=days))
    expired = 0
    for pk in list(stale.values_list("pk", flat=True)[:500]):
        with transaction.atomic():
            claim = ParkClaim.objects.select_for_update().filter(pk=pk, status=ReviewStatus.PENDING).first()
            if claim is None:
                continue
            if claim.proof:
                claim.proof.delete(save=False)
            claim.status = ReviewStatus.EXPIRED
            claim.review_reason = gettext("超过 %(days)s 天未审核，已自动过期；如仍需认领请重新提交。") % {"days": days}
            claim.reviewed_at = now
            claim.proof_size = 0
            claim.save()
            expired += 1
    return expired
