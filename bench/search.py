"""Search and related-article benchmark over generated articles, on SQLite and PostgreSQL.

    python bench/search.py                      # 100,000 articles, both backends
    python bench/search.py --n 5000 --backend sqlite

The corpus is generated from a vocabulary (taxonomy keywords, city names, common business
words; every body starts with 示例数据) and analysed once with the real textkit pipeline;
the analysis is cached in ``$PARKPULSE_HOME/bench/search-corpus-<n>.pickle`` and each
backend's database is built once (SQLite file under ``$PARKPULSE_HOME/bench/``, PostgreSQL
database ``--pg-db``, default ``pp_search_bench``) and reused. Measured: search latency per query (p50/p95 over
repeats, through ``get_backend().search``, count included) in classes: single words,
random 2–6 character windows of titles and bodies (with the share found), multi-word
queries, filtered queries (one filter and combinations); related-list computation per
article (``compute_related``, p50/p95); index sizes and the time to build the n-gram index
from its stored bigrams; precision / recall of the related lists on the hand-labelled 示例 set
in a fresh small database.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

PG_SERVER = "postgres://postgres@127.0.0.1:5432/"
WORD_QUERIES = ["园区", "碳化硅", "动力电池", "招商引资", "芯片", "EDA工具", "预制菜", "氢能!!!",
                "储能", "人工智能", "智能制造", "光伏"]
MULTI_QUERIES = ["企业 投资", "生物医药 创新药", "新能源汽车 零部件", "苏州 集成电路", "合肥 储能",
                 "AI 大模型", "5G 工业互联网", "预制菜 冷链", "专精特新 小巨人", "光伏 组件 出口",
                 "苏州集成电路", "合肥的动力电池"]
SINGLE_CHAR = ["药", "园"]
FILTERED = [("企业", {"industry": "ic"}), ("项目", {"region": "320500"}), ("投资", {"category": "policy"}),
            ("园区", {"date_from": "-90", "date_to": "0"}),
            ("企业", {"category": "news", "industry": "ev"}),
            ("项目 投资", {"category": "policy", "region": "320500", "date_from": "-365", "date_to": "0"})]
SUBSTRINGS = 120  # random windows of titles and bodies
GENERIC = """项目 企业 签约 投资 产业 发展 建设 平台 创新 研发 生产线 产能 扩建 开工 投产 招商 政策 补贴
人才 合作 市场 订单 出口 技术 设备 工厂 厂房 土地 资金 基金 融资 上市 营收 增长 配套 供应链 龙头 集群
示范 基地 中心 实验室 孵化器 专利 标准 质量 品牌 服务 园区 管委会 会议 论坛 推介会 考察 调研 座谈
升级 改造 绿色 数字化 智能化 低碳 安全 效率 成本 利润 税收 就业 规划 用地 审批 验收 投产仪式""".split()


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


# -- corpus ------------------------------------------------------------------------------

def generate(n: int, seed: int = 7) -> list[dict]:
    from parkpulse.textkit.regions import gazetteer
    from parkpulse.textkit.taxonomy import INDUSTRIES

    rng = random.Random(seed)
    g = gazetteer()
    cities = sorted(d.name for d in g.by_code.values() if d.level == "city")
    districts = sorted({d.name for d in g.by_code.values() if d.level == "district"})[:400]
    zipf = [1 / (i + 1) for i in range(len(GENERIC))]
    out = []
    for _ in range(n):
        ind = rng.choices(INDUSTRIES, weights=[1 / (k + 1) for k in range(len(INDUSTRIES))])[0]
        other = rng.choice(INDUSTRIES)
        city = rng.choice(cities)
        kws = list(ind.keywords) * 3 + list(other.keywords)

        def words(k):
            return "".join(rng.choices(GENERIC, weights=zipf, k=k))

        title = f"{city}{rng.choice(ind.keywords)}{words(2)}"
        sentences = ["示例数据"]
        for _ in range(rng.randint(5, 9)):
            sentences.append(
                f"{rng.choice([city, rng.choice(districts), ''])}{words(2)}{rng.choice(kws)}{words(1)},"
                f"{words(1)}{rng.choice(kws)}{words(2)}"
            )
        out.append({"title": title, "body": "。".join(sentences) + "。",
                    "days": rng.randint(0, 3 * 365), "category": rng.choice(["news", "policy", "data", "zhaoshang"])})
    return out


def corpus(n: int, home: Path) -> list[dict]:
    path = home / "bench" / f"search-corpus-{n}.pickle"
    if path.exists():
        return pickle.loads(path.read_bytes())
    from tqdm import tqdm

    from parkpulse.textkit.analyze import analyze
    from parkpulse.textkit.tokenize import Tokenizer

    tk = Tokenizer()
    docs = generate(n)
    for d in tqdm(docs, desc="analyse corpus", unit="篇", mininterval=5):
        a = analyze(d["title"], d["body"], tokenizer=tk)
        d["title_tokens"] = " ".join(a.title_tokens)
        d["body_tokens"] = " ".join(a.body_tokens)
        d["keywords"] = [(k.word, k.weight) for k in a.keywords]
        d["regions"] = [(r.code, r.name) for r in a.regions]
        d["industries"] = [(x.code, x.name) for x in a.industries]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(docs))
    return docs


def _insert_rows(table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Bulk insert: COPY on PostgreSQL, executemany on SQLite (Django's bulk_create spends
    most of a 100,000-article load building SQL)."""
    from django.db import connection

    cols = ", ".join(columns)
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            with cur.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cur.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows)


