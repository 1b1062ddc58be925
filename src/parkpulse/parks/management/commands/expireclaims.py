"""``parkpulse manage expireclaims``: expire claims pending past CLAIM_EXPIRY_DAYS (run daily)."""

from django.core.management.base import BaseCommand

from parkpulse.parks.limits import expire_stale_claims


class Command(BaseCommand):
    help = "将超期未审核的园区认领标记为已过期并删除其证明材料 (expire stale pending claims)"

    def handle(self, *args, **options):
        n = expire_stale_claims()
        self.stdout.write(f"已过期 {n} 个认领申请 (expired {n} claims)")
