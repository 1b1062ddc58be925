"""``parkpulse serve``: the site under gunicorn."""

from __future__ import annotations

import errno
import os
import socket

HELP = "启动网站 (serve the site with gunicorn)"


def add_arguments(parser):
    parser.add_argument("--host", default=os.environ.get("PARKPULSE_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PARKPULSE_PORT", "8000")))
    parser.add_argument(
        "--workers", type=int, default=int(os.environ.get("PARKPULSE_WORKERS", "0")),
        help="worker processes (default: one per core)",
    )
    parser.add_argument(
        "--threads", type=int, default=int(os.environ.get("PARKPULSE_THREADS", "8")),
        help="threads per worker (default 8); the threads of a worker share its page cache",
    )


def check_port(host: str, port: int) -> None:
    from parkpulse.site.cli import CliError

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise CliError(f"端口 {port} 已被占用 (port in use): 请用 --port 换一个端口") from exc
            raise CliError(f"无法监听 {host}:{port}: {exc.strerror}") from exc


def serve(host: str, port: int, workers: int = 0, threads: int = 8) -> int:
    from gunicorn.app.base import BaseApplication

    from parkpulse.site.cli import check_database, setup_django

    check_port(host, port)
    setup_django()
    check_database()
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    # Import every view now, once, in the master: otherwise each worker's first request pays
    # for loading the URL map (seconds). Then drop the master's database connection so no
    # forked worker inherits and shares it.
    from django.db import connections
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - evaluated for its imports
    connections.close_all()
    # Threaded workers: a page rendered once is served from the worker's memory cache to all
    # of its threads, where single-threaded workers would each render it again. With one
    # thread per worker, fall back to gunicorn's usual 2 × cores + 1 processes.
    cores = os.cpu_count() or 1
    workers = workers or (cores if threads > 1 else 2 * cores + 1)

    class App(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", max(1, threads))
            self.cfg.set("accesslog", os.environ.get("PARKPULSE_ACCESS_LOG") or None)
            self.cfg.set("timeout", 60)

        def load(self):
            return application

    print(f"ParkPulse 正在运行：http://{host}:{port}/  （Ctrl+C 停止）", flush=True)
    App().run()
    return 0


def run(args):
    return serve(args.host, args.port, args.workers, args.threads)
