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
    parser.add_argument(
        "--max-requests", type=int, default=int(os.environ.get("PARKPULSE_MAX_REQUESTS", "0")),
        help="replace a worker after this many requests (0: never); bounds slow memory growth",
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


def metrics_dir() -> str:
    """A fresh folder for this server's Prometheus counters, shared by its workers.

    Set before anything imports prometheus_client (it reads the variable then). One folder per
    server process, so two servers on one data folder never add up each other's counters;
    folders of servers that are gone are removed.
    """
    import shutil
    from pathlib import Path

    from parkpulse.site.home import home_dir

    base = Path(os.environ.get("PARKPULSE_METRICS_DIR") or home_dir() / "metrics")
    base.mkdir(parents=True, exist_ok=True)
    for old in base.iterdir():
        if old.is_dir() and old.name.isdigit() and not _pid_alive(int(old.name)):
            shutil.rmtree(old, ignore_errors=True)
    mine = base / str(os.getpid())
    shutil.rmtree(mine, ignore_errors=True)
    mine.mkdir()
    return str(mine)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def control_socket_path(port: int) -> str | None:
    """``PARKPULSE_HOME/run/gunicorn-PORT.ctl``, or None when too long for a Unix socket."""
    from parkpulse.site.home import ensure_home

    run = ensure_home() / "run"
    path = run / f"gunicorn-{port}.ctl"
    if len(str(path).encode()) > 100:  # sun_path holds 108 bytes on Linux, 104 on macOS
        return None
    run.mkdir(mode=0o700, exist_ok=True)
    return str(path)


def serve(host: str, port: int, workers: int = 0, threads: int = 8, max_requests: int = 0) -> int:
    from gunicorn.app.base import BaseApplication

    from parkpulse.site.cli import check_database, setup_django

    check_port(host, port)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir()
    setup_django()
    check_database()
    from django.conf import settings
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
            self.cfg.set("child_exit", _child_exit)
            if max_requests:
                self.cfg.set("max_requests", max_requests)
                self.cfg.set("max_requests_jitter", max(1, max_requests // 10))
            # gunicorn's own lines (worker boot, timeouts) in the site's format and filter
            self.cfg.set("logconfig_dict", settings.LOGGING)
            # gunicorn's default control socket is one per user (~/.gunicorn/gunicorn.ctl):
            # two sites on one machine would control each other. One per home and port.
            ctl = control_socket_path(port)
            if ctl and "control_socket" in self.cfg.settings:
                self.cfg.set("control_socket", ctl)
            elif "control_socket_disable" in self.cfg.settings:
                self.cfg.set("control_socket_disable", True)

        def load(self):
            return application

    print(f"ParkPulse 正在运行：http://{host}:{port}/  （Ctrl+C 停止）", flush=True)
    App().run()
    return 0


def run(args):
    return serve(args.host, args.port, args.workers, args.threads, args.max_requests)
