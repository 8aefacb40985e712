"""A real Carefolio server in a subprocess (`carefolio serve`), on a free loopback port."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import httpx

from server.passwords import FAST_FOR_TESTS

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    def __init__(self, data_dir: Path, *extra: str, env: dict[str, str] | None = None,
                 program: Sequence[str] = (sys.executable, "-m", "server.cli"),
                 cwd: Path = ROOT) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.data_dir = data_dir
        self.extra = extra
        self.env = env or {}
        self.program = list(program)
        self.cwd = cwd
        self.output: list[str] = []
        self.process: subprocess.Popen[str] | None = None
        self._reader: threading.Thread | None = None

    def start(self, timeout: float = 90) -> LiveServer:
        command = [*self.program, "serve", "--port", str(self.port),
                   "--data-dir", str(self.data_dir), *self.extra]
        clean_env = {k: v for k, v in os.environ.items() if not k.startswith("CAREFOLIO_")}
        clean_env[FAST_FOR_TESTS] = os.environ.get(FAST_FOR_TESTS, "1")  # as tests/__init__.py
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**clean_env, **self.env}, cwd=self.cwd,
        )
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("server exited:\n" + "".join(self.output))
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError("server did not start:\n" + "".join(self.output))

    def _drain(self) -> None:
        assert self.process and self.process.stdout
        for line in self.process.stdout:
            self.output.append(line)

    def setup_link(self) -> str:
        match = re.search(r"(http://\S+/#/setup\?token=\S+)", "".join(self.output))
        if not match:
            raise AssertionError("no setup link printed:\n" + "".join(self.output))
        return match.group(1)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._reader is not None:
            self._reader.join(timeout=5)
        if self.process and self.process.stdout:
            self.process.stdout.close()
