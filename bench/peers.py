"""Carefolio side by side with its peers and its bounds, in one run, interleaved (issue #18).

    .venv/bin/python bench/peers.py                 # every system, 3 rounds, 1k/10k/100k pulls
    .venv/bin/python bench/peers.py --quick         # small sizes, one round (a smoke test)
    .venv/bin/python bench/peers.py --skip-peers    # Carefolio and the bounds only
    .venv/bin/python bench/peers.py --quick --skip-peers --skip-postgres   # the suite's smoke run

Systems: Carefolio on SQLite and on PostgreSQL (autovacuum off on every table of its bench
database), Kinto (memory and PostgreSQL backends) and PouchDB-server, both installed by this
script into a scratch directory (`--cache`, default ~/.cache/carefolio-bench; never project
dependencies), the minimal endpoint (bench/minimal_app.py) and the raw-SQLite bound (one
transaction per 100 rows, in this process). A peer that cannot be installed or started is
reported and left out; the rest still runs.

Work, the same for every system (records: an observation with a title and one criterion):
- push: 4 writers at once, each `--pushes` pushes of 100 creates: mutations/s;
- push of 20: 50 devices at once, each `--rounds20` pushes: p95 latency;
- initial pull of a collection of each `--sizes` (filled once, before the rounds): seconds;
  bytes per record from the 1st size's pull, less an empty collection's pull;
- empty pull (nothing changed since the last): p50 latency;
- Carefolio on PostgreSQL only: a push of 100 into the largest portfolio against a push of
  100 into an empty one, alternated (the cliff check: within 20 %).

Each round runs every system's step before the next step; the systems' order turns each
round. Figures are medians over the rounds. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import msgspec

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.peer_systems import (  # noqa: E402
    Carefolio,
    Failed,
    Item,
    Kinto,
    Minimal,
    Pouch,
    System,
    Writer,
)

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432"


class Plan(msgspec.Struct):
    rounds: int
    pushes: int  # per writer, of 100 creates, 4 writers
    devices: int  # pushing 20 at once
    rounds20: int
    sizes: list[int]
    empty_pulls: int
    cliff_pushes: int


FULL = Plan(rounds=3, pushes=10, devices=50, rounds20=5, sizes=[1000, 10_000, 100_000],
            empty_pulls=100, cliff_pushes=10)
QUICK = Plan(rounds=1, pushes=1, devices=10, rounds20=1, sizes=[200], empty_pulls=10,
             cliff_pushes=2)


def items(prefix: str, start: int, count: int) -> list[Item]:
    return [(f"{prefix}-{n}", {"kind": "observation", "title": f"Item {n}",
                               "criteria": ["SCDHSC0389/1/P3"]})
            for n in range(start, start + count)]


class Slots:
    """Which writers of a system do what: 4 push writers, the 50 devices, one per pull
    size, one empty (the bytes baseline) and one empty for the cliff check."""

    def __init__(self, writers: list[Writer], plan: Plan) -> None:
        self.push = writers[:4]
        self.devices = writers[4:4 + plan.devices]
        rest = writers[4 + plan.devices:]
        self.sized = dict(zip(plan.sizes, rest, strict=False))
        self.empty = rest[len(plan.sizes)]
        self.cliff = rest[len(plan.sizes) + 1]
        self.spare: list[Writer] = []  # writers of sizes that were not filled
        self.grown: dict[int, int] = {}  # records the cliff check added to a size's writer

    @staticmethod
    def needed(plan: Plan) -> int:
        return 4 + plan.devices + len(plan.sizes) + 2


async def fill(writer: Writer, size: int, tag: str, deadline: float) -> bool:
    """Fill `writer`'s collection with `size` records in pushes of 500; False when that
    would not end by `deadline` (time.monotonic)."""
    for start in range(0, size, 500):
        if time.monotonic() > deadline:
            return False
        await writer.push(items(tag, start, min(500, size - start)))
    return True


async def push_rate(slots: Slots, plan: Plan, tag: str) -> float:
    async def one(i: int, writer: Writer) -> None:
        for p in range(plan.pushes):
            await writer.push(items(f"{tag}w{i}", p * 100, 100))

    began = time.perf_counter()
    await asyncio.gather(*(one(i, w) for i, w in enumerate(slots.push)))
    return len(slots.push) * plan.pushes * 100 / (time.perf_counter() - began)


async def push20_p95(slots: Slots, plan: Plan, tag: str) -> float:
    times: list[float] = []

    async def one(i: int, writer: Writer) -> None:
        for r in range(plan.rounds20):
            began = time.perf_counter()
            await writer.push(items(f"{tag}d{i}", r * 20, 20))
            times.append(time.perf_counter() - began)

    await asyncio.gather(*(one(i, w) for i, w in enumerate(slots.devices)))
    return percentile(times, 0.95) * 1000


async def pulls(slots: Slots, plan: Plan) -> dict[str, float]:
    figures: dict[str, float] = {}
    _, empty_bytes = await slots.empty.pull_all()
    for size, writer in slots.sized.items():
        began = time.perf_counter()
        count, size_bytes = await writer.pull_all()
        figures[f"pull_{size}_s"] = time.perf_counter() - began
        if count != size + slots.grown.get(size, 0):
            raise RuntimeError(f"pulled {count} of {size + slots.grown.get(size, 0)} records")
        if size == plan.sizes[0]:
            figures["bytes_per_record"] = (size_bytes - empty_bytes) / count
    writer = slots.sized.get(plan.sizes[0], slots.empty)
    times = []
    for _ in range(plan.empty_pulls):
        began = time.perf_counter()
        await writer.pull_again()
        times.append(time.perf_counter() - began)
    figures["empty_pull_p50_ms"] = statistics.median(times) * 1000
    return figures


async def cliff(slots: Slots, plan: Plan, tag: str) -> dict[str, float]:
    """A push of 100 into the largest portfolio and into an empty one, alternated."""
    largest = max(slots.sized)
    big = slots.sized[largest]
    slots.grown[largest] = slots.grown.get(largest, 0) + 100 * plan.cliff_pushes
    into_big, into_empty = [], []
    for p in range(plan.cliff_pushes):
        for writer, times in ((big, into_big), (slots.cliff, into_empty)):
            began = time.perf_counter()
            await writer.push(items(f"{tag}c", p * 100, 100))
            times.append(time.perf_counter() - began)
    return {"push100_big_ms": statistics.median(into_big) * 1000,
            "push100_empty_ms": statistics.median(into_empty) * 1000}


def raw_sqlite_rate(folder: Path, rows: int) -> float:
    """Rows/s into a table shaped like sync_record, one transaction per 100 rows, each row's
    fields encoded to JSON on the way (what a push must do at least)."""
    path = folder / f"raw-{time.monotonic_ns()}.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE record (scope TEXT, rid TEXT, entity TEXT, version INTEGER, "
               "fields_json TEXT, versions_json TEXT, PRIMARY KEY (scope, rid))")
    encode = msgspec.json.encode
    began = time.perf_counter()
    for start in range(0, rows, 100):
        batch = items("raw", start, 100)
        db.execute("BEGIN")
        db.executemany("INSERT INTO record VALUES (?, ?, ?, ?, ?, ?)",
                       [("portfolio:1", rid, "evidence", start, encode(fields).decode(),
                         encode(dict.fromkeys(fields, start)).decode()) for rid, fields in batch])
        db.execute("COMMIT")
    rate = rows / (time.perf_counter() - began)
    db.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return rate


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def each(systems: dict[str, tuple[System, Slots]], turn: int,
               step: Callable[[str, Slots], Awaitable[Any]]) -> dict[str, Any]:
    """Run `step` for every live system, one after the other, starting at `turn`."""
    names = list(systems)
    names = names[turn % len(names):] + names[:turn % len(names)] if names else names
    found = {}
    for name in names:
        try:
            found[name] = await step(name, systems[name][1])
        except Exception as exc:  # a peer failing mid-run is reported, the rest goes on
            print(f"  {name}: failed: {exc}", flush=True)
    return found


async def run(plan: Plan, args: argparse.Namespace) -> dict[str, Any]:
    cache = Path(args.cache).expanduser()
    cache.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="carefolio-peers-"))
    pid = os.getpid()
    wanted: list[System] = [
        Carefolio("Carefolio SQLite", f"sqlite://{scratch}/carefolio.sqlite3", scratch / "cs")]
    if not args.skip_postgres:
        wanted.append(Carefolio("Carefolio PostgreSQL", f"{args.postgres}/carefolio_peers_{pid}",
                                scratch / "cp", autovacuum=False))
    wanted.append(Minimal(scratch))
    if not args.skip_peers:
        wanted.append(Kinto("Kinto memory", cache, scratch, None))
        if not args.skip_postgres:
            wanted.append(Kinto("Kinto PostgreSQL", cache, scratch,
                                f"{args.postgres}/kinto_peers_{pid}"))
        wanted.append(Pouch(cache, scratch))
    systems: dict[str, tuple[System, Slots]] = {}
    notes: dict[str, str] = {}
    try:
        for sub in ("cs", "cp"):
            (scratch / sub).mkdir()
        for system in wanted:
            print(f"starting {system.name}", flush=True)
            try:
                await system.start(Slots.needed(plan))
                slots = Slots(system.writers(), plan)
                for size, writer in list(slots.sized.items()):
                    began = time.perf_counter()
                    if not await fill(writer, size, f"fill{size}",
                                      time.monotonic() + args.fill_budget):
                        notes[system.name] = (f"no pulls of {size} or more: filling {size} "
                                              f"took over {args.fill_budget:.0f} s")
                        print(f"  {notes[system.name]}", flush=True)
                        for larger in [n for n in slots.sized if n >= size]:
                            slots.spare.append(slots.sized.pop(larger))
                        break
                    print(f"  filled {size} in {time.perf_counter() - began:.1f} s", flush=True)
                systems[system.name] = (system, slots)
            except (Failed, OSError, RuntimeError) as exc:
                notes[system.name] = f"not measured: {exc}"
                print(f"  {system.name}: {notes[system.name]}", flush=True)
                await system.stop()
            except BaseException:  # interrupted while starting: leave nothing running
                await system.stop()
                raise
        rounds: list[dict[str, dict[str, float]]] = []
        for r in range(plan.rounds):
            print(f"round {r + 1}", flush=True)
            figures: dict[str, dict[str, float]] = {name: {} for name in systems}
            raw = raw_sqlite_rate(scratch, 4 * plan.pushes * 100)
            figures["raw sqlite"] = {"push_per_s": raw}
            tag = f"r{r}"
            for name, rate in (await each(systems, r, lambda n, s, t=tag: push_rate(
                    s, plan, t))).items():
                figures[name]["push_per_s"] = rate
            for name, p95 in (await each(systems, r, lambda n, s, t=tag: push20_p95(
                    s, plan, t))).items():
                figures[name]["push20_p95_ms"] = p95
            for name, found in (await each(systems, r, lambda n, s: pulls(s, plan))).items():
                figures[name].update(found)
            pg = {k: v for k, v in systems.items() if k == "Carefolio PostgreSQL"}
            for name, found in (await each(pg, 0, lambda n, s, t=tag: cliff(s, plan, t))).items():
                figures[name].update(found)
            for name, found in figures.items():
                print(f"  {name}: " + ", ".join(f"{k} {v:,.1f}" for k, v in found.items()),
                      flush=True)
            rounds.append(figures)
    finally:
        for system, slots in systems.values():
            for writer in [*slots.push, *slots.devices, *slots.sized.values(), slots.empty,
                           slots.cliff, *slots.spare]:
                await writer.close()
            await system.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    return {"plan": msgspec.to_builtins(plan), "medians": medians(rounds), "notes": notes}


def medians(rounds: list[dict[str, dict[str, float]]]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for figures in rounds:
        for name, found in figures.items():
            for key, value in found.items():
                out.setdefault(name, {}).setdefault(key, []).append(value)  # type: ignore[arg-type]
    return {name: {k: round(statistics.median(v), 3) for k, v in found.items()}  # type: ignore[arg-type]
            for name, found in out.items()}


def ratios(m: dict[str, dict[str, float]]) -> dict[str, float]:
    """The figures issue #18 asks for, as ratios (> 1: Carefolio is ahead, except the
    bounds' and the cliff's, which say how far it is from them)."""
    out: dict[str, float] = {}
    cs, cp = m.get("Carefolio SQLite", {}), m.get("Carefolio PostgreSQL", {})
    raw, minimal = m.get("raw sqlite", {}), m.get("minimal endpoint", {})

    def put(key: str, a: float | None, b: float | None) -> None:
        if a and b:
            out[key] = round(a / b, 2)

    put("raw_sqlite_over_carefolio_push", raw.get("push_per_s"), cs.get("push_per_s"))
    put("carefolio_p95_over_minimal", cs.get("push20_p95_ms"), minimal.get("push20_p95_ms"))
    if "push100_big_ms" in cp:
        put("cliff_push_big_over_empty", cp["push100_big_ms"], cp["push100_empty_ms"])
    for peer in ("Kinto memory", "Kinto PostgreSQL", "PouchDB-server", "minimal endpoint"):
        p = m.get(peer)
        if not p:
            continue
        short = peer.split()[0].lower() + ("_pg" if "PostgreSQL" in peer else "")
        put(f"push_sqlite_over_{short}", cs.get("push_per_s"), p.get("push_per_s"))
        put(f"p95_{short}_over_sqlite", p.get("push20_p95_ms"), cs.get("push20_p95_ms"))
        put(f"bytes_{short}_over_sqlite", p.get("bytes_per_record"), cs.get("bytes_per_record"))
        put(f"empty_pull_{short}_over_sqlite", p.get("empty_pull_p50_ms"),
            cs.get("empty_pull_p50_ms"))
        for key in cs:
            if key.startswith("pull_"):
                put(f"{key}_{short}_over_sqlite", p.get(key), cs.get(key))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, one round")
    parser.add_argument("--skip-peers", action="store_true", help="no Kinto, no PouchDB")
    parser.add_argument("--skip-postgres", action="store_true",
                        help="no PostgreSQL systems (and no cliff check)")
    parser.add_argument("--rounds", type=int, help="interleaved rounds (default 3)")
    parser.add_argument("--sizes", help="pull sizes, comma-separated (default 1000,10000,100000)")
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES,
                        help="PostgreSQL server URL without a database name")
    parser.add_argument("--fill-budget", type=float, default=150,
                        help="seconds a system may take to fill one pull size (larger sizes "
                        "are then left out for it)")
    parser.add_argument("--cache", default="~/.cache/carefolio-bench",
                        help="scratch directory for the peers' installs")
    args = parser.parse_args()
    plan = QUICK if args.quick else FULL
    if args.rounds:
        plan = msgspec.structs.replace(plan, rounds=args.rounds)
    if args.sizes:
        plan = msgspec.structs.replace(plan, sizes=[int(s) for s in args.sizes.split(",")])
    result = asyncio.run(run(plan, args))
    result["ratios"] = ratios(result["medians"])
    print("ratios: " + json.dumps(result["ratios"], indent=1))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
