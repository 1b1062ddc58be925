"""``parkpulse enrich``: re-tag, re-index and recompute related lists.

Run ``parkpulse enrich --all`` after the park list or the dictionaries change; articles
whose text and dictionary are unchanged are skipped unless ``--force``.
"""

from __future__ import annotations

HELP = "重新分析文章：标签、园区、索引、相关文章 (re-enrich articles)"


def add_arguments(parser):
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--all", action="store_true", help="所有文章 (every article)")
    which.add_argument("--article", type=int, nargs="+", metavar="ID", help="指定文章编号")
    parser.add_argument("--force", action="store_true", help="文本未变也重新分析")
    parser.add_argument("--no-related", action="store_true", help="不重算相关文章")
    parser.add_argument("--quiet", action="store_true", help="不显示进度条")


def run(args):
    from parkpulse.site.cli import CliError, check_database, setup_django

    setup_django()
    check_database()
    from tqdm import tqdm

    from parkpulse.portal.models import Article
    from parkpulse.search.bulk import enrich_many

    qs = Article.objects.order_by("id")
    if args.article:
        qs = qs.filter(pk__in=args.article)
        missing = sorted(set(args.article) - set(qs.values_list("id", flat=True)))
        if missing:
            raise CliError(f"找不到文章 (no such article): {', '.join(map(str, missing))}")
    ids = list(qs.values_list("id", flat=True))

    def progress(iterable, desc, total):
        return tqdm(iterable, desc=desc, total=total, unit="篇", disable=args.quiet)

    analysed, lists = enrich_many(ids, force=args.force, related=not args.no_related, progress=progress)
    print(f"已分析 {analysed} 篇(共 {len(ids)} 篇)，相关文章列表 {lists} 个")
    return 0
