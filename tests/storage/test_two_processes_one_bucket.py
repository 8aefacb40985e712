"""Two `carefolio serve` processes with nothing shared but PostgreSQL and one bucket (each
its own empty data directory): an upload whose chunks alternate between them, a download
from the other, one VAPID key; and a process killed with SIGKILL in the middle of a chunk,
the phone resuming through the other."""

from __future__ import annotations

import asyncio
import hashlib
import os
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from sync.client import SyncClient
from sync.messages import SCHEMA_VERSION
from tests.ops.test_two_processes import Device, enrolled_worker_and_assessor, http_for
from tests.support.aio import run as run_coroutine
from tests.support.live_server import LiveServer
from tests.support.postgres import PostgresTestServer
from tests.support.s3 import S3TestServer

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

SYNC_HEADERS = {"Carefolio-Protocol": "1", "Carefolio-Schema": str(SCHEMA_VERSION)}
MEDIA = os.urandom(5 * 256 * 1024 + 1234)
SHA = hashlib.sha256(MEDIA).hexdigest()
CHUNK = 256 * 1024


@dataclass
class Pair:
    a: LiveServer
    b: LiveServer
    worker: Device
    assessor: Device


@pytest.fixture
def pair(postgres_server: PostgresTestServer, s3_server: S3TestServer,
         tmp_path: Path) -> Iterator[Pair]:
    postgres_server.truncate_all()
    worker, assessor = run_coroutine(enrolled_worker_and_assessor(postgres_server.url))
    env = s3_server.environment(s3_server.new_bucket())
    apps = [LiveServer(tmp_path / name, "--database-url", postgres_server.url,
                       "--log-level", "warning", "--reminder-interval", "0", env=env)
            for name in ("data-a", "data-b")]
    try:
        for app in apps:
            app.start()
        yield Pair(apps[0], apps[1], worker, assessor)
    finally:
        for app in apps:
            app.stop()
        postgres_server.truncate_all()


async def _reference(base_url: str, device: Device) -> None:
    async with http_for(base_url, device.token) as http:
        phone = SyncClient(http, device.device_id)
        await phone.pull()
        phone.create(f"portfolio:{device.user_id}", "evidence",
                     {"kind": "product_evidence", "title": "Recorded discussion",
                      "attachments": [SHA]})
        answer = await phone.push()
        assert answer is not None and [r.result for r in answer.results] == ["applied"]


async def _put(base_url: str, device: Device, start: int, body: bytes | AsyncIterator[bytes],
               end: int) -> httpx.Response:
    headers = {**SYNC_HEADERS, "Content-Range": f"bytes {start}-{end}/{len(MEDIA)}",
               "Content-Type": "application/octet-stream", "Content-Length": str(end - start + 1)}
    async with http_for(base_url, device.token) as http:
        return await http.put(f"/sync/attachments/{SHA}", content=body, headers=headers)


async def _offset(base_url: str, device: Device) -> tuple[int, str]:
    async with http_for(base_url, device.token) as http:
        probe = await http.head(f"/sync/attachments/{SHA}", headers=SYNC_HEADERS)
    assert probe.status_code == 200
    return int(probe.headers["upload-offset"]), probe.headers["upload-complete"]


async def _download(base_url: str, device: Device, range_header: str = "") -> httpx.Response:
    headers = {**SYNC_HEADERS, **({"Range": range_header} if range_header else {})}
    async with http_for(base_url, device.token) as http:
        return await http.get(f"/sync/attachments/{SHA}", headers=headers)


def _no_shared_files(pair: Pair) -> None:
    for app in (pair.a, pair.b):
        assert not (app.data_dir / "attachments").exists()
        assert not (app.data_dir / "vapid_private_key.pem").exists()


async def test_chunks_alternate_between_processes_and_the_other_serves_the_file(pair: Pair) -> None:
    keys = [httpx.get(f"{app.url}/api/push/key").json() for app in (pair.a, pair.b)]
    assert keys[0] == keys[1]  # one VAPID key, from the database
    await _reference(pair.a.url, pair.worker)
    for n, start in enumerate(range(0, len(MEDIA), CHUNK)):
        app = (pair.a, pair.b)[n % 2]
        end = min(start + CHUNK, len(MEDIA)) - 1
        answer = await _put(app.url, pair.worker, start, MEDIA[start:end + 1], end)
        assert answer.status_code == 200, answer.text
        assert answer.json()["offset"] == end + 1
        assert await _offset((pair.b, pair.a)[n % 2].url, pair.worker) == (
            end + 1, "?1" if end + 1 == len(MEDIA) else "?0")
    whole = await _download(pair.b.url, pair.assessor)
    assert whole.status_code == 200 and hashlib.sha256(whole.content).hexdigest() == SHA
    part = await _download(pair.a.url, pair.assessor, "bytes=300000-399999")
    assert part.status_code == 206 and part.content == MEDIA[300_000:400_000]
    _no_shared_files(pair)


async def test_a_process_killed_mid_chunk_leaves_nothing_half_written_and_the_other_resumes(
    pair: Pair,
) -> None:
    await _reference(pair.b.url, pair.worker)
    first = await _put(pair.a.url, pair.worker, 0, MEDIA[:CHUNK], CHUNK - 1)
    assert first.status_code == 200
    sent_half = asyncio.Event()

    async def half_then_stall() -> AsyncIterator[bytes]:
        yield MEDIA[CHUNK:CHUNK + CHUNK // 2]
        sent_half.set()
        await asyncio.sleep(30)  # the phone's radio, slow; the server dies meanwhile
        yield MEDIA[CHUNK + CHUNK // 2:2 * CHUNK]

    stalled = asyncio.create_task(_put(pair.a.url, pair.worker, CHUNK, half_then_stall(),
                                       2 * CHUNK - 1))
    await asyncio.wait_for(sent_half.wait(), 10)
    await asyncio.sleep(0.3)  # the half chunk is in process A's hands
    assert pair.a.process is not None
    pair.a.process.kill()  # SIGKILL: no cleanup of any kind
    pair.a.process.wait(10)
    with pytest.raises(httpx.HTTPError):
        await stalled

    offset, complete = await _offset(pair.b.url, pair.worker)
    assert (offset, complete) == (CHUNK, "?0")  # the half chunk is nowhere
    for start in range(offset, len(MEDIA), CHUNK):
        end = min(start + CHUNK, len(MEDIA)) - 1
        answer = await _put(pair.b.url, pair.worker, start, MEDIA[start:end + 1], end)
        assert answer.status_code == 200, answer.text
    assert answer.json()["complete"] is True
    whole = await _download(pair.b.url, pair.assessor)
    assert hashlib.sha256(whole.content).hexdigest() == SHA
