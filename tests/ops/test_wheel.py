"""A wheel built from this tree, installed into a fresh venv with only the locked run-time
dependencies (offline, from a wheelhouse made from requirements.lock), serves the whole product
from a folder outside the source tree: the PWA, its service worker and the bundled standards."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tomllib
from fnmatch import fnmatch
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from tests.support.live_server import LiveServer

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements.lock"
WHEELHOUSE = ROOT / "tests" / "artifacts" / "wheelhouse"
EMAIL = "wheel.admin@example.test"
PASSWORD = "a passphrase for the wheel"


def _run(*command: str | Path, cwd: Path = ROOT) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    result = subprocess.run([str(part) for part in command], cwd=cwd, env=env, text=True,
                            capture_output=True, timeout=900)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result.stdout


def wheelhouse() -> Path:
    """requirements.lock's files, downloaded (hash-checked) once per version of the lock."""
    stamp = WHEELHOUSE / ".lock-sha256"
    digest = hashlib.sha256(LOCK.read_bytes()).hexdigest()
    if not stamp.is_file() or stamp.read_text() != digest:
        _run(sys.executable, "-m", "pip", "download", "-q", "--require-hashes", "-r", LOCK,
             "-d", WHEELHOUSE)
        stamp.write_text(digest)
    return WHEELHOUSE


def context_copy(target: Path) -> Path:
    """The tree as the container build sees it (.dockerignore's names left out): a clean copy,
    so no build/ left over from an earlier build can put into the wheel what the config does not."""
    patterns = [line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()
                if line.strip() and not line.startswith("#")]

    def ignored(folder: str, entries: list[str]) -> list[str]:
        relative = Path(folder).relative_to(ROOT)
        return [entry for entry in entries if any(  # as Docker reads them: from the root
            fnmatch(entry, pattern[3:]) if pattern.startswith("**/")
            else fnmatch((relative / entry).as_posix(), pattern) for pattern in patterns)]

    shutil.copytree(ROOT, target, ignore=ignored)
    return target


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding the locked dependencies and the wheel, and nothing of the checkout."""
    where = tmp_path_factory.mktemp("wheel")
    source = context_copy(where / "source")
    _run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
         "-w", where / "dist", source)
    shutil.rmtree(source)
    venv = where / "venv"
    _run(sys.executable, "-m", "venv", venv)
    pip = (venv / "bin" / "python", "-m", "pip", "install", "-q", "--no-index")
    _run(*pip, "--find-links", wheelhouse(), "--require-hashes", "-r", LOCK)
    _run(*pip, "--no-deps", *sorted((where / "dist").glob("carefolio-*.whl")))
    return venv


def test_the_installed_wheel_holds_the_code_and_the_pwa_not_the_checkout(installed: Path) -> None:
    where = _run(installed / "bin" / "python", "-c",
                 "import pwa, server, standards.seeds; "
                 "print(pwa.__file__, server.__file__, standards.seeds.__file__)",
                 cwd=installed.parent)
    for path in where.split():
        assert Path(path).is_relative_to(installed) and not Path(path).is_relative_to(ROOT)


def test_carefolio_version_prints_the_one_version_of_pyproject(installed: Path) -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert _run(installed / "bin" / "carefolio", "--version").strip() == f"carefolio {version}"


def test_carefolio_serve_from_the_wheel_serves_the_app_and_the_bundled_standards(
        installed: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    server = LiveServer(tmp_path / "data", program=[str(installed / "bin" / "carefolio")],
                        cwd=outside).start(timeout=60)
    try:
        with httpx.Client(base_url=server.url, timeout=20) as http:
            assert http.get("/healthz").status_code == 200
            shell = http.get("/")
            assert shell.status_code == 200, shell.text
            assert shell.text == (ROOT / "pwa" / "index.html").read_text()
            worker = http.get("/sw.js")
            assert worker.status_code == 200 and worker.text == (ROOT / "pwa" / "sw.js").read_text()
            assert http.get("/js/app.js").status_code == 200
            assert http.get("/manifest.webmanifest").status_code == 200
            token = parse_qs(urlsplit(server.setup_link()).fragment.split("?", 1)[1])["token"][0]
            made = http.post("/api/setup", json={
                "token": token, "email": EMAIL, "display_name": "Wheel Admin",
                "password": PASSWORD, "organisation_name": "Wheelhouse Care"})
            assert made.status_code in (200, 201), made.text
            signed = http.post("/api/auth/sign-in",
                               json={"email": EMAIL, "password": PASSWORD, "client": "api"})
            assert signed.status_code == 200, signed.text
            bearer = {"Authorization": f"Bearer {signed.json()['token']}"}
            listed = http.get("/api/library/standards", headers=bearer)
            assert listed.status_code == 200, listed.text
        seeded = {seed["code"] for seed in json.loads(
            (ROOT / "standards" / "seeds" / "index.json").read_text())}
        assert seeded <= {standard["code"] for standard in listed.json()["standards"]}
    finally:
        server.stop()
