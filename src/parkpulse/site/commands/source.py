"""``parkpulse source add|list|import``: manage the sources the collector crawls."""

from __future__ import annotations

HELP = "管理采集来源 (manage crawl sources: add, list, import, retemplate)"


def add_arguments(parser):
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="添加来源 (add a source)")
    add.add_argument("name")
    add.add_argument("url", help="起始地址：列表页、站点地图或订阅 (start URL)")
    add.add_argument("--kind", choices=["list", "sitemap", "feed"], default="list")
    add.add_argument("--article-pattern", default="", help="文章链接正则 (regex)")
    add.add_argument("--pagination-pattern", default="", help="翻页链接正则 (regex)")
    add.add_argument("--allowed-pattern", default="", help="允许的链接正则 (regex)")
    add.add_argument("--category", default="", help="栏目标识 (category slug)")
    add.add_argument("--include", default="", help="必须包含的关键词，逗号分隔")
    add.add_argument("--exclude", default="", help="排除的关键词，逗号分隔")
    add.add_argument("--publish", action="store_true", help="直接发布，不进审核队列")
    add.add_argument("--max-pages", type=int, default=500)
    add.add_argument("--recrawl-minutes", type=int, default=360)
    add.add_argument("--disabled", action="store_true")
    sub.add_parser("list", help="列出来源 (list sources)")
    imp = sub.add_parser("import", help="从 YAML 文件导入 (import from YAML)")
    imp.add_argument("file")
    ret = sub.add_parser("retemplate", help="重新学习来源模板并清理已存文章 (re-learn the template, re-clean)")
    ret.add_argument("names", nargs="*", metavar="NAME")
    ret.add_argument("--all", action="store_true", help="所有来源 (every source)")


def run(args):
    from parkpulse.site.cli import CliError, check_database, setup_django

    setup_django()
    check_database()
    from parkpulse.collect.sources import SourceError, import_yaml, save_source

    try:
        if args.action == "add":
            source, _ = save_source({
                "name": args.name, "url": args.url, "start_urls": [args.url], "kind": args.kind,
                "article_pattern": args.article_pattern, "pagination_pattern": args.pagination_pattern,
                "allowed_pattern": args.allowed_pattern, "category": args.category,
                "include_keywords": args.include, "exclude_keywords": args.exclude,
                "publish": args.publish, "max_pages": args.max_pages,
                "recrawl_minutes": args.recrawl_minutes, "enabled": not args.disabled,
            }, update=False)
            print(f"已添加来源 (added) {source.name} [{source.kind}] {source.home_url}")
        elif args.action == "import":
            results = import_yaml(args.file)
            for source, created in results:
                print(f"{'新增' if created else '更新'} {source.name} [{source.kind}]")
            print(f"共 {len(results)} 个来源 (sources imported)")
        elif args.action == "retemplate":
            return retemplate(args.names, args.all)
        else:
            return list_sources()
    except SourceError as exc:
        raise CliError(str(exc)) from exc
    return 0


def retemplate(names: list[str], every: bool) -> int:
    """Learn each source's template from its stored pages and re-clean its articles."""
    from parkpulse.collect import templates
    from parkpulse.collect.models import Source
    from parkpulse.site.cli import CliError

    if not names and not every:
        raise CliError("请给出来源名称或 --all (name a source or pass --all)")
    sources = list(Source.objects.all()) if every else []
    for name in names:
        found = Source.objects.filter(name=name).first()
        if found is None:
            raise CliError(f"没有这个来源 (no such source): {name}")
        sources.append(found)
    for source in sources:
        templates.learn(source)
        changed = templates.reclean(source, reason="command")
        lines = len(templates.active_keys(source))
        print(f"{source.name}: 模板 {lines} 行 (template lines), 重新清理 {len(changed)} 篇 (articles re-cleaned)")
    return 0


def list_sources() -> int:
    from parkpulse.collect.models import Source

    rows = list(Source.objects.select_related("default_category"))
    if not rows:
        print("还没有来源 (no sources yet): parkpulse source add NAME URL --kind list")
        return 0
    for s in rows:
        last = s.last_run()
        state = "启用" if s.enabled else "停用"
        last_txt = f"{last.started_at:%Y-%m-%d %H:%M} {last.get_status_display()}" if last else "从未采集"
        cat = s.default_category.slug if s.default_category else "-"
        print(f"{s.name}\t{s.kind}\t{state}\t{'发布' if s.publish else '审核'}\t{cat}\t{last_txt}\t{s.home_url}")
    return 0
