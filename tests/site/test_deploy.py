"""The production files in deploy/: nginx accepts the site config (``nginx -t``, Debian's
nginx) and systemd accepts the units (``systemd-analyze verify``, where systemd is there)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import need

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def test_nginx_accepts_the_site_config(tmp_path):
    need(NGINX is not None, "nginx not installed (apt-get install nginx)")
    need(shutil.which("openssl") is not None, "openssl not installed")
    certs = tmp_path / "certs"
    certs.mkdir()
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=parks.example.cn", "-keyout", certs / "privkey.pem",
                    "-out", certs / "fullchain.pem"], check=True, capture_output=True)
    # The file as shipped, with only the certificate folder and log paths moved into tmp.
    site = (DEPLOY / "nginx" / "parkpulse.conf").read_text()
    assert "/etc/letsencrypt/live/parks.example.cn/" in site
    site = site.replace("/etc/letsencrypt/live/parks.example.cn/", f"{certs}/")
    site = site.replace("/var/log/nginx/", f"{tmp_path}/")
    (tmp_path / "snippets").mkdir()
    shutil.copy(DEPLOY / "nginx" / "snippets" / "parkpulse_proxy.conf", tmp_path / "snippets")
    (tmp_path / "parkpulse.conf").write_text(site)
    temp = "\n".join(f"    {d}_temp_path {tmp_path}/{d};" for d in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n    include /etc/nginx/mime.types;\n    access_log {tmp_path}/access.log;\n{temp}\n"
        f"    include {tmp_path}/parkpulse.conf;\n}}\n"
    )
    proc = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"),
                           "-e", str(tmp_path / "error.log")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "syntax is ok" in proc.stderr and "test is successful" in proc.stderr
    # and a broken file is caught: the test can fail
    (tmp_path / "parkpulse.conf").write_text(site.replace("proxy_pass http://parkpulse;", "proxy_pass http://nowhere-defined", 1))
    assert subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"),
                           "-e", str(tmp_path / "error.log")], capture_output=True).returncode != 0


UNITS = ["parkpulse-web.service", "parkpulse-scheduler.service", "parkpulse-worker.service",
         "parkpulse-backup.service", "parkpulse-backup.timer"]


@pytest.mark.parametrize("unit", UNITS)
def test_systemd_units_verify(unit, tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze not available on this machine")
    # The units name /opt/parkpulse/venv/bin/parkpulse; here the installed one stands in.
    here = str(Path(sys.executable).with_name("parkpulse"))
    for name in UNITS:
        text = (DEPLOY / "systemd" / name).read_text().replace("/opt/parkpulse/venv/bin/parkpulse", here)
        (tmp_path / name).write_text(text)
    proc = subprocess.run([analyze, "verify", "--man=no", str(tmp_path / unit)], capture_output=True, text=True,
                          cwd=tmp_path)
    problems = [line for line in proc.stderr.splitlines()
                if unit.split(".")[0] in line or "parkpulse" in line]
    assert proc.returncode == 0 and not problems, proc.stderr


def test_systemd_verify_catches_a_broken_unit(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze not available on this machine")
    here = str(Path(sys.executable).with_name("parkpulse"))
    text = (DEPLOY / "systemd" / "parkpulse-web.service").read_text().replace("/opt/parkpulse/venv/bin/parkpulse", here)
    (tmp_path / "parkpulse-web.service").write_text(text.replace("Type=simple", "Type=bogus"))
    proc = subprocess.run([analyze, "verify", "--man=no", str(tmp_path / "parkpulse-web.service")],
                          capture_output=True, text=True, cwd=tmp_path)
    assert "bogus" in proc.stderr
