"""Memory of ``parkpulse enrich --all`` over a large site: RSS sampled while it runs.

    python bench/enrich_memory.py --home var/bench-home/bench/search-sqlite-100000 [--max-seconds 1800]

Copies the SQLite site under ``--home`` (bench/search.py builds one of 100,000 articles) to a
scratch directory, runs ``parkpulse enrich --all --force`` on the copy and samples the
process's RSS and peak RSS (VmHWM) every ``--interval`` seconds, with the number of search
documents analysed so far (their fingerprint no longer the loader's ``bench``). Stops at the
end or after ``--max-seconds`` (the run is then reported as partial). What it answers: does
the process grow with the number of articles it has enriched, or stay flat?
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def rss_kb(pid: int) -> tuple[int, int]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            fields[line.split(":")[0]] = int(line.split()[1])
    return fields.get("VmRSS", 0), fields.get("VmHWM", 0)


def analysed(db: Path) -> int | None:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as con:
            return con.execute("SELECT count(*) FROM search_searchdocument WHERE fingerprint != 'bench'").fetchone()[0]
    except sqlite3.Error:
        return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--home", required=True, help="a PARKPULSE_HOME holding parkpulse.sqlite3")
    ap.add_argument("--max-seconds", type=int, default=1800)
    ap.add_argument("--interval", type=float, default=30)
    args = ap.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="pp-enrich-mem-"))
    try:
        for name in ("parkpulse.sqlite3", "secret_key"):
            if (Path(args.home) / name).exists():
                shutil.copy2(Path(args.home) / name, scratch / name)
        db = scratch / "parkpulse.sqlite3"
        env = {**os.environ, "PARKPULSE_HOME": str(scratch), "DATABASE_URL": ""}
        env.pop("DATABASE_URL")
        subprocess.run([sys.executable, "-m", "parkpulse.site.cli", "manage", "migrate", "-v", "0"], env=env, check=True)
        total = sqlite3.connect(db).execute("SELECT count(*) FROM portal_article").fetchone()[0]
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "parkpulse.site.cli", "enrich", "--all", "--force", "--quiet"],
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        print(f"# enrich --all --force over {total} articles (SQLite copy), RSS every {args.interval:.0f} s")
        print(f"{'seconds':>8} {'analysed':>9} {'RSS MB':>8} {'peak MB':>8}")
        peak = 0
        while proc.poll() is None:
            time.sleep(args.interval)
            if proc.poll() is not None:
                break
            rss, hwm = rss_kb(proc.pid)
            peak = max(peak, hwm)
            done = analysed(db)
            print(f"{time.perf_counter() - t0:>8.0f} {done if done is not None else '-':>9} {rss / 1024:>8.0f} {hwm / 1024:>8.0f}",
                  flush=True)
            if time.perf_counter() - t0 > args.max_seconds:
                proc.terminate()
                proc.wait()
                print(f"# stopped after {args.max_seconds} s (partial run)")
                break
        out = proc.stdout.read() if proc.stdout else ""
        print(f"# finished in {time.perf_counter() - t0:.0f} s, exit {proc.returncode}; peak RSS {peak / 1024:.0f} MB"
              + (f"; {out.strip().splitlines()[-1]}" if out.strip() else ""))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
