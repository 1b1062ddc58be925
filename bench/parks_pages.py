"""Parks pages under load: directory, filters, park page (with news), listing search.

Builds a throw-away SQLite database (or DATABASE_URL: give it an empty database) with N parks, 10·N listings and
4·N articles (bodies ~600 characters, 1 in 20 naming a park), then times each page through
Django's test client (full stack: URL routing, ORM, templates). Reports median and p90 ms.

    PYTHONPATH=src python bench/parks_pages.py            # 5,000 parks, 50,000 listings
    PYTHONPATH=src python bench/parks_pages.py --parks 500 --repeat 5   # quick
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time


def setup(home: str):
    os.environ["PARKPULSE_HOME"] = home
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parkpulse.site.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def build(n_parks: int, rng: random.Random) -> dict:
    from django.db import transaction

    from parkpulse.parks.models import Industry, Listing, Park
    from parkpulse.portal.models import Article

    provinces = ["江苏省", "浙江省", "广东省", "湖南省", "湖北省", "四川省", "山东省", "安徽省", "河南省", "福建省"]
    codes = list(Industry.objects.values_list("code", flat=True))
    t0 = time.perf_counter()
    with transaction.atomic():
        Park.objects.bulk_create(
            Park(name=f"基准园区{i:05d}高新区", aliases=[f"基准{i:05d}区"], province=rng.choice(provinces),
                 city=f"城市{i % 300:03d}", level=rng.choice(["nht", "netdz", "provincial", "other"]),
                 description="基准测试用园区。" * 5, is_sample=True)
            for i in range(n_parks)
        )
        parks = list(Park.objects.values_list("pk", flat=True))
        through = Park.industries.through
        through.objects.bulk_create(
            through(park_id=pk, industry_id=c) for pk in parks for c in rng.sample(codes, 3)
        )
        Listing.objects.bulk_create(
            Listing(park_id=rng.choice(parks), title=f"基准载体{i}", kind=rng.choice(["factory", "land", "office", "warehouse"]),
                    deal=rng.choice(["rent", "sale"]), area_m2=rng.randrange(200, 40000), price=rng.randrange(10, 5000),
                    is_sample=True)
            for i in range(n_parks * 10)
        )
        lthrough = Listing.industries.through
        lthrough.objects.bulk_create(
            lthrough(listing_id=pk, industry_id=rng.choice(codes)) for pk in Listing.objects.values_list("pk", flat=True)
        )
        filler = "园区产业发展动态,企业投资项目签约落地,营商环境持续优化。" * 20
        Article.objects.bulk_create(
            Article(title=f"基准文章{i}", status="published",
                    body_text=(f"据报道,基准园区{rng.randrange(n_parks):05d}高新区" if i % 20 == 0 else "") + filler)
            for i in range(n_parks * 4)
        )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as autovacuum / a maintained DB would have
    return {"parks": parks, "build_s": time.perf_counter() - t0}


def timed(client, url: str, repeat: int) -> tuple[float, float]:
    client.get(url)  # warm
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        r = client.get(url)
        samples.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200, (url, r.status_code)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.9))]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--parks", type=int, default=5000)
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="pp-bench-parks-") as home:
        setup(home)
        from django.test import Client

        from parkpulse.parks.models import Park
        from parkpulse.portal.models import Article

        info = build(args.parks, random.Random(7))
        # link one park's news through the M2M too
        mid = Park.objects.get(pk=info["parks"][len(info["parks"]) // 2])
        for a in Article.objects.all()[:5]:
            a.parks.add(mid)
        client = Client(HTTP_HOST="127.0.0.1")
        rows = [
            ("portal home (baseline, same run)", "/"),
            ("directory, no filter, page 1", "/parks/"),
            ("directory, page 100", "/parks/?page=100"),
            ("directory, province + level + industry", "/parks/?province=江苏省&level=nht&industry=biomed"),
            ("directory, q by alias (SQL on JSON text)", f"/parks/?q=基准{args.parks // 3:05d}"),
            ("park page (listings, news scan, rankings)", f"/parks/{mid.pk}/"),
            ("listing search, no filter", "/parks/listings/"),
            ("listing search, kind+deal+area+industry+province", "/parks/listings/?kind=factory&deal=rent&area_min=3000&area_max=8000&industry=biomed&province=江苏省"),
            ("listing search, price sort", "/parks/listings/?sort=-price"),
        ]
        print(f"# parks={args.parks} listings={args.parks * 10} articles={args.parks * 4} "
              f"repeat={args.repeat} build={info['build_s']:.1f}s db={os.environ.get('DATABASE_URL', 'sqlite')}")
        print(f"{'page':55s} {'median ms':>10s} {'p90 ms':>8s}")
        for label, url in rows:
            med, p90 = timed(client, url, args.repeat)
            print(f"{label:55s} {med:10.1f} {p90:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