def build(n: int, home: Path) -> None:
    """Load the analysed corpus into the configured database (bulk, no signals)."""
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone
    from tqdm import tqdm

    from parkpulse.portal.models import Article, Category, Tag
    from parkpulse.search.models import KeywordWeight, SearchDocument
    from parkpulse.textkit.ngrams import index_grams

    call_command("migrate", verbosity=0)
    if (Article.objects.filter(is_sample=True).count() == n and SearchDocument.objects.count() == n
            and not SearchDocument.objects.filter(grams="").exists()):
        return
    docs = corpus(n, home)
    Article.objects.all().delete()
    cats = {s: Category.objects.get_or_create(slug=s, defaults={"name": s})[0]
            for s in ("news", "policy", "data", "zhaoshang")}
    tags: dict[tuple[str, str], int] = {}

    def tag_ids(kind, items):
        missing = [(s, nm) for s, nm in items if (kind, s) not in tags]
        if missing:
            Tag.objects.bulk_create([Tag(kind=kind, slug=s[:80], name=nm[:60]) for s, nm in missing],
                                    ignore_conflicts=True)
            for t in Tag.objects.filter(kind=kind, slug__in=[s[:80] for s, _ in missing]):
                tags[(kind, t.slug)] = t.pk
        return [tags[(kind, s[:80])] for s, _ in items if (kind, s[:80]) in tags]

    now = timezone.now()
    through = Article.tags.through
    for start in tqdm(range(0, n, 2000), desc=f"load {connection.vendor}", unit="×2000"):
        chunk = docs[start:start + 2000]
        with transaction.atomic():
            arts = Article.objects.bulk_create([
                Article(title=d["title"], body_text=d["body"], status="published", is_sample=True,
                        category=cats[d["category"]], published_at=now - timedelta(days=d["days"]))
                for d in chunk
            ])
            if arts[0].pk is None:  # SQLite before RETURNING support
                last = Article.objects.order_by("-id").values_list("id", flat=True)[: len(arts)]
                for a, pk in zip(arts, sorted(last), strict=True):
                    a.pk = a.id = pk
            rows, kws, links = [], [], set()
            for a, d in zip(arts, chunk, strict=True):
                rows.append((a.pk, d["title_tokens"], d["body_tokens"], "bench",
                             index_grams(d["title"] + "\n" + d["body"]),
                             connection.ops.adapt_datetimefield_value(a.published_at)))
                ids = tag_ids("keyword", [(w, w) for w, _ in d["keywords"]])
                kws += list({t: (a.pk, t, w) for t, (_, w) in zip(ids, d["keywords"], strict=False)}.values())
                shown = ids[:10] + tag_ids("region", d["regions"]) + tag_ids("industry", d["industries"])
                links.update((a.pk, t) for t in shown)
            stamp = connection.ops.adapt_datetimefield_value(now)
            _insert_rows("search_searchdocument",
                         ("article_id", "title_tokens", "body_tokens", "fingerprint", "grams", "published_at",
                          "updated_at"),
                         [(*r, stamp) for r in rows])
            _insert_rows(KeywordWeight._meta.db_table, ("article_id", "tag_id", "weight"), kws)
            _insert_rows(through._meta.db_table, ("article_id", "tag_id"), sorted(links))
    with connection.cursor() as cur:
        # What autovacuum would do in time: statistics and the visibility map.
        cur.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def index_stats() -> dict:
    """Sizes of the word and n-gram indexes, and the time to rebuild the n-gram index."""
    from django.db import connection

    out = {}
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            for name, like in (("grams_index_mb", "search_grams%"), ("words_index_mb", "search_fts%")):
                cur.execute("SELECT COALESCE(SUM(pgsize), 0) FROM dbstat WHERE name LIKE %s", [like])
                out[name] = cur.fetchone()[0] / 2**20
            cur.execute("SELECT SUM(length(CAST(grams AS BLOB))) FROM search_searchdocument")
            out["grams_text_mb"] = (cur.fetchone()[0] or 0) / 2**20
            t = time.perf_counter()
            cur.execute("INSERT INTO search_grams(search_grams) VALUES ('rebuild')")
            out["grams_build_s"] = time.perf_counter() - t
            cur.execute("INSERT INTO search_grams(search_grams) VALUES ('optimize')")
        else:
            cur.execute("SELECT pg_relation_size('search_doc_grams'), pg_relation_size('search_doc_tsv')")
            gin_grams, gin_words = cur.fetchone()
            cur.execute("SELECT SUM(pg_column_size(grams_tsv)), SUM(pg_column_size(grams)) FROM search_searchdocument")
            tsv, text = cur.fetchone()
            out.update(grams_index_mb=gin_grams / 2**20, words_index_mb=gin_words / 2**20,
                       grams_tsv_mb=tsv / 2**20, grams_text_mb=text / 2**20)
            t = time.perf_counter()
            cur.execute("REINDEX INDEX search_doc_grams")
            out["grams_build_s"] = time.perf_counter() - t
        cur.execute("SELECT COUNT(*) FROM search_searchdocument")
        out["docs"] = cur.fetchone()[0]
    return out


