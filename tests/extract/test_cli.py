"""``parkpulse extract`` on a file: text output, JSON output, clear errors."""

import http.server
import json
import threading

import pytest

from parkpulse.site.cli import main
from parkpulse.site.commands import extract as extract_cmd

from .pages import PARAS, page


def test_extract_file_json(tmp_path, capsys):
    f = tmp_path / "a.html"
    f.write_bytes(page(charset="gbk").encode("gbk"))
    assert main(["extract", str(f), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["title"] == "园区前三季度经济运行情况"
    assert out["text"].split("\n") == PARAS
    assert out["reason"] == ""


def test_extract_file_text(tmp_path, capsys):
    f = tmp_path / "a.html"
    f.write_text(page(header_lines="作者：王小明 2024-09-28"), "utf-8")
    assert main(["extract", str(f)]) == 0
    out = capsys.readouterr().out
    assert "标题：园区前三季度经济运行情况" in out and "作者：王小明" in out and PARAS[0] in out


def test_missing_file_is_one_clear_line(tmp_path, capsys):
    assert main(["extract", str(tmp_path / "nope.html")]) == 1
    err = capsys.readouterr().err
    assert "文件不存在" in err and "Traceback" not in err


@pytest.fixture
def http_server():
    """A real HTTP server on localhost serving one GBK page and one oversized page."""
    body = page(charset="gbk").replace('<meta charset="gbk">', "").encode("gbk")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            data = body if self.path == "/a.html" else b"x" * (extract_cmd.MAX_BYTES + 10)
            self.send_response(200 if self.path in ("/a.html", "/big.html") else 404)
            self.send_header("Content-Type", "text/html; charset=GBK")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            try:
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stops reading at its size limit

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_extract_url_uses_the_http_charset(http_server, capsys):
    assert main(["extract", f"{http_server}/a.html", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["text"].split("\n") == PARAS
    assert out["canonical_url"] == f"{http_server}/a.html"


def test_extract_url_errors_are_one_line(http_server, capsys):
    assert main(["extract", f"{http_server}/big.html"]) == 1
    assert "页面过大" in capsys.readouterr().err
    assert main(["extract", f"{http_server}/missing.html"]) == 1
    err = capsys.readouterr().err
    assert "HTTP 404" in err and "Traceback" not in err
