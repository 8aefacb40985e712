"""Sync benchmark against a real server (a uvicorn subprocess), on SQLite and PostgreSQL.

    .venv/bin/python bench/sync.py [--postgres postgres://postgres@127.0.0.1:5432/carefolio_sync_bench]

Prints figures as it goes; the last line is one JSON object. See docs/performance.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import httpx
import msgspec

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from server import db  # noqa: E402
from server.accounts.sessions import open_session  # noqa: E402
from server.models import Membership, Organisation, Role, User  # noqa: E402
from sync.client import SyncClient  # noqa: E402

HEADERS = {"Carefolio-Protocol": "1", "Carefolio-Schema": "2",
           "Content-Type": "application/json"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def make_workers(url: str, count: int) -> list[tuple[int, str, str]]:
    """(user id, token, device id) for `count` workers, straight into the database."""
    await db.migrate(url)
    await db.connect(url)
    try:
        org = await Organisation.create(name="Bench Care")
        people = []
        for i in range(count):
            user = await User.create(email=f"w{i}@bench.test", display_name=f"W{i}")
            await Membership.create(user=user, organisation=org, role=Role.WORKER)
            token, session = await open_session(user.id, None, "bench", datetime.now(UTC))
            people.append((user.id, token, session.device_id))
        return people
    finally:
        await db.disconnect()


class Server:
    def __init__(self, url: str, data_dir: Path) -> None:
        self.port = free_port()
        env = {**os.environ, "CAREFOLIO_DATABASE_URL": url, "CAREFOLIO_DATA_DIR": str(data_dir),
               "CAREFOLIO_LOG_LEVEL": "warning", "CAREFOLIO_MAX_BODY_BYTES": "4194304"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "server.asgi:create", "--port",
             str(self.port), "--no-access-log", "--log-level", "warning"],
            cwd=ROOT, env=env,
        )
        self.base = f"http://127.0.0.1:{self.port}"

    async def ready(self) -> None:
        async with httpx.AsyncClient() as http:
            for _ in range(600):
                try:
                    if (await http.get(self.base + "/healthz")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.05)
        raise RuntimeError("server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


def http_for(base: str, token: str) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
    return httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {token}"},
                             timeout=60, limits=limits)


def creates(worker: int, start: int, count: int) -> list[dict[str, object]]:
    return [{"op": "create", "n": n, "scope": f"portfolio:{worker}", "entity": "evidence",
             "id": f"b{worker}-{n}", "fields": {"kind": "observation", "title": f"Item {n}",
                                                "criteria": ["SCDHSC0389/1/P3"]}}
            for n in range(start, start + count)]


async def push(http: httpx.AsyncClient, device: str, mutations: list[dict[str, object]]) -> float:
    body = msgspec.json.encode({"device_id": device, "mutations": mutations})
    began = time.perf_counter()
    response = await http.post("/sync/push", content=body, headers=HEADERS)
    elapsed = time.perf_counter() - began
    assert response.status_code == 200, response.text
    return elapsed


async def throughput(base: str, people: list[tuple[int, str, str]], batches: int) -> float:
    async def one(person: tuple[int, str, str]) -> None:
        user, token, device = person
        async with http_for(base, token) as http:
            for b in range(batches):
                await push(http, device, creates(user, 1 + b * 100, 100))

    began = time.perf_counter()
    await asyncio.gather(*(one(p) for p in people))
    return len(people) * batches * 100 / (time.perf_counter() - began)


async def latency_under_load(base: str, people: list[tuple[int, str, str]], rounds: int,
                             start: int) -> float:
    times: list[float] = []

    async def one(person: tuple[int, str, str]) -> None:
        user, token, device = person
        async with http_for(base, token) as http:
            for r in range(rounds):
                times.append(await push(http, device, creates(user, start + r * 20, 20)))

    await asyncio.gather(*(one(p) for p in people))
    return statistics.quantiles(times, n=20)[18] * 1000


async def pulls(base: str, person: tuple[int, str, str]) -> tuple[float, float, int]:
    _, token, device = person
    async with http_for(base, token) as http:
        client = SyncClient(http, device + "-reader")
        client.headers = {k: v for k, v in HEADERS.items() if k != "Content-Type"}
        began = time.perf_counter()
        await client.pull(limit=5000)
        initial = time.perf_counter() - began
        count = len(client.snapshot()[f"portfolio:{person[0]}"])
        body = msgspec.json.encode({"scopes": client.state.cursors})
        times = []
        for _ in range(300):
            t = time.perf_counter()
            response = await http.post("/sync/pull", content=body, headers=HEADERS)
            times.append(time.perf_counter() - t)
            assert response.status_code == 200
        return initial, statistics.median(times) * 1000, count


async def run_backend(url: str, data_dir: Path, full: bool) -> dict[str, float]:
    people = await make_workers(url, 52)
    server = Server(url, data_dir)
    figures: dict[str, float] = {}
    try:
        await server.ready()
        await push_warmup(server.base, people[0])
        figures["push"] = await throughput(server.base, people[1:5], 25)
        print(f"  push, batches of 100, 4 devices: {figures['push']:.0f} mutations/s", flush=True)
        if full:
            figures["p95"] = await latency_under_load(server.base, people[2:52], 10, 10_000)
            print(f"  push of 20 under 50 devices: p95 {figures['p95']:.1f} ms", flush=True)
            user, token, device = people[0]
            async with http_for(server.base, token) as http:
                for b in range(100):
                    await push(http, device, creates(user, 2 + b * 100, 100))
            initial, empty, count = await pulls(server.base, people[0])
            figures["initial_pull"], figures["empty_pull"] = initial, empty
            print(f"  initial pull of {count} items: {initial:.3f} s; empty pull p50 "
                  f"{empty:.2f} ms", flush=True)
    finally:
        server.stop()
    return figures


async def push_warmup(base: str, person: tuple[int, str, str]) -> None:
    user, token, device = person
    async with http_for(base, token) as http:
        await push(http, device, creates(user, 1, 1))


async def recreate_postgres(url: str) -> None:
    base, name = url.rsplit("/", 1)
    admin = await asyncpg.connect(base + "/postgres")
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres",
                        default="postgres://postgres@127.0.0.1:5432/carefolio_sync_bench")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print("SQLite", flush=True)
        sqlite = await run_backend(f"sqlite://{tmp}/bench.sqlite3", Path(tmp), True)
    print("PostgreSQL", flush=True)
    await recreate_postgres(args.postgres)
    with tempfile.TemporaryDirectory() as tmp:
        postgres = await run_backend(args.postgres, Path(tmp), False)
    print(json.dumps({
        "push_mutations_per_s_sqlite": round(sqlite["push"]),
        "push_mutations_per_s_postgres": round(postgres["push"]),
        "push20_p95_ms": round(sqlite["p95"], 1),
        "initial_pull_10k_s": round(sqlite["initial_pull"], 3),
        "empty_pull_p50_ms": round(sqlite["empty_pull"], 2),
    }))


if __name__ == "__main__":
    asyncio.run(main())
