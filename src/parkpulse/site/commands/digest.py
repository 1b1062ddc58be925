"""``parkpulse digest``: e-mail each subscriber what is new for their follows.

Run it from cron or a systemd timer (recipes in docs/follows.md); each run sends what
appeared since that subscriber's previous digest.
"""

from __future__ import annotations

HELP = "发送关注摘要邮件 (send the follows e-mail digest)"


def add_arguments(parser):
    parser.add_argument("--dry-run", action="store_true", help="只统计，不发送 (count only)")
    parser.add_argument("--base-url", default="", help="邮件中链接的网站地址， 例如 https://parks.example.cn")


def run(args):
    from parkpulse.site.cli import check_database, setup_django

    setup_django()
    check_database()
    from parkpulse.follows.digest import send_digests

    sent, empty = send_digests(dry_run=args.dry_run, base_url=args.base_url)
    verb = "将发送" if args.dry_run else "已发送"
    print(f"{verb} {sent} 封摘要邮件；{empty} 位订阅者没有新内容 (digests {'to send' if args.dry_run else 'sent'}: {sent})")
    return 0
