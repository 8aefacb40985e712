"""deploy/nginx/carefolio.conf run for real on loopback: a self-signed certificate, the
upstreams pointed at live app processes, nginx in the foreground under a temporary prefix."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.support.live_server import free_port

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "deploy" / "nginx" / "carefolio.conf"


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found is None:
        raise RuntimeError("nginx is not installed: run scripts/bootstrap --test")
    return found


def self_signed(directory: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(
            [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "fullchain.pem", directory / "privkey.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    return cert_path, key_path


def _replace(text: str, old: str, new: str) -> str:
    if old not in text:
        raise AssertionError(f"deploy/nginx/carefolio.conf no longer contains {old!r}")
    return text.replace(old, new)


class Proxy:
    def __init__(self, prefix: Path, upstreams: list[int]) -> None:
        self.prefix = prefix
        self.upstreams = upstreams
        self.http_port, self.tls_port = free_port(), free_port()
        self.url = f"https://127.0.0.1:{self.tls_port}"
        self.access_log = prefix / "access.log"
        self.error_log = prefix / "error.log"
        self.cert, self.key = self_signed(prefix)
        self.acme_root = prefix / "certbot"  # certbot --webroot's folder
        self.config = self._write_config()
        self.process: subprocess.Popen[bytes] | None = None

    def _site(self) -> str:
        site = SITE.read_text()
        site = _replace(site, "server app1:8000", f"server 127.0.0.1:{self.upstreams[0]}")
        site = _replace(site, "server app2:8000", f"server 127.0.0.1:{self.upstreams[1]}")
        site = _replace(site, "listen 80;", f"listen 127.0.0.1:{self.http_port};")
        site = _replace(site, "listen 443 ssl http2;", f"listen 127.0.0.1:{self.tls_port} ssl http2;")
        site = _replace(site, "listen [::]:80;", "")
        site = _replace(site, "listen [::]:443 ssl http2;", "")
        site = _replace(site, "/etc/nginx/tls/fullchain.pem", str(self.cert))
        site = _replace(site, "/etc/nginx/tls/privkey.pem", str(self.key))
        site = _replace(site, "root /var/www/certbot;", f"root {self.acme_root};")
        return _replace(site, "/dev/stdout", str(self.access_log))

    def _write_config(self) -> Path:
        (self.prefix / "site.conf").write_text(self._site())
        temp = "".join(f"{kind}_temp_path {self.prefix / kind};\n    "
                       for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        user = "user root;\n" if os.geteuid() == 0 else ""
        main = (f"{user}worker_processes 1;\npid {self.prefix / 'nginx.pid'};\n"
                f"error_log {self.error_log} info;\nevents {{ worker_connections 256; }}\n"
                f"http {{\n    {temp}include {self.prefix / 'site.conf'};\n}}\n")
        path = self.prefix / "nginx.conf"
        path.write_text(main)
        return path

    def check(self) -> subprocess.CompletedProcess[str]:
        return subprocess.run([nginx_binary(), "-t", "-p", str(self.prefix), "-c", str(self.config)],
                              capture_output=True, text=True, timeout=30)

    def start(self) -> Proxy:
        self.process = subprocess.Popen(
            [nginx_binary(), "-p", str(self.prefix), "-c", str(self.config), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.tls_port), timeout=1).close()
                return self
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.1)
        raise RuntimeError("nginx did not start:\n" + self.error_log.read_text())

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
