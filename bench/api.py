"""API list endpoints over 100,000 articles: p50/p95 per request through the full Django stack.

    python bench/api.py                          # SQLite under $PARKPULSE_HOME/bench-api/
    python bench/api.py --articles 10000 --repeat 50
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pp_api_bench python bench/api.py   # its own database!

Builds (once, reused) N published articles (bench data, 示例数据) in 5 categories with 3 of 300
tags each, 500 parks linked to 10% of the articles, and 2,000 listings; enrichment is off (bulk
inserts). Each row requests one URL ``--repeat`` times with Django's test client (in-process:
middleware, Ninja, serialisation and the database, no HTTP server) and reports p50/p95 in ms.
The baseline row is ``/api/v1/categories``: five rows, the cost of the stack itself.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def build(n: int) -> None:
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from parkpulse.parks.models import Industry, Listing, Park
    from parkpulse.portal.models import Article, Category, Tag

    call_command("migrate", verbosity=0)
    if Article.objects.count() == n:
        return
    rnd = random.Random(5)
    Article.objects.all().delete()
    cats = [Category.objects.get_or_create(slug=s, defaults={"name": s})[0]
            for s in ("news", "policy", "data", "zhaoshang", "parks")]
    Tag.objects.bulk_create([Tag(kind="topic", slug=f"t{i}", name=f"话题{i}") for i in range(300)],
                            ignore_conflicts=True)
    tags = list(Tag.objects.filter(slug__startswith="t").values_list("id", flat=True))
    Park.objects.bulk_create([Park(name=f"示例园区{i}", province="江苏省", city="苏州市", is_sample=True)
                              for i in range(500)], ignore_conflicts=True)
    parks = list(Park.objects.values_list("id", flat=True))
    inds = list(Industry.objects.values_list("code", flat=True))
    now = timezone.now()
    tag_through, park_through = Article.tags.through, Article.parks.through
    with transaction.atomic():
        for start in range(0, n, 5000):
            arts = Article.objects.bulk_create([
                Article(title=f"示例文章{i}", body_text=f"示例数据。第{i}篇。", summary=f"摘要{i}",
                        category=cats[i % 5], status="published", is_sample=True,
                        published_at=now - timedelta(minutes=i))
                for i in range(start, min(n, start + 5000))
            ])
            links, plinks = [], []
            for a in arts:
                for t in rnd.sample(tags, 3):
                    links.append(tag_through(article_id=a.pk, tag_id=t))
                if rnd.random() < 0.1:
                    plinks.append(park_through(article_id=a.pk, park_id=rnd.choice(parks)))
            tag_through.objects.bulk_create(links)
            park_through.objects.bulk_create(plinks)
        if not Listing.objects.exists():
            Listing.objects.bulk_create([
                Listing(park_id=rnd.choice(parks), title=f"示例厂房{i}", kind="factory", deal="rent",
                        area_m2=rnd.randint(500, 50000), is_sample=True) for i in range(2000)
            ])
    _ = inds


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=200)
    args = ap.parse_args(argv)
    home = Path(os.environ.get("PARKPULSE_HOME", ROOT / "var")) / "bench-api"
    home.mkdir(parents=True, exist_ok=True)
    os.environ["PARKPULSE_HOME"] = str(home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parkpulse.site.settings")
    os.environ["PARKPULSE_API_ANON_RATE"] = str(10**9)  # measure the endpoints, not the limiter
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from parkpulse.search.enrich import paused

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    t0 = time.perf_counter()
    with paused():
        build(args.articles)
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("ANALYZE")
    from parkpulse.parks.models import Park
    from parkpulse.portal.models import Tag

    park = Park.objects.order_by("id").first().pk
    tag = Tag.objects.filter(slug="t7").first().slug
    print(f"database={connection.vendor} articles={args.articles} (build {time.perf_counter() - t0:.1f}s) "
          f"repeat={args.repeat}")
    client = Client()
    rows = [
        ("baseline: /categories", "/api/v1/categories"),
        ("articles page 1", "/api/v1/articles"),
        ("articles page 1, 100 per page", "/api/v1/articles?page_size=100"),
        ("articles page 2500 (deep)", "/api/v1/articles?page=2500&page_size=20"),
        ("articles ?category=", "/api/v1/articles?category=policy"),
        ("articles ?tag=", f"/api/v1/articles?tag={tag}"),
        ("articles ?park=", f"/api/v1/articles?park={park}"),
        ("parks page 1", "/api/v1/parks"),
        ("listings page 1", "/api/v1/listings"),
    ]
    print("| row | p50 ms | p95 ms | status |")
    print("| --- | --- | --- | --- |")
    for label, url in rows:
        client.get(url)  # warm
        times = []
        status = None
        for _ in range(args.repeat):
            start = time.perf_counter()
            resp = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            status = resp.status_code
        print(f"| {label} | {statistics.median(times):.1f} | {percentile(times, 95):.1f} | {status} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
