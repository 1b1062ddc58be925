"""Serve demo/site on loopback from a background thread (the demo and the tests use it).

Sitemaps, feeds and robots.txt in demo/site say ``{BASE}`` where an absolute URL belongs;
the server fills in its own address, so the files work on any free port.
"""

from __future__ import annotations

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SITE_DIR = Path(__file__).resolve().parents[3] / "demo" / "site"


class DemoSiteMissing(RuntimeError):
    pass


def site_dir() -> Path:
    if not (SITE_DIR / "robots.txt").is_file():
        raise DemoSiteMissing(
            f"演示站点目录不存在 (demo site not found): {SITE_DIR} — the collector demo needs the "
            "repository checkout (demo/site); run from the repo or `python demo/build_site.py`."
        )
    return SITE_DIR


class _Handler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".htm": "text/html", ".html": "text/html",
                      ".xml": "application/xml", ".txt": "text/plain"}

    def log_message(self, format, *args):  # quiet: the crawl run records what matters
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.suffix in (".xml", ".txt") and path.is_file():
            host, port = self.server.server_address[:2]
            data = path.read_bytes().replace(b"{BASE}", f"http://{host}:{port}".encode())
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            import io

            return io.BytesIO(data)
        return super().send_head()


class DemoServer:
    """``with DemoServer() as srv: srv.url`` — a threaded static server on 127.0.0.1."""

    def __init__(self, directory: Path | None = None, host: str = "127.0.0.1", port: int = 0):
        self.directory = Path(directory) if directory else site_dir()
        self.httpd = ThreadingHTTPServer((host, port), partial(_Handler, directory=str(self.directory)))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="demo-site", daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
