"""The plain-server TLS steps of docs/operations.md, run with the real nginx: the first site
(deploy/nginx/acme-only.conf) passes `nginx -t` with no certificate anywhere and answers
Let's Encrypt's challenge; deploy/nginx/carefolio.conf then answers it on port 80 too (for
renewals) while sending everything else to HTTPS."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from tests.ops.nginx_proxy import Proxy, nginx_binary
from tests.support.live_server import free_port

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "Xk2_challenge-token"


def challenge(webroot: Path) -> str:
    folder = webroot / ".well-known" / "acme-challenge"
    folder.mkdir(parents=True)
    (folder / TOKEN).write_text("Xk2_challenge-token.key-authorisation")
    return f"/.well-known/acme-challenge/{TOKEN}"


def acme_only(prefix: Path, port: int) -> Path:
    site = (ROOT / "deploy" / "nginx" / "acme-only.conf").read_text()
    for old, new in (("listen 80;", f"listen 127.0.0.1:{port};"), ("listen [::]:80;", ""),
                     ("root /var/www/certbot;", f"root {prefix / 'certbot'};")):
        assert old in site, old
        site = site.replace(old, new)
    (prefix / "site.conf").write_text(site)
    temp = "".join(f"{kind}_temp_path {prefix / kind};\n"
                   for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    user = "user root;\n" if os.geteuid() == 0 else ""
    config = prefix / "nginx.conf"
    config.write_text(f"{user}worker_processes 1;\npid {prefix / 'nginx.pid'};\n"
                      f"error_log {prefix / 'error.log'};\nevents {{ worker_connections 64; }}\n"
                      f"http {{\n{temp}access_log off;\ninclude {prefix / 'site.conf'};\n}}\n")
    return config


def test_the_first_site_passes_nginx_t_without_a_certificate_and_serves_the_challenge(
        tmp_path: Path) -> None:
    port = free_port()
    path = challenge(tmp_path / "certbot")
    config = acme_only(tmp_path, port)
    checked = subprocess.run([nginx_binary(), "-t", "-p", str(tmp_path), "-c", str(config)],
                             capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, checked.stderr
    nginx = subprocess.Popen([nginx_binary(), "-p", str(tmp_path), "-c", str(config),
                              "-g", "daemon off;"], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 15
        while True:
            try:
                answer = httpx.get(url + path, timeout=2)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline and nginx.poll() is None, "nginx did not start"
                time.sleep(0.1)
        assert answer.status_code == 200
        assert answer.text == "Xk2_challenge-token.key-authorisation"
        assert httpx.get(url + "/", timeout=2).status_code == 503
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)


@pytest.fixture
def proxy(tmp_path: Path):  # type: ignore[no-untyped-def]
    started = Proxy(tmp_path, [free_port(), free_port()])
    path = challenge(started.acme_root)
    started.start()
    try:
        yield started, path
    finally:
        started.stop()


def test_the_full_site_answers_the_challenge_on_port_80_and_redirects_the_rest(proxy) -> None:  # type: ignore[no-untyped-def]
    site, path = proxy
    plain = f"http://127.0.0.1:{site.http_port}"
    answer = httpx.get(plain + path, timeout=5)
    assert answer.status_code == 200
    assert answer.text == "Xk2_challenge-token.key-authorisation"
    other = httpx.get(plain + "/api/me", timeout=5)
    assert other.status_code == 301 and other.headers["location"].startswith("https://")
