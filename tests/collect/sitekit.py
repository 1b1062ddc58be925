"""Loopback test servers for crawl tests: a scriptable site that counts every request."""

from __future__ import annotations

import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ZH_PARAS = [
    "示例数据：{n}号测试园区今年新签约项目若干个，计划总投资约数十亿元，主要集中在集成电路、生物医药和新能源汽车等领域。",
    "园区管委会表示，将继续优化营商环境，推行“拿地即开工”模式，把审批时间压缩到十个工作日以内，方便企业尽快投产。",
    "第{n}篇测试稿件还提到，园区新建标准厂房已经完成竣工验收，首批入驻企业以中小型配套企业为主，带动就业岗位数百个。",
    "业内人士认为，园区需要在公共技术平台、中试基地和人才公寓等方面持续投入，才能吸引更多头部企业和科研机构落户。",
]


def article_html(n: int, *, charset: str = "utf-8", extra: str = "", title: str | None = None) -> str:
    title = title or f"测试园区第{n}号新闻稿（示例）"
    # Each article gets its own sentences so tests never see accidental near-duplicates.
    unique = "".join(f"编号{n}的第{i}段说明文字，内容各不相同，序号{n * 31 + i}。" for i in range(12))
    paras = "".join(f"<p>{p.format(n=n)}</p>" for p in ZH_PARAS)
    return (f'<!doctype html><html><head><meta charset="{charset}"><title>{title}</title></head><body>'
            f'<div class="nav"><a href="/">首页</a></div><h1>{title}</h1>'
            f'<div class="content"><p>{unique}</p>{paras}{extra}</div><div class="footer">示例站点</div></body></html>')


def list_html(links: list[str], next_href: str | None = None) -> str:
    items = "".join(f'<li><a href="{h}">链接 {i}</a></li>' for i, h in enumerate(links))
    nxt = f'<a href="{next_href}">下一页</a>' if next_href else ""
    return f'<html><head><meta charset="utf-8"><title>列表</title></head><body><ul>{items}</ul>{nxt}</body></html>'


class Site:
    """Routes map a path to ``handler(site, req) -> (status, headers, body)`` or a static tuple."""

    def __init__(self, routes: dict, robots: str = "User-agent: *\nDisallow:\n"):
        self.routes = dict(routes)
        self.routes.setdefault("/robots.txt", (200, {"Content-Type": "text/plain"}, robots.encode()))
        self.hits: Counter = Counter()
        self.log: list[tuple[float, str, dict]] = []
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            # One connection per request: with keep-alive, Twisted silently re-sends a request
            # whose pooled connection dropped, and a "first answer 500" route would be skipped.
            protocol_version = "HTTP/1.0"

            def log_message(self, *a):
                pass

            def do_GET(self):
                path = self.path.split("?")[0].split("#")[0]
                with site.lock:
                    site.hits[path] += 1
                    site.log.append((time.monotonic(), self.path, dict(self.headers)))
                route = site.routes.get(path)
                if route is None:
                    status, headers, body = 404, {"Content-Type": "text/html"}, b"<h1>404</h1>"
                elif callable(route):
                    status, headers, body = route(site, self)
                else:
                    status, headers, body = route
                if callable(body):  # streaming body: a generator of chunks
                    try:
                        self.send_response(status)
                        for k, v in headers.items():
                            self.send_header(k, v)
                        self.end_headers()
                        for chunk in body():
                            self.wfile.write(chunk)
                    except (BrokenPipeError, ConnectionResetError):
                        pass
                    return
                if isinstance(body, str):
                    body = body.encode("utf-8")
                try:
                    self.send_response(status)
                    headers = {"Content-Type": "text/html; charset=utf-8", **headers}
                    for k, v in headers.items():
                        self.send_header(k, v)
                    if "Content-Length" not in headers:
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
