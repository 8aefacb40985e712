"""Load benchmark: simulated devices (the reference client, sync/client.py, each on its own
aiohttp connection, bench/device_http.py) doing realistic work against real servers behind
nginx, on SQLite and on PostgreSQL with 1, 2 and 4 processes, with 1k, 10k and 100k evidence
items in the server before the run.

    .venv/bin/python bench/load.py --quick          # a small version, well under a minute
    .venv/bin/python bench/load.py                  # the full matrix (about 25 minutes)
    .venv/bin/python bench/load.py --configs pg2 --sizes 10000

Per configuration and data size:
1. a fresh database (SQLite file, or PostgreSQL `carefolio_load_<pid>`, dropped afterwards);
   people straight into it: one organisation, assessors, active workers and "storm"
   workers, each worker enrolled with an assessor, every device signed in;
2. `carefolio serve` processes (`--log-level warning`: no access lines) sharing one data
   directory, behind nginx on loopback (deploy/nginx/carefolio.conf with its upstreams
   pointed at them, plain HTTP: the TLS server block becomes a plain `listen`);
3. seeding: the evidence items, spread over every worker's portfolio, pushed in batches of
   500 by a seeding device per worker (through nginx, so the read models are filled too);
4. the active devices (workers' phones, assessors' tablets) do their initial sync, then
   work: a phone captures (creates evidence with criteria, edits and submits the previous
   one), pushes and pulls; a tablet pulls and judges submitted items (a decision record and
   the evidence transition) and pushes; each device waits a random think time between syncs;
5. after a steady phase, the storm devices (a separate load-generator process) all begin
   their initial sync at once; then each captures one item and pushes it, after a think
   time like every device's (0.5-1.5 x think), or at once with --lockstep (the worst case:
   300 pushes arriving together on the heels of 300 pulls);
6. after a tail, everything stops, every device pushes and pulls, and each is checked: its
   local state equals a fresh full pull from the server, and every acknowledged mutation is
   there (creates, last scalar values, criteria added, statuses, decisions, seeded items).

Prints figures as it goes; the last line is one JSON object. See docs/performance.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import math
import multiprocessing
import os
import platform
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.device_http import DeviceHttp  # noqa: E402
from sync.client import LocalRecord, SyncClient  # noqa: E402
from sync.messages import Create, Transition, Update  # noqa: E402

SITE = ROOT / "deploy" / "nginx" / "carefolio.conf"
CONFIGS: dict[str, tuple[str, int]] = {
    "sqlite1": ("sqlite", 1), "pg1": ("postgres", 1), "pg2": ("postgres", 2),
    "pg4": ("postgres", 4),
}
CRITERIA = [f"SCDHSC{code}/1/{kind}{ref}" for code in ("0389", "0024", "0023", "0035")
            for kind in ("P", "K") for ref in range(1, 6)]
TEXT = ("Supported Mrs A with a hoist transfer from bed to chair, explained each step, checked "
        "the sling and the brakes, and recorded her preferences in the care plan afterwards. ")
P95_PUSH_TARGET_MS = 250.0
CLK_TCK = os.sysconf("SC_CLK_TCK")


# --- the workload -------------------------------------------------------------------------


@dataclass
class Shape:
    """How many devices of each kind, and how long each phase lasts."""

    storm: int = 300          # devices doing their initial sync all at once
    workers: int = 60         # active workers' phones (capture, push, pull)
    assessors: int = 6        # active assessors' tablets (pull, judge, push)
    think: float = 1.0        # mean seconds a device waits between two syncs
    steady: float = 15.0      # seconds of work before the storm
    tail: float = 5.0         # seconds of work after the storm
    seed_concurrency: int = 4
    lockstep: bool = False    # storm devices capture the instant their first sync ends


QUICK = Shape(storm=30, workers=8, assessors=2, think=0.5, steady=3.0, tail=1.0)


@dataclass
class Device:
    """A signed-in device of a person (the session's token and device id)."""

    user_id: int
    token: str
    device_id: str
    kind: str                 # "worker", "storm", "assessor", "seed"


@dataclass
class Population:
    assessors: list[Device]
    workers: list[Device]
    storm: list[Device]
    seeders: list[Device]     # one per worker (active and storm), same order: workers + storm


# --- measurements -------------------------------------------------------------------------


@dataclass
class Stats:
    """What one load-generator process saw: timings (start, seconds), errors, results."""

    push: list[tuple[float, float]] = field(default_factory=list)
    pull: list[tuple[float, float]] = field(default_factory=list)
    initial: list[tuple[float, float]] = field(default_factory=list)
    mutations: list[tuple[float, int]] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    results: Counter[str] = field(default_factory=Counter)
    records_pulled: int = 0

    def on_status(self, status: int) -> None:
        self.statuses[status] += 1

    def merge(self, other: dict[str, Any]) -> None:
        self.push += [tuple(x) for x in other["push"]]  # type: ignore[misc]
        self.pull += [tuple(x) for x in other["pull"]]  # type: ignore[misc]
        self.initial += [tuple(x) for x in other["initial"]]  # type: ignore[misc]
        self.mutations += [tuple(x) for x in other["mutations"]]  # type: ignore[misc]
        self.statuses.update({int(k): v for k, v in other["statuses"].items()})
        self.errors.update(other["errors"])
        self.results.update(other["results"])
        self.records_pulled += other["records_pulled"]

    def as_dict(self) -> dict[str, Any]:
        return {"push": self.push, "pull": self.pull, "initial": self.initial,
                "mutations": self.mutations, "statuses": dict(self.statuses),
                "errors": dict(self.errors), "results": dict(self.results),
                "records_pulled": self.records_pulled}


def percentiles(values: list[float]) -> dict[str, float]:
    """p50/p95/p99/max in milliseconds (nearest rank); empty when there are no values."""
    if not values:
        return {}
    ordered = sorted(values)

    def rank(p: float) -> float:
        return ordered[max(0, math.ceil(p * len(ordered)) - 1)]

    return {"n": len(ordered), "p50": round(rank(0.50) * 1000, 1),
            "p95": round(rank(0.95) * 1000, 1), "p99": round(rank(0.99) * 1000, 1),
            "max": round(ordered[-1] * 1000, 1)}


def window(samples: list[tuple[float, float]], start: float, end: float) -> list[float]:
    return [seconds for began, seconds in samples if start <= began < end]


def cpu_seconds(pids: list[int]) -> float:
    """User plus system CPU time of the processes (those that still exist)."""
    total = 0
    for pid in pids:
        try:
            parts = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        total += int(parts[11]) + int(parts[12])
    return total / CLK_TCK


def machine_ticks() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    total = sum(values[:8])
    return total - idle, total


# --- servers ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


SERVE_OPTIONS: list[str] = []  # extra `carefolio serve` flags, from --pull-concurrency
POOL_SIZE: list[int] = []  # PostgreSQL pool size per process (`?maxsize=`), from --pool-size


class AppProcess:
    """One `carefolio serve` process (one uvicorn worker), its output in a log file."""

    def __init__(self, database_url: str, data_dir: Path, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        env = {k: v for k, v in os.environ.items() if not k.startswith("CAREFOLIO_")}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "server.cli", "serve", "--port", str(self.port),
             "--data-dir", str(data_dir), "--database-url", database_url,
             "--log-level", "warning", *SERVE_OPTIONS],
            cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited:\n{self.log.read_text()[-3000:]}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"server did not start:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _replace(text: str, old: str, new: str) -> str:
    if old not in text:
        raise RuntimeError(f"deploy/nginx/carefolio.conf no longer contains {old!r}")
    return text.replace(old, new)


def loopback_site(upstreams: list[int], port: int, access_log: Path) -> str:
    """deploy/nginx/carefolio.conf for loopback: upstreams on local ports, plain HTTP.

    Everything else (balancing, keep-alive to the apps, gzip, body limits, the live stream
    location, the access log format) is the deployed file's."""
    site = SITE.read_text()
    servers = "".join(f"    server 127.0.0.1:{p} max_fails=3 fail_timeout=10s;\n"
                      for p in upstreams)
    site = _replace(site, "    server app1:8000 max_fails=3 fail_timeout=10s;\n"
                          "    server app2:8000 max_fails=3 fail_timeout=10s;\n", servers)
    redirect = re.search(r"server \{\n    listen 80;.*?\n\}\n", site, flags=re.S)
    if redirect is None:
        raise RuntimeError("deploy/nginx/carefolio.conf: no port-80 redirect server block")
    site = site.replace(redirect.group(0), "")
    site = _replace(site, "listen 443 ssl http2;", f"listen 127.0.0.1:{port};")
    site = _replace(site, "    listen [::]:443 ssl http2;\n", "")
    site = re.sub(r"\n    ssl_[a-z_]+ [^\n]*;", "", site)
    return _replace(site, "/dev/stdout", str(access_log))


class Nginx:
    """nginx in the foreground under a temporary prefix, one worker process."""

    def __init__(self, prefix: Path, upstreams: list[int]) -> None:
        self.prefix = prefix
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        (prefix / "site.conf").write_text(loopback_site(upstreams, self.port,
                                                        prefix / "access.log"))
        temp = "".join(f"{kind}_temp_path {prefix / kind};\n    "
                       for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        user = "user root;\n" if os.geteuid() == 0 else ""
        (prefix / "nginx.conf").write_text(
            f"{user}worker_processes 1;\nworker_rlimit_nofile 16384;\n"
            f"pid {prefix / 'nginx.pid'};\nerror_log {prefix / 'error.log'} warn;\n"
            f"events {{ worker_connections 8192; }}\n"
            f"http {{\n    {temp}include {prefix / 'site.conf'};\n}}\n")
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        self.process = subprocess.Popen(
            [binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("nginx did not start:\n"
                                       + (prefix / "error.log").read_text()) from None
                time.sleep(0.1)

    def pids(self) -> list[int]:
        """The master and its worker."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [self.process.pid, *(int(p) for p in children.read_text().split())]
        except OSError:
            return [self.process.pid]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


# --- database and people ------------------------------------------------------------------


async def recreate_postgres(url: str) -> None:
    base, name = url.rsplit("/", 1)
    admin = await asyncpg.connect(base + "/postgres")
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()


async def drop_postgres(url: str) -> None:
    base, name = url.rsplit("/", 1)
    admin = await asyncpg.connect(base + "/postgres")
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


async def prepare_database(url: str, data_dir: Path, shape: Shape) -> Population:
    """Migrate, load the bundled standards (as `carefolio serve` does), create the people."""
    from server import db
    from server.accounts.sessions import open_session
    from server.models import Enrolment, Membership, Organisation, Role, User
    from server.prepare import prepare
    from server.settings import Settings

    with contextlib.redirect_stderr(io.StringIO()):  # the first-administrator link
        await prepare(Settings(data_dir=data_dir, database_url=url))
    await db.connect(url)
    try:
        org = await Organisation.create(name="Load Care")
        now = datetime.now(UTC)

        async def person(email: str, role: Role, kinds: tuple[str, ...]) -> list[Device]:
            user = await User.create(email=email, display_name=email.split("@")[0])
            await Membership.create(user=user, organisation=org, role=role)
            devices = []
            for kind in kinds:
                token, session = await open_session(user.id, None, f"load {kind}", now)
                devices.append(Device(user.id, token, session.device_id, kind))
            return devices

        assessors = [(await person(f"a{i}@load.test", Role.ASSESSOR, ("assessor",)))[0]
                     for i in range(shape.assessors)]
        workers, storm, seeders = [], [], []
        for i in range(shape.workers + shape.storm):
            kind = "worker" if i < shape.workers else "storm"
            phone, seeder = await person(f"w{i}@load.test", Role.WORKER, (kind, "seed"))
            (workers if kind == "worker" else storm).append(phone)
            seeders.append(seeder)
            await Enrolment.create(organisation=org, worker_id=phone.user_id,
                                   assessor_id=assessors[i % len(assessors)].user_id,
                                   standard_code="SCDHSC0389", start_date=date(2025, 1, 6))
        return Population(assessors, workers, storm, seeders)
    finally:
        await db.disconnect()


# --- devices ------------------------------------------------------------------------------


def http_for(base: str, device: Device, stats: Stats) -> DeviceHttp:
    """A device's own connection (through nginx), counting every answer's status."""
    return DeviceHttp(base, device.token, stats.on_status)


class Sim:
    """One simulated device: the reference client, its timings and the items it created."""

    def __init__(self, base: str, device: Device, stats: Stats, seeded: int = 0) -> None:
        self.device = device
        self.stats = stats
        self.http = http_for(base, device, stats)
        self.client = SyncClient(self.http, device.device_id)
        self.scope = f"portfolio:{device.user_id}"
        self.seeded = seeded
        self.created: set[str] = set()

    async def timed(self, kind: str, action: Callable[[], Awaitable[Any]]) -> bool:
        began = time.monotonic()
        try:
            await action()
        except Exception as exc:  # noqa: BLE001 - counted as an error, the device goes on
            self.stats.errors[f"{kind}: {type(exc).__name__}"] += 1
            return False
        samples = {"push": self.stats.push, "pull": self.stats.pull,
                   "initial": self.stats.initial}[kind]
        samples.append((began, time.monotonic() - began))
        return True

    async def initial_sync(self) -> bool:
        ok = await self.timed("initial", self.client.pull)
        self.stats.records_pulled += sum(len(r) for r in self.client.state.records.values())
        return ok

    async def push(self) -> None:
        pending = len(self.client.state.outbox)
        if not pending:
            return
        before = self.client.state.acked
        began = time.monotonic()
        if await self.timed("push", self.client.push):
            for result in self.client.state.results.values():
                if result.n > before:
                    self.stats.results[result.result] += 1
            self.stats.mutations.append((began, self.client.state.acked - before))

    def capture(self, rng: random.Random, drafts: list[str]) -> None:
        """A worker's capture: a new item with criteria; the previous one edited, submitted."""
        rid = self.client.create(self.scope, "evidence", {
            "kind": rng.choice(["observation", "reflective_account", "witness_testimony"]),
            "title": f"Shift note {len(self.created) + 1}", "occurred_at": "2025-06-02",
            "description": TEXT, "criteria": rng.sample(CRITERIA, 2)})
        self.created.add(rid)
        if drafts:
            previous = drafts.pop(0)
            self.client.update(
                self.scope, "evidence", previous,
                set={"title": f"Shift note {rid[:6]} (reviewed)", "description": TEXT * 2},
                add={"criteria": [rng.choice(CRITERIA)]})
            self.client.transition(self.scope, "evidence", previous, "submitted")
        drafts.append(rid)

    def judge(self, rng: random.Random, decided: set[str], most: int = 2) -> int:
        """An assessor's decisions on submitted items it holds: decision record + transition."""
        waiting = [(scope, rid, record) for scope, records in self.client.state.records.items()
                   for rid, record in records.items()
                   if record.entity == "evidence" and not record.deleted
                   and record.fields.get("status") == "submitted" and rid not in decided]
        chosen = rng.sample(waiting, min(most, len(waiting)))
        for scope, rid, record in chosen:
            criteria = list(record.fields.get("criteria", []))
            # an acceptance judges every linked criterion (sync/decisions.py)
            outcome = "accepted" if criteria and rng.random() < 0.8 else "referred"
            self.client.create(scope, "decision", {
                "evidence_id": rid, "outcome": outcome, "feedback": "Clear and well linked.",
                "judgements": dict.fromkeys(criteria, "met"),
                "decided_at": datetime.now(UTC).isoformat(timespec="seconds")})
            self.client.transition(scope, "evidence", rid, outcome,
                                   reason=None if outcome == "accepted" else "Add a witness.")
            decided.add(rid)
        return len(chosen)


async def pause(stop: asyncio.Event, seconds: float) -> bool:
    """Wait `seconds` or until stop; True when it is time to stop."""
    try:
        await asyncio.wait_for(stop.wait(), seconds)
    except TimeoutError:
        return False
    return True


async def worker_loop(sim: Sim, shape: Shape, stop: asyncio.Event, seed: int) -> None:
    rng = random.Random(seed)
    drafts: list[str] = []
    while not await pause(stop, rng.uniform(0.5, 1.5) * shape.think):
        sim.capture(rng, drafts)
        await sim.push()
        await sim.timed("pull", sim.client.pull)


async def assessor_loop(sim: Sim, shape: Shape, stop: asyncio.Event, seed: int) -> None:
    rng = random.Random(seed)
    decided: set[str] = set()
    while not await pause(stop, rng.uniform(0.5, 1.5) * shape.think):
        if await sim.timed("pull", sim.client.pull) and sim.judge(rng, decided):
            await sim.push()


# --- checking every device against the server ---------------------------------------------


def comparable(records: dict[str, dict[str, LocalRecord]]) -> dict[str, dict[str, Any]]:
    return {scope: {rid: (r.entity, r.version, r.fields, r.versions)
                    for rid, r in rs.items() if not r.deleted}
            for scope, rs in records.items()}


async def verify(sim: Sim) -> list[str]:
    """Problems with one device after the run (empty when it is consistent with the server):
    its local state against a fresh full pull, then each acknowledged mutation."""
    client = sim.client
    problems: list[str] = []
    if client.state.outbox:
        problems.append(f"{len(client.state.outbox)} mutations never acknowledged")
    fresh = SyncClient(sim.http, sim.device.device_id)
    await fresh.pull(limit=5000)
    server = comparable(fresh.state.records)
    if comparable(client.state.records) != server:
        problems.append("local state differs from a fresh full pull")
    last_set: dict[tuple[str, str, str], Any] = {}
    for m in client.state.sent:
        result = client.state.results.get(m.n)
        if result is None or result.result not in ("applied", "already_applied"):
            problems.append(f"mutation {m.n}: {result.result if result else 'no result'}")
            continue
        held = server.get(m.scope, {}).get(m.id)
        if held is None:
            problems.append(f"mutation {m.n}: record {m.id} missing")
            continue
        if isinstance(m, Create) and m.entity == "decision":
            if any(held[2].get(k) != v for k, v in m.fields.items()):
                problems.append(f"decision {m.id} differs")
        elif isinstance(m, Update):
            for name, value in m.set.items():
                last_set[(m.scope, m.id, name)] = value
            for name, members in m.add.items():
                if not set(members) <= set(held[2].get(name, [])):
                    problems.append(f"mutation {m.n}: {name} lost members")
        elif isinstance(m, Transition):
            allowed = {m.to} if sim.device.kind == "assessor" else {m.to, "accepted", "referred"}
            if held[2].get(m.field) not in allowed:
                problems.append(f"mutation {m.n}: {m.field} is {held[2].get(m.field)}")
    for (scope, rid, name), value in last_set.items():
        if server[scope][rid][2].get(name) != value:
            problems.append(f"{rid}.{name} lost its last value")
    if sim.device.kind != "assessor":
        evidence = {rid for rid, r in server.get(sim.scope, {}).items() if r[0] == "evidence"}
        expected = {f"s{sim.device.user_id}-{i}" for i in range(sim.seeded)} | sim.created
        if evidence != expected:
            problems.append(f"evidence ids: {len(evidence ^ expected)} differ from expected")
    return problems


async def final_sync_and_verify(sims: list[Sim]) -> dict[str, Any]:
    for sim in sims:  # every device has pushed by now: this brings everyone's changes
        await sim.timed("pull", sim.client.pull)
    problems: dict[str, list[str]] = {}
    semaphore = asyncio.Semaphore(16)

    async def one(sim: Sim) -> None:
        async with semaphore:
            found = await verify(sim)
        if found:
            problems[sim.device.device_id] = found

    await asyncio.gather(*(one(sim) for sim in sims))
    acked = sum(len(sim.client.state.sent) for sim in sims)
    return {"devices": len(sims), "devices_with_problems": len(problems),
            "acknowledged_mutations": acked,
            "examples": dict(list(problems.items())[:3])}


# --- the storm: a load-generator process of its own ---------------------------------------


def storm_process(base: str, devices: list[dict[str, Any]], seeded: list[int],
                  pipe: Connection, think: float) -> None:
    """Child process: wait for "go", run every initial sync at once, then one capture each
    (after a think time; none when `think` is 0); wait for "verify", check every device.
    Answers go back through `pipe`."""
    asyncio.run(_storm(base, [Device(**d) for d in devices], seeded, pipe, think))


async def _storm(base: str, devices: list[Device], seeded: list[int], pipe: Connection,
                 think: float) -> None:
    stats = Stats()
    sims = [Sim(base, d, stats, n) for d, n in zip(devices, seeded, strict=True)]
    loop = asyncio.get_running_loop()
    pipe.send("ready")
    await loop.run_in_executor(None, pipe.recv)
    began = time.monotonic()

    async def first_use(sim: Sim, seed: int) -> None:
        if await sim.initial_sync():
            rng = random.Random(seed)
            await asyncio.sleep(rng.uniform(0.5, 1.5) * think)
            sim.capture(rng, [])
            await sim.push()

    await asyncio.gather(*(first_use(s, i) for i, s in enumerate(sims)))
    synced = max((b + s for b, s in stats.initial), default=began)
    pipe.send({"began": began, "synced": synced, "ended": time.monotonic(),
               "stats": stats.as_dict()})
    await loop.run_in_executor(None, pipe.recv)
    checked = await final_sync_and_verify(sims)
    for sim in sims:
        await sim.http.aclose()
    pipe.send({"verify": checked, "stats": stats.as_dict()})


# --- one run ------------------------------------------------------------------------------


async def seed_evidence(base: str, seeders: list[Device], count: int, shape: Shape,
                        stats: Stats) -> tuple[list[int], float]:
    """`count` evidence items over the workers' portfolios (every third one submitted),
    pushed by each worker's seeding device in batches of 500. Returns (items per worker,
    seconds)."""
    per = [count // len(seeders) + (1 if i < count % len(seeders) else 0)
           for i in range(len(seeders))]
    semaphore = asyncio.Semaphore(shape.seed_concurrency)

    async def one(device: Device, items: int) -> None:
        async with semaphore:
            sim = Sim(base, device, stats)
            rng = random.Random(device.user_id)
            for i in range(items):
                rid = sim.client.create(sim.scope, "evidence", {
                    "kind": "observation", "title": f"Seeded {i}", "occurred_at": "2025-03-01",
                    "description": TEXT, "criteria": rng.sample(CRITERIA, 2)},
                    rid=f"s{device.user_id}-{i}")
                if i % 3 == 0:
                    sim.client.transition(sim.scope, "evidence", rid, "submitted")
            try:
                await sim.client.push()
            except Exception as exc:  # noqa: BLE001 - counted, the run goes on
                stats.errors[f"seed: {type(exc).__name__}"] += 1
            await sim.http.aclose()

    began = time.monotonic()
    await asyncio.gather(*(one(d, n) for d, n in zip(seeders, per, strict=True) if n))
    return per, time.monotonic() - began


async def postgres_backends(url: str) -> list[int]:
    base, name = url.rsplit("/", 1)
    conn = await asyncpg.connect(base + "/postgres")
    try:
        rows = await conn.fetch("SELECT pid FROM pg_stat_activity WHERE datname = $1", name)
    finally:
        await conn.close()
    return [r["pid"] for r in rows]


async def run_one(config: str, size: int, shape: Shape, pg_base: str) -> dict[str, Any]:
    backend, processes = CONFIGS[config]
    tmp = Path(tempfile.mkdtemp(prefix=f"carefolio-load-{config}-"))
    data_dir = tmp / "data"
    if backend == "postgres":
        url = f"{pg_base.rstrip('/')}/carefolio_load_{os.getpid()}"
        await recreate_postgres(url)
    else:
        url = f"sqlite://{data_dir}/carefolio.sqlite3"
    apps: list[AppProcess] = []
    proxy: Nginx | None = None
    storm: multiprocessing.process.BaseProcess | None = None
    try:
        people = await prepare_database(url, data_dir, shape)
        serve_url = f"{url}?maxsize={POOL_SIZE[0]}" if backend == "postgres" and POOL_SIZE else url
        apps = [AppProcess(serve_url, data_dir, tmp / f"app{i}.log") for i in range(processes)]
        for app in apps:
            app.wait_ready()
        (tmp / "nginx").mkdir()
        proxy = Nginx(tmp / "nginx", [app.port for app in apps])
        base = proxy.url
        stats = Stats()

        per, seconds = await seed_evidence(base, people.seeders, size, shape, stats)
        seeding = {"items": size, "seconds": round(seconds, 1),
                   "items_per_s": round(size / seconds) if seconds else 0,
                   "errors": sum(stats.errors.values()) + sum(
                       v for k, v in stats.statuses.items() if k != 200)}
        if backend == "postgres":
            conn = await asyncpg.connect(url)
            try:
                await conn.execute("ANALYZE")
            finally:
                await conn.close()
        print(f"  seeded {size} items in {seconds:.1f} s", flush=True)
        stats = Stats()  # the run's own figures start here

        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        storm = context.Process(target=storm_process, args=(
            base, [asdict(d) for d in people.storm], per[shape.workers:], theirs,
            0.0 if shape.lockstep else shape.think), daemon=True)
        storm.start()

        sims = [Sim(base, d, stats, n) for d, n in zip(people.workers, per, strict=False)]
        tablets = [Sim(base, d, stats) for d in people.assessors]
        warm = time.monotonic()
        await asyncio.gather(*(s.initial_sync() for s in [*sims, *tablets]))
        active_initial = percentiles(window(stats.initial, warm, time.monotonic()))
        loop = asyncio.get_running_loop()
        assert await loop.run_in_executor(None, ours.recv) == "ready"

        stop = asyncio.Event()
        tasks = [asyncio.create_task(worker_loop(s, shape, stop, i)) for i, s in enumerate(sims)]
        tasks += [asyncio.create_task(assessor_loop(s, shape, stop, 1000 + i))
                  for i, s in enumerate(tablets)]
        steady_from = time.monotonic() + min(2.0, shape.steady / 3)  # after the first cycles
        await asyncio.sleep(shape.steady)

        pids = [a.process.pid for a in apps]
        pg_pids = await postgres_backends(url) if backend == "postgres" else []
        cpu_before = {"apps": cpu_seconds(pids), "nginx": cpu_seconds(proxy.pids()),
                      "postgres": cpu_seconds(pg_pids),
                      "generator_active": cpu_seconds([os.getpid()]),
                      "generator_storm": cpu_seconds([storm.pid or 0])}
        ticks_before = machine_ticks()
        storm_go = time.monotonic()
        ours.send("go")
        storm_report = await loop.run_in_executor(None, ours.recv)
        storm_end = time.monotonic()
        ticks_after = machine_ticks()
        pg_pids = sorted(set(pg_pids) | set(await postgres_backends(url))) if pg_pids else []
        cpu_after = {"apps": cpu_seconds(pids), "nginx": cpu_seconds(proxy.pids()),
                     "postgres": cpu_seconds(pg_pids),
                     "generator_active": cpu_seconds([os.getpid()]),
                     "generator_storm": cpu_seconds([storm.pid or 0])}
        await asyncio.sleep(shape.tail)
        stop.set()
        await asyncio.gather(*tasks)
        run_end = time.monotonic()

        all_sims = [*sims, *tablets]
        for sim in all_sims:
            await sim.push()
        ours.send("verify")
        checked = await final_sync_and_verify(all_sims)
        storm_checked = await loop.run_in_executor(None, ours.recv)
        storm.join(30)
        for sim in all_sims:
            await sim.http.aclose()

        storm_stats = Stats()
        storm_stats.merge(storm_checked["stats"])
        storm_span = storm_end - storm_go
        busy = (ticks_after[0] - ticks_before[0]) / max(1, ticks_after[1] - ticks_before[1])
        pushes_steady = window(stats.push, steady_from, storm_go)
        pushes_storm = window(stats.push, storm_go, storm_end)
        mutations_steady = sum(n for b, n in stats.mutations if steady_from <= b < storm_go)
        requests = len(stats.push) + len(stats.pull) + len(storm_stats.push) + len(
            storm_stats.pull) + len(storm_stats.initial)
        errors = (sum(stats.errors.values()) + sum(storm_stats.errors.values())
                  + sum(v for k, v in (stats.statuses + storm_stats.statuses).items()
                        if k != 200)
                  + sum(v for k, v in (stats.results + storm_stats.results).items()
                        if k not in ("applied", "already_applied")))
        storm_initial = [s for _, s in storm_stats.initial]
        result = {
            "config": config, "backend": backend, "processes": processes, "evidence": size,
            "seeding": seeding,
            "active_initial_sync_ms": active_initial,
            "push_ms": {"steady": percentiles(pushes_steady), "storm": percentiles(pushes_storm),
                        "storm_devices_first_push": percentiles(
                            [s for _, s in storm_stats.push])},
            "pull_ms": {"steady": percentiles(window(stats.pull, steady_from, storm_go)),
                        "storm": percentiles(window(stats.pull, storm_go, storm_end))},
            "storm": {"devices": shape.storm, "initial_sync_ms": percentiles(storm_initial),
                      "all_synced_s": round(storm_report["synced"] - storm_report["began"], 2),
                      "all_done_s": round(storm_span, 2),
                      "records_pulled": storm_stats.records_pulled,
                      "cpu_s": {k: round(cpu_after[k] - cpu_before[k], 1) for k in cpu_after},
                      "machine_busy": round(busy, 2)},
            "throughput": {
                "steady_requests_per_s": round((len(pushes_steady) + len(window(
                    stats.pull, steady_from, storm_go))) / max(0.001, storm_go - steady_from), 1),
                "steady_mutations_per_s": round(mutations_steady / max(0.001,
                                                                       storm_go - steady_from), 1),
                "run_requests": requests,
                "run_requests_per_s": round(requests / max(0.001, run_end - warm), 1),
            },
            "errors": errors,
            "error_kinds": {**{str(k): v for k, v in (stats.errors + storm_stats.errors).items()},
                            **{f"http {k}": v for k, v in (stats.statuses
                                                           + storm_stats.statuses).items()
                               if k != 200},
                            **{k: v for k, v in (stats.results + storm_stats.results).items()
                               if k not in ("applied", "already_applied")}},
            "verify": {"active": checked, "storm": storm_checked["verify"]},
        }
        nginx_log = (tmp / "nginx" / "error.log").read_text().splitlines()
        result["nginx_errors"] = [line for line in nginx_log if "[error]" in line][:5]
        lost = (checked["devices_with_problems"]
                + storm_checked["verify"]["devices_with_problems"])
        result["target_met"] = bool(
            pushes_storm and result["push_ms"]["storm"]["p95"] < P95_PUSH_TARGET_MS
            and errors == 0 and lost == 0)
        return result
    finally:
        if storm is not None and storm.is_alive():
            storm.terminate()
            storm.join(10)
        if proxy is not None:
            proxy.stop()
        for app in apps:
            app.stop()
        if backend == "postgres":
            await drop_postgres(url)
        shutil.rmtree(tmp, ignore_errors=True)


def describe(result: dict[str, Any]) -> str:
    push, pull, storm = result["push_ms"], result["pull_ms"], result["storm"]

    def p(d: dict[str, float]) -> str:
        return f"{d.get('p50', '-')}/{d.get('p95', '-')}/{d.get('p99', '-')}"

    return (f"  push p50/p95/p99 ms: steady {p(push['steady'])}, storm {p(push['storm'])}; "
            f"pull: steady {p(pull['steady'])}, storm {p(pull['storm'])}\n"
            f"  storm: {storm['devices']} initial syncs p50/p95/max "
            f"{storm['initial_sync_ms'].get('p50')}/{storm['initial_sync_ms'].get('p95')}/"
            f"{storm['initial_sync_ms'].get('max')} ms, all synced in {storm['all_synced_s']} s "
            f"({storm['records_pulled']} records), CPU s {storm['cpu_s']}, machine busy "
            f"{storm['machine_busy']:.0%}\n"
            f"  throughput: {result['throughput']}; errors {result['errors']} "
            f"{result['error_kinds'] or ''}\n"
            f"  verify: active {result['verify']['active']['devices_with_problems']}/"
            f"{result['verify']['active']['devices']} devices with problems, storm "
            f"{result['verify']['storm']['devices_with_problems']}/"
            f"{result['verify']['storm']['devices']}; "
            f"{result['verify']['active']['acknowledged_mutations']} acknowledged mutations "
            f"checked on active devices; target met: {result['target_met']}"
            + "".join(f"\n  nginx: {line}" for line in result["nginx_errors"]))


def machine() -> dict[str, Any]:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return {"cpus": os.cpu_count(), "cpu": cpu, "python": platform.python_version(),
            "load_average_at_start": Path("/proc/loadavg").read_text().split()[:3]}


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true",
                        help="small version: sqlite1 and pg2, 1,000 items, 30 storm devices")
    parser.add_argument("--configs", default="", help="comma-separated: " + ",".join(CONFIGS))
    parser.add_argument("--sizes", default="",
                        help="evidence items in the server before the run, e.g. 1000,10000")
    parser.add_argument("--storm", type=int, help="devices doing their initial sync at once")
    parser.add_argument("--workers", type=int, help="active workers' phones")
    parser.add_argument("--assessors", type=int, help="active assessors' tablets")
    parser.add_argument("--think", type=float, help="mean seconds between a device's syncs")
    parser.add_argument("--steady", type=float, help="seconds of work before the storm")
    parser.add_argument("--pull-concurrency", type=int,
                        help="the servers' --pull-concurrency (default: the server's own)")
    parser.add_argument("--lockstep", action="store_true",
                        help="storm devices capture and push the instant their first sync ends")
    parser.add_argument("--pool-size", type=int,
                        help="PostgreSQL connections per app process (the URL's ?maxsize=)")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432",
                        help="PostgreSQL server URL (without a database name)")
    args = parser.parse_args()
    main_task = asyncio.current_task()
    assert main_task is not None
    for signum in (signal.SIGINT, signal.SIGTERM):  # stop cleanly: servers, nginx, database
        asyncio.get_running_loop().add_signal_handler(signum, main_task.cancel)
    if args.pull_concurrency is not None:
        SERVE_OPTIONS.extend(["--pull-concurrency", str(args.pull_concurrency)])
    if args.pool_size:
        POOL_SIZE.append(args.pool_size)
    shape = QUICK if args.quick else Shape()
    for name in ("storm", "workers", "assessors", "think", "steady"):
        if getattr(args, name) is not None:
            setattr(shape, name, getattr(args, name))
    shape.lockstep = args.lockstep
    configs = [c for c in (args.configs or ("sqlite1,pg2" if args.quick else
                                            ",".join(CONFIGS))).split(",") if c]
    sizes = [int(s) for s in (args.sizes or ("1000" if args.quick else
                                             "1000,10000,100000")).split(",") if s]
    info = machine()
    print(f"machine: {info}\nshape: {asdict(shape)}", flush=True)
    results = []
    for size in sizes:
        for config in configs:
            print(f"{config}, {size} evidence items", flush=True)
            result = await run_one(config, size, shape, args.postgres)
            print(describe(result), flush=True)
            results.append(result)
    summary = {
        "machine": info, "shape": asdict(shape), "target_p95_push_ms": P95_PUSH_TARGET_MS,
        "runs": [{"config": r["config"], "evidence": r["evidence"],
                  "push_p95_ms_storm": r["push_ms"]["storm"].get("p95"),
                  "push_p95_ms_steady": r["push_ms"]["steady"].get("p95"),
                  "pull_p95_ms_storm": r["pull_ms"]["storm"].get("p95"),
                  "storm_all_synced_s": r["storm"]["all_synced_s"],
                  "seed_items_per_s": r["seeding"]["items_per_s"],
                  "errors": r["errors"],
                  "devices_with_problems": r["verify"]["active"]["devices_with_problems"]
                  + r["verify"]["storm"]["devices_with_problems"],
                  "target_met": r["target_met"]} for r in results],
        "details": results,
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    asyncio.run(main())
