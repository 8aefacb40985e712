"""CPU per pushed mutation, in process (no HTTP, no load generator): 50 pushes of 100
creates through `sync.service.push` on a fresh SQLite file (or `--database-url`).

    .venv/bin/python bench/push_cpu.py [--profile] [--database-url URL]

Prints CPU microseconds per mutation (this process: the event loop and aiosqlite's thread)
and the SQLite hand-overs per push; `--profile` adds cProfile's top functions.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import msgspec

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.peer_systems import make_workers  # noqa: E402
from bench.peers import items  # noqa: E402


async def measure(url: str, profile: bool) -> None:
    people = await make_workers(url, 1, True)
    from base.principal import Principal
    from server import db
    from server.models import Membership
    from sync import service
    from sync.messages import PushRequest

    await db.connect(url)
    try:
        user, _, device = people[0]
        membership = await Membership.get(user_id=user)
        principal = Principal(user, membership.organisation_id, frozenset({"worker"}), 1,
                              device, False)
        numbers = iter(range(1, 10**6))

        def request(tag: str) -> PushRequest:
            mutations = [{"op": "create", "n": next(numbers), "scope": f"portfolio:{user}",
                          "entity": "evidence", "id": rid, "fields": fields}
                         for rid, fields in items(tag, 0, 100)]
            return msgspec.convert({"device_id": device, "mutations": mutations}, PushRequest)

        await service.push(principal, request("warm"), datetime.now(UTC))
        requests = [request(f"p{k}") for k in range(50)]
        profiler = cProfile.Profile()
        import aiosqlite.core

        handovers = 0
        original = aiosqlite.core.Connection._execute

        async def counted(self, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
            nonlocal handovers
            handovers += 1
            return await original(self, fn, *args, **kwargs)

        aiosqlite.core.Connection._execute = counted  # type: ignore[method-assign]
        began = time.process_time()
        if profile:
            profiler.enable()
        for r in requests:
            await service.push(principal, r, datetime.now(UTC))
        profiler.disable()
        cpu = time.process_time() - began
        aiosqlite.core.Connection._execute = original  # type: ignore[method-assign]
        print(f"CPU per mutation: {cpu / 5000 * 1e6:.1f} µs; SQLite hand-overs per push: "
              f"{handovers / 50:.1f}")
        if profile:
            pstats.Stats(profiler).sort_stats("tottime").print_stats(20)
    finally:
        await db.disconnect()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--database-url")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(measure(args.database_url or f"sqlite://{tmp}/push.sqlite3", args.profile))
    sys.stdout.flush()
    os._exit(0)  # an aiosqlite thread left by the set-up must not keep the process alive


if __name__ == "__main__":
    main()
