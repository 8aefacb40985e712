"""The server process killed with SIGKILL during a push, before and after the commit, then
restarted: every mutation still applies exactly once (a real uvicorn subprocess)."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from server import db
from server.accounts.sessions import open_session
from server.models import Membership, Organisation, Role, User
from sync.client import SyncClient
from tests.conftest import BACKENDS

ROOT = Path(__file__).resolve().parents[2]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(url: str, data_dir: Path, port: int, hook: str | None) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CAREFOLIO_DATABASE_URL": url, "CAREFOLIO_DATA_DIR": str(data_dir)}
    env.pop("CAREFOLIO_SYNC_TEST_HOOK", None)
    if hook:
        env["CAREFOLIO_SYNC_TEST_HOOK"] = hook
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "server.asgi:create", "--port",
         str(port), "--log-level", "warning", "--no-access-log"], cwd=ROOT, env=env)
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("the server did not start")


async def _worker(url: str) -> tuple[int, str, str]:
    await db.connect(url)
    try:
        org = await Organisation.create(name="Riverside Care")
        user = await User.create(email="kill@example.test", display_name="K")
        await Membership.create(user=user, organisation=org, role=Role.WORKER)
        token, session = await open_session(user.id, None, "test", datetime.now(UTC))
        return user.id, token, session.device_id
    finally:
        await db.disconnect()


async def _push(port: int, client: SyncClient) -> None:
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}",
                                 headers=client.http.headers) as http:
        client.http = http
        await client.sync()


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
def test_sigkill_before_and_after_commit_keeps_exactly_once(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path,
) -> None:
    if backend == "sqlite":
        shutil.copy(request.getfixturevalue("sqlite_template"), tmp_path / "db.sqlite3")
        url = f"sqlite://{tmp_path / 'db.sqlite3'}"
    else:
        server = request.getfixturevalue("postgres_server")
        server.truncate_all()
        url = server.url
    user, token, device = asyncio.run(_worker(url))
    scope = f"portfolio:{user}"
    client = SyncClient(httpx.AsyncClient(headers={"Authorization": f"Bearer {token}"}), device)
    port = _port()

    def run_with(hook: str | None, expect_death: bool) -> None:
        process = _start(url, tmp_path, port, hook)
        try:
            if expect_death:
                with pytest.raises(httpx.TransportError):
                    asyncio.run(_push(port, client))
                assert process.wait(10) == -9
            else:
                asyncio.run(_push(port, client))
        finally:
            if process.poll() is None:
                process.terminate()
                process.wait(10)

    client.create(scope, "evidence", {"kind": "observation", "title": "one"})
    run_with(None, False)
    client.create(scope, "evidence", {"kind": "observation", "title": "two"})
    run_with("kill_before_commit:2", True)
    run_with(None, False)
    assert client.state.results[2].result == "applied"  # nothing had been committed
    client.create(scope, "evidence", {"kind": "observation", "title": "three"})
    run_with("kill_after_commit:3", True)
    assert client.state.outbox and client.state.outbox[0].n == 3
    run_with(None, False)
    assert client.state.results[3].result == "already_applied"  # it had been committed
    titles = sorted(r.fields["title"] for r in client.snapshot()[scope].values())
    assert titles == ["one", "three", "two"]
    assert not client.state.outbox
