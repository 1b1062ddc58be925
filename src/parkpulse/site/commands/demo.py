"""``parkpulse demo``: a fresh demo database under PARKPULSE_HOME, then serve it.

Each app contributes its part through an optional ``parkpulse.<app>.demo`` module with
``load_demo(log)``; they run in ``DEMO_STEPS`` order so later parts can use earlier ones.
"""

from __future__ import annotations

import importlib
import os
import secrets

HELP = "生成演示数据并启动网站 (build the demo and serve it)"

DEMO_STEPS = ["portal", "parks", "collect", "search", "rankings", "leads"]
STEP_NAMES = {"portal": "示例文章 (articles)", "parks": "园区与载体 (parks)", "collect": "采集示例网站 (crawl)",
              "search": "搜索索引 (search index)", "rankings": "排名计算 (rankings)", "leads": "招商线索 (leads)"}
ADMIN_USER = "admin"


def add_arguments(parser):
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--no-serve", action="store_true", help="build the demo and exit")


def build_demo(log=print) -> str:
    """Reset the database, load every app's demo content, and return the admin password."""
    from django.conf import settings
    from django.core.management import call_command

    from parkpulse.site.cli import check_database

    check_database()
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        # A fresh demo: drop the old file rather than flush, so schema changes never linger.
        from django.db import connections

        connections.close_all()
        for suffix in ("", "-wal", "-shm"):
            path = f"{db['NAME']}{suffix}"
            if os.path.exists(path):
                os.remove(path)
        call_command("migrate", interactive=False, verbosity=0)
    else:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("flush", interactive=False, verbosity=0)
    log("数据库已就绪 (migrated)")
    for step, app in enumerate(DEMO_STEPS, 1):
        try:
            module = importlib.import_module(f"parkpulse.{app}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"parkpulse.{app}.demo":
                raise
            continue
        log(f"[{step}/{len(DEMO_STEPS)}] {STEP_NAMES.get(app, app)}…")  # the crawl step takes a while
        module.load_demo(log)

    from django.contrib.auth import get_user_model

    password = os.environ.get("PARKPULSE_DEMO_PASSWORD") or secrets.token_urlsafe(9)
    User = get_user_model()
    User.objects.filter(username=ADMIN_USER).delete()
    User.objects.create_superuser(ADMIN_USER, "admin@example.com", password)
    log(site_summary())
    return password


def site_summary() -> str:
    """What the site now shows, counted the way its pages count (published articles only)."""
    from parkpulse.leads.models import Lead
    from parkpulse.parks.models import Listing, Park
    from parkpulse.portal.models import Article
    from parkpulse.rankings.models import UnitResult

    published = Article.objects.published().count()
    waiting = Article.objects.count() - published
    units = UnitResult.objects.values("code").distinct().count()
    return (f"网站现有：{published} 篇已发布文章（另有 {waiting} 篇待审核或隐藏）、{Park.objects.count()} 个园区、"
            f"{Listing.objects.filter(is_available=True).count()} 个在租/在售载体、{Lead.objects.count()} 条线索、"
            f"{units} 个排名单位")


def run(args):
    from parkpulse.site.cli import setup_django
    from parkpulse.site.commands.serve import check_port, serve

    if not args.no_serve:
        check_port(args.host, args.port)  # fail before spending time on the build
    setup_django()
    password = build_demo()
    print(f"演示已生成。管理后台：http://{args.host}:{args.port}/admin/  用户名 {ADMIN_USER}  密码 {password}")
    if args.no_serve:
        return 0
    return serve(args.host, args.port)
