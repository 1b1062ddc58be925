"""Logs: one format (text or JSON lines), the request id on every line of a request, and no
phone number in any line, checked on a real server whose SQL debug log holds the INSERT."""

from __future__ import annotations

import http.cookiejar
import io
import json
import logging
import os
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest

from parkpulse.site.logs import ContextFilter, _request_id, logging_config, mask_phones
from tests.conftest import port_open
from tests.site.test_health import free_port

PHONE = "13712345678"


@pytest.mark.parametrize("text, masked", [
    ("call 13812345678 now", "call 138****5678 now"),
    ("+86 138 1234 5678", "138****5678"),
    ("0086-13812345678", "138****5678"),
    ("电话:138-1234-5678。", "电话:138****5678。"),
    ("座机 010-87654321", "座机 010-********"),
    ("{'phone': '13900001111'}", "{'phone': '139****1111'}"),
])
def test_mask_phones(text, masked):
    assert mask_phones(text) == masked


@pytest.mark.parametrize("text", [
    "order 2013812345678901", "id=12345678901234", "2024-09-28 10:00:00", "article 13812", "v1.2.3",
    "/article/1381234567/",
])
def test_other_numbers_are_left_alone(text):
    assert mask_phones(text) == text


def handler_for(fmt: str) -> tuple[logging.Handler, io.StringIO]:
    """The console handler exactly as settings.LOGGING builds it, writing to a buffer."""
    import logging.config

    config = logging_config(fmt, "DEBUG")
    stream = io.StringIO()
    config["handlers"]["console"]["stream"] = stream
    config["loggers"] = {}
    del config["root"]  # build the handler only; the suite's own logging stays as it is
    conf = logging.config.DictConfigurator(config)
    conf.configure()
    return conf.config["handlers"]["console"], stream


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_lines_carry_request_id_and_no_phone(fmt):
    handler, stream = handler_for(fmt)
    log = logging.getLogger(f"parkpulse.test.{fmt}")
    log.addHandler(handler)
    log.setLevel(logging.DEBUG)
    log.propagate = False
    token = _request_id.set("req-12345678")
    try:
        log.info("lead from %s", PHONE)
        log.warning("form data", extra={"phone": PHONE, "data": {"phone": PHONE}})
        try:
            raise ValueError(f"bad phone {PHONE}")
        except ValueError:
            log.exception("failed")
    finally:
        _request_id.reset(token)
        log.removeHandler(handler)
    out = stream.getvalue()
    assert PHONE not in out and "137****5678" in out
    assert "Traceback" in out and "ValueError" in out  # the traceback is kept, masked
    if fmt == "json":
        records = [json.loads(line) for line in out.splitlines()]
        assert len(records) == 3 and {r["request_id"] for r in records} == {"req-12345678"}
        assert records[0]["level"] == "INFO" and records[0]["message"] == "lead from 137****5678"
        assert records[1]["phone"] == "137****5678"
    else:
        assert out.count("[req-12345678]") == 3


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="PARKPULSE_LOG_FORMAT"):
        logging_config("xml")


def test_filter_outside_a_request_marks_no_id():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello %s", (PHONE,), None)
    assert ContextFilter().filter(record)
    assert record.request_id == "-" and record.getMessage() == "hello 137****5678"


@pytest.mark.slow
def test_lead_submission_logs_no_phone(tmp_path, fresh_sqlite):
    """A real server logging everything (DEBUG, SQL with parameters) as JSON lines."""
    env = dict(os.environ, PARKPULSE_HOME=str(tmp_path), DATABASE_URL=fresh_sqlite(tmp_path / "db.sqlite3"),
               PARKPULSE_LOG_FORMAT="json", PARKPULSE_LOG_LEVEL="DEBUG", PARKPULSE_DEBUG="1")
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "parkpulse.site.cli", "serve", "--port", str(port),
                               "--workers", "1", "--threads", "2"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            if port_open("127.0.0.1", port):
                break
            assert server.poll() is None
            time.sleep(0.1)
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        opener.open(base + "/leads/new/", timeout=60).read()
        csrf = next(c.value for c in jar if c.name == "csrftoken")
        form = {"description": "示例数据:需要一千平方米厂房", "industry": "biomed", "use": "factory",
                "area_m2": "1000", "regions": "江苏", "company": "示例日志有限公司", "contact_name": "赵先生",
                "phone": PHONE, "consent": "on", "website": "", "csrfmiddlewaretoken": csrf}
        req = urllib.request.Request(base + "/leads/new/", data=urllib.parse.urlencode(form).encode(),
                                     headers={"X-Request-ID": "lead-post-0001"})
        with opener.open(req, timeout=60) as r:  # follows the redirect to the thanks page
            assert "/leads/thanks/" in r.url
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    lines = [line for line in err.splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]  # every line is one JSON object
    assert PHONE not in err
    ours = [r for r in records if r.get("request_id") == "lead-post-0001"]
    # the SQL debug log of the POST holds the INSERT of the lead: masked, with the request id
    assert any("INSERT" in r["message"] and "137****5678" in r["message"] for r in ours)
    assert any(r["logger"] == "parkpulse.request" and r["message"].startswith("POST /leads/new/ 302")
               for r in ours)
    assert any(r["logger"].startswith("gunicorn") for r in records)  # gunicorn's own lines too
