"""``parkpulse check [--deploy]``: the readiness checks of ``/readyz`` from the shell, plus
unapplied migrations and Django's system checks (``--deploy``: under production settings)."""

from __future__ import annotations

import os

HELP = "检查数据库、缓存、Redis 等是否就绪 (readiness and deployment checks)"

PRODUCTION = "parkpulse.site.settings_production"


def add_arguments(parser):
    parser.add_argument("--deploy", action="store_true",
                        help=f"同时运行 Django check --deploy (with {PRODUCTION} unless DJANGO_SETTINGS_MODULE is set)")
    parser.add_argument("--timeout", type=float, help="每项检查的时限秒数 (seconds per check)")


def run(args):
    from parkpulse.site.cli import CliError, setup_django

    if args.deploy and os.environ.get("DJANGO_SETTINGS_MODULE", "parkpulse.site.settings") == "parkpulse.site.settings":
        os.environ["DJANGO_SETTINGS_MODULE"] = PRODUCTION
    try:
        setup_django()
    except RuntimeError as exc:  # settings_production refuses DEBUG or a short secret key
        raise CliError(str(exc)) from exc
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    from parkpulse.site.health import run_checks

    results = run_checks(probe_only=False, timeout=args.timeout)
    width = max(len(n) for n in results)
    for name, r in results.items():
        detail = r.get("error") or r.get("note") or ""
        print(f"{'ok  ' if r['ok'] else 'FAIL'} {name:<{width}} {r['ms']:>8.1f} ms  {detail}".rstrip())
    failed = [n for n, r in results.items() if not r["ok"]]
    try:
        # --deploy: a warning there is a production problem, so it fails the command too
        call_command("check", deploy=args.deploy, fail_level="WARNING" if args.deploy else "ERROR")
    except SystemCheckError as exc:
        print(str(exc).strip())
        failed.append("django-checks")
    if failed:
        raise CliError(f"未就绪 (not ready): {', '.join(failed)}")
    return 0
