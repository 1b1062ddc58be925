"""``parkpulse demo`` step ``collect``: crawl the sample news web through the real pipeline.

demo/site is served on a free loopback port, three sample sources (list pages, a sitemap, an
RSS feed) are registered, and a real crawl runs in a child process (Twisted's reactor can
start once per process, and ``parkpulse demo`` goes on to serve the site). The articles come
out in the portal with their source and original link, marked as sample data.
"""

from __future__ import annotations

import json
import subprocess
import sys

from parkpulse.collect.demo_server import DemoServer

# Fast but still polite settings for a loopback crawl of ~80 files.
DEMO_CRAWL_SETTINGS = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
                       "DOWNLOAD_TIMEOUT": 10, "RETRY_BACKOFF_BASE": 0.2}


def demo_sources(base: str) -> list[dict]:
    return [
        {"name": "示例园区观察网", "url": f"{base}/a/", "start_urls": [f"{base}/a/list/index.html"],
         "kind": "list", "article_pattern": r"/a/\w+/.*a\d{3}\.html$", "publish": True,
         "category": "", "is_sample": True, "max_pages": 200},
        {"name": "示例工业资讯", "url": f"{base}/b/", "start_urls": [f"{base}/b/sitemap.xml"],
         "kind": "sitemap", "publish": True, "is_sample": True},
        {"name": "示例产业周刊", "url": f"{base}/c/", "start_urls": [f"{base}/c/rss.xml"],
         "kind": "feed", "publish": False, "is_sample": True},
    ]


def pick_category_slugs() -> list[str]:
    from parkpulse.portal.models import Category

    slugs = list(Category.objects.filter(parent__isnull=True).values_list("slug", flat=True)[:3])
    return (slugs + [""] * 3)[:3]


def load_demo(log=print) -> None:
    from parkpulse.collect.childenv import child_env
    from parkpulse.collect.models import CrawlRun
    from parkpulse.collect.sources import save_source

    with DemoServer() as server:
        for data, slug in zip(demo_sources(server.url), pick_category_slugs(), strict=True):
            data["category"] = slug
            save_source(data)
        env = child_env(PARKPULSE_CRAWL_SETTINGS=json.dumps(DEMO_CRAWL_SETTINGS))
        # The list-page source first, so its original story is stored before the repost on
        # the feed source arrives and is linked to it.
        names = [s["name"] for s in demo_sources(server.url)]
        base = [sys.executable, "-m", "parkpulse.site.cli", "crawl", "--no-progress"]
        for group in ([names[0]], names[1:]):
            cmd = base + [arg for n in group for arg in ("--source", n)]
            proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
            if proc.returncode != 0:
                break
    for run in CrawlRun.objects.select_related("source").order_by("id"):
        log(f"采集 {run.source.name}: {run.summary()}")
    if proc.returncode != 0:
        log(f"采集演示未完全成功 (demo crawl exit {proc.returncode}): {proc.stderr.strip()[-500:]}")