# -- measurements --------------------------------------------------------------------------

def _filters(filters: dict) -> dict:
    from datetime import date

    today = date.today()
    out = {}
    for k, v in filters.items():
        out[k] = today + timedelta(days=int(v)) if k.startswith("date_") else v
    return out


def windows(n_windows: int, seed: int = 3) -> list[tuple[int, str]]:
    """(article id, query) pairs: random 2–6 character windows of titles and bodies that hold
    at least two Chinese characters (punctuation inside a window is kept, as a user pastes it)."""
    from parkpulse.portal.models import Article

    rng = random.Random(seed)
    ids = list(Article.objects.order_by("id").values_list("id", flat=True))
    out = []
    while len(out) < n_windows:
        pk = rng.choice(ids)
        title, body = Article.objects.values_list("title", "body_text").get(pk=pk)
        text = rng.choice([title, body])
        size = rng.randint(2, 6)
        start = rng.randint(0, max(0, len(text) - size))
        end = start + size
        # English is matched by whole words: a window that cuts a word is widened to hold it
        while start > 0 and text[start - 1].isascii() and text[start - 1].isalnum() and text[start].isascii():
            start -= 1
        while end < len(text) and text[end].isascii() and text[end].isalnum() and text[end - 1].isascii():
            end += 1
        piece = text[start:end]
        if sum("\u4e00" <= ch <= "\u9fff" for ch in piece) >= 2:
            out.append((pk, piece))
    return out


