"""``parkpulse extract PATH_OR_URL [--json]``: run the article extractor on one page."""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from pathlib import Path

HELP = "抽取一篇文章的正文与元数据 (extract one article from a file or URL)"
MAX_BYTES = 5 * 1024 * 1024
TIMEOUT = 15
USER_AGENT = "ParkPulse-extract/0.1 (+https://github.com/parkpulse)"


def add_arguments(parser):
    parser.add_argument("source", metavar="PATH_OR_URL", help="an HTML file or an http(s) URL")
    parser.add_argument("--json", action="store_true", help="print all fields as JSON")
    parser.add_argument("--timeout", type=float, default=TIMEOUT, help="seconds for a URL fetch")


def fetch(url: str, timeout: float = TIMEOUT, limit: int = MAX_BYTES) -> tuple[bytes, dict]:
    """The body (at most ``limit`` bytes) and headers of one GET, or a CliError."""
    from parkpulse.site.cli import CliError

    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 (http/https only)
            data = resp.read(limit + 1)
            headers = dict(resp.headers.items())
    except urllib.error.HTTPError as exc:
        raise CliError(f"抓取失败 (HTTP {exc.code}): {url}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise CliError(f"抓取失败 (fetch failed): {url}: {reason}") from exc
    if len(data) > limit:
        raise CliError(f"页面过大 (page larger than {limit // 1024 // 1024} MiB): {url}")
    return data, headers


def run(args) -> int:
    from parkpulse.extract import extract_article
    from parkpulse.extract.kind import NOT_A_PAGE
    from parkpulse.site.cli import CliError

    src = args.source
    if src.startswith(("http://", "https://")):
        data, headers = fetch(src, args.timeout)
        url = src
    else:
        path = Path(src)
        if not path.is_file():
            raise CliError(f"文件不存在 (no such file): {src}")
        if path.stat().st_size > MAX_BYTES:
            raise CliError(f"文件过大 (file larger than {MAX_BYTES // 1024 // 1024} MiB): {src}")
        data, headers, url = path.read_bytes(), None, None
    art = extract_article(data, url=url, headers=headers)
    if art.reason.startswith(NOT_A_PAGE):
        raise CliError(f"不是网页，未抽取 ({art.reason}): {src}")
    if args.json:
        print(json.dumps(art.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(f"标题：{art.title}")
        print(f"作者：{art.author}")
        print(f"日期：{art.published.isoformat() if art.published else ''}")
        if art.site_name:
            print(f"网站：{art.site_name}")
        if art.canonical_url:
            print(f"网址：{art.canonical_url}")
        print()
        print(art.text)
    for note in art.notes:
        print(f"parkpulse: 注意 (note): {note}", file=sys.stderr)
    if art.reason:
        print(f"parkpulse: 未抽取到正文 (no body): {art.reason}", file=sys.stderr)
        return 1
    return 0