def measure(n: int, home: Path, repeats: int, related_sample: int) -> dict:
    from django.db import connection

    from parkpulse.portal.models import Article
    from parkpulse.search import context
    from parkpulse.search.backends import get_backend
    from parkpulse.search.query import SearchQuery, prepare
    from parkpulse.search.related import compute_related, related_articles, store_related

    t0 = time.perf_counter()
    build(n, home)
    built_s = time.perf_counter() - t0
    stats = index_stats()
    backend = get_backend()
    first_id = Article.objects.order_by("id").values_list("id", flat=True).first()
    tk = context.current().tokenizer
    backend.search(prepare(SearchQuery("示例"), tk))  # warm-up: jieba's dictionary loads lazily

    def timed(text, filters, times):
        res = None
        for _ in range(times):
            t = time.perf_counter()
            res = backend.search(prepare(SearchQuery(text, **_filters(filters)), tk))
            yield (time.perf_counter() - t) * 1000, res

    rows, classes, tops = [], {}, {}
    plan = ([("word", q, {}) for q in WORD_QUERIES] + [("multi-word", q, {}) for q in MULTI_QUERIES]
            + [("filtered", q, f) for q, f in FILTERED] + [("single character", q, {}) for q in SINGLE_CHAR])
    for cls, text, filters in plan:
        runs = list(timed(text, filters, repeats))
        times = [ms for ms, _ in runs]
        res = runs[-1][1]
        classes.setdefault(cls, []).extend(times)
        label = text + (f" [{','.join(f'{k}={v}' for k, v in filters.items())}]" if filters else "")
        rows.append({"query": label, "class": cls, "total": res.total, "capped": res.capped,
                     "p50": percentile(times, 50), "p95": percentile(times, 95)})
        tops[label] = [pk - first_id for pk, _ in res.hits[:10]]  # ids differ by a constant
    found = in_window = 0
    for pk, text in windows(SUBSTRINGS):
        runs = list(timed(text, {}, max(1, repeats // 3)))
        classes.setdefault("substring 2–6", []).extend(ms for ms, _ in runs)
        res = runs[-1][1]
        if pk in res.ids:
            found += 1
        elif res.capped:
            in_window += 1  # matched, but older than the WINDOW newest matches
    # The whole search page as a reader waits for it (facets, park card, snippets, template),
    # through Django's test client with a per-process cache, for the word and filtered queries.
    from urllib.parse import urlencode

    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    page_ms = []
    for text, filters in [(q, {}) for q in WORD_QUERIES] + FILTERED:
        params = {"q": text, **{("from" if k == "date_from" else "to" if k == "date_to" else k): str(v)
                                for k, v in _filters(filters).items()}}
        first = client.get("/search/?" + urlencode(params))  # fills the fragment caches
        assert first.status_code == 200, (params, first.status_code)
        for _ in range(max(1, repeats // 2)):
            t = time.perf_counter()
            client.get("/search/?" + urlencode(params))
            page_ms.append((time.perf_counter() - t) * 1000)
    classes["search page, whole view"] = page_ms
    ids = list(Article.objects.order_by("id").values_list("id", flat=True))
    rng = random.Random(1)
    rel_ms, sizes = [], []
    # Steady state, as at ingest: the per-process cache of common keywords' document
    # frequencies is warmed on 20 other articles first.
    for pk in rng.sample(ids, 20):
        compute_related(pk)
    sample = rng.sample(ids, min(related_sample, len(ids)))
    for pk in sample:
        t = time.perf_counter()
        pairs = compute_related(pk)
        rel_ms.append((time.perf_counter() - t) * 1000)
        sizes.append(len(pairs))
        store_related(pk, pairs)
    classes["related list, computed (ingest)"] = rel_ms
    # What an article page asks: the stored list with its articles.
    read_ms = []
    for art in Article.objects.filter(pk__in=sample):
        t = time.perf_counter()
        related_articles(art)
        read_ms.append((time.perf_counter() - t) * 1000)
    classes["related list, read (page)"] = read_ms
    return {
        "vendor": connection.vendor, "n": n, "build_s": built_s, "queries": rows, "tops": tops,
        "classes": {c: {"count": len(v), "p50": percentile(v, 50), "p95": percentile(v, 95)}
                    for c, v in classes.items()},
        "substrings": {"n": SUBSTRINGS, "found": found, "beyond_window": in_window},
        "index": stats, "related_mean_len": statistics.mean(sizes),
    }


def labelled() -> dict:
    """Precision and recall of related lists on the labelled 示例 set, fresh SQLite database."""
    from django.core.management import call_command

    from parkpulse.parks.models import Park
    from parkpulse.portal.models import Article, Category
    from parkpulse.search.related import related_articles
    from parkpulse.search.samples import labelled_neighbours, load_samples

    call_command("migrate", verbosity=0)
    made = load_samples(Category, Article, Park)
    by_id = {a.pk: k for k, a in made.items()}
    precisions, recalls, p_at_8 = [], [], []
    for key, relevant in labelled_neighbours().items():
        shown = [by_id[a.pk] for a in related_articles(made[key], limit=8)]
        hits = sum(k in relevant for k in shown)
        if shown:
            precisions.append(hits / len(shown))
        if relevant:
            recalls.append(hits / len(relevant))
            p_at_8.append(hits / min(8, len(relevant)))
    return {"precision_shown": statistics.mean(precisions), "recall": statistics.mean(recalls),
            "precision_at_8_capped": statistics.mean(p_at_8), "lists": len(labelled_neighbours())}


def worker(args) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parkpulse.site.settings")
    import django

    django.setup()
    if args.worker == "labelled":
        result = labelled()
    else:
        result = measure(args.n, Path(args.home), args.repeats, args.related_sample)
    print("RESULT " + json.dumps(result, ensure_ascii=False))


def run_worker(kind: str, args, env_extra: dict) -> dict:
    env = {**os.environ, **env_extra, "PYTHONPATH": str(ROOT / "src")}
    if not env.get("DATABASE_URL"):
        env.pop("DATABASE_URL", None)
    cmd = [sys.executable, __file__, "--worker", kind, "--n", str(args.n), "--home", str(args.home),
           "--repeats", str(args.repeats), "--related-sample", str(args.related_sample)]
    proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, text=True)
    if proc.returncode:
        raise SystemExit(f"{kind} worker failed ({proc.returncode})")
    line = [x for x in proc.stdout.splitlines() if x.startswith("RESULT ")][-1]
    return json.loads(line[7:])


def ensure_pg_database(name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=100_000)
    p.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    p.add_argument("--repeats", type=int, default=7)
    p.add_argument("--related-sample", type=int, default=200)
    p.add_argument("--home", default=os.environ.get("PARKPULSE_HOME", str(ROOT / "var")))
    p.add_argument("--pg-db", default="pp_search_bench", help="PostgreSQL database to build (made if missing)")
    p.add_argument("--worker", help=argparse.SUPPRESS)
    args = p.parse_args()
    args.home = str(Path(args.home).resolve())
    if args.worker:
        return worker(args)
    results = []
    sqlite_home = Path(args.home) / "bench" / f"search-sqlite-{args.n}"
    if args.backend in ("sqlite", "both"):
        results.append(run_worker("measure", args, {"PARKPULSE_HOME": str(sqlite_home), "DATABASE_URL": ""}))
    if args.backend in ("postgres", "both"):
        ensure_pg_database(args.pg_db)
        results.append(run_worker("measure", args, {"PARKPULSE_HOME": str(sqlite_home),
                                                    "DATABASE_URL": PG_SERVER + args.pg_db}))
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        lab = run_worker("labelled", args, {"PARKPULSE_HOME": tmp, "DATABASE_URL": ""})
    report(results, lab)


def report(results, lab) -> None:
    n = results[0]["n"] if results else 0
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\n# search benchmark ({n} generated articles; load average at the end {load})")
    if results:
        names = [r["vendor"] for r in results]
        print("\n| query class | " + " | ".join(f"{v} p50 ms | {v} p95 ms" for v in names) + " |")
        print("|---" * (1 + 2 * len(results)) + "|")
        for cls in results[0]["classes"]:
            cells = []
            for r in results:
                c = r["classes"][cls]
                cells += [f"{c['p50']:.1f}", f"{c['p95']:.1f}"]
            print(f"| {cls} ({results[0]['classes'][cls]['count']} runs) | " + " | ".join(cells) + " |")
        print("\n| query | " + " | ".join(f"{v} hits | {v} p50 ms | {v} p95 ms" for v in names) + " |")
        print("|---" * (1 + 3 * len(results)) + "|")
        for i, row in enumerate(results[0]["queries"]):
            cells = []
            for r in results:
                q = r["queries"][i]
                cells += [f"{q['total']}{'+' if q['capped'] else ''}", f"{q['p50']:.1f}", f"{q['p95']:.1f}"]
            print(f"| {row['query']} | " + " | ".join(cells) + " |")
        print()
        for r in results:
            s, ix = r["substrings"], r["index"]
            sizes = ", ".join(f"{k} {v:.1f}" for k, v in ix.items() if k.endswith("_mb"))
            print(f"{r['vendor']}: substring windows found {s['found']}/{s['n']} "
                  f"(+{s['beyond_window']} matched but older than the ranking window); "
                  f"index sizes (MB) {sizes}; n-gram index rebuild {ix['grams_build_s']:.1f} s; "
                  f"load/reuse {r['build_s']:.0f} s; mean related list length {r['related_mean_len']:.1f}")
        if len(results) == 2:
            same = [q for q in results[0]["tops"] if results[0]["tops"][q][:5] == results[1]["tops"][q][:5]]
            overlap = statistics.mean(
                len(set(results[0]["tops"][q]) & set(results[1]["tops"][q])) / max(1, len(results[0]["tops"][q]))
                for q in results[0]["tops"]
            )
            print(f"top-5 identical on both backends for {len(same)}/{len(results[0]['tops'])} queries; "
                  f"mean top-10 overlap {overlap:.2f}")
    print(f"related on the labelled 示例 set ({lab['lists']} lists): precision of shown lists "
          f"{lab['precision_shown']:.3f}, recall {lab['recall']:.3f}, "
          f"precision@8 (hits / min(8, relevant)) {lab['precision_at_8_capped']:.3f}")


if __name__ == "__main__":
    main()
