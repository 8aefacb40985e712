"""The systems bench/peers.py drives, each behind the same small interface.

A `System` starts a server and hands out `Writer`s; a writer owns one empty collection of
records (a Carefolio portfolio, a Kinto collection, a PouchDB database, a scope of the
minimal endpoint) and can push creates into it, pull it whole and pull it again when
nothing changed. Peers (Kinto from PyPI, PouchDB-server from npm) are installed by
`install_kinto` / `install_pouchdb` into a scratch directory, never into the project.
"""

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
from typing import Any

import aiohttp
import asyncpg
import msgspec

ROOT = Path(__file__).resolve().parents[1]
HEADERS = {"Carefolio-Protocol": "1", "Carefolio-Schema": "3",
           "Content-Type": "application/json"}
_encode = msgspec.json.encode
_decode = msgspec.json.decode

Item = tuple[str, dict[str, Any]]  # (id, fields)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def session(limit: int = 1, auth: aiohttp.BasicAuth | None = None) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=limit),
                                 timeout=aiohttp.ClientTimeout(total=300), auth=auth,
                                 skip_auto_headers=("User-Agent",))


class Failed(Exception):
    """A system could not be installed or started: the benchmark says so and goes on."""


async def wait_ready(url: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    async with session() as http:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise Failed(f"exited with {process.returncode} before answering {url}")
            try:
                async with http.get(url) as response:
                    if response.status < 500:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise Failed(f"no answer from {url} within {seconds:.0f} s")


def stop(process: subprocess.Popen[bytes] | None) -> None:
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


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


class Writer:
    """One collection of records in one system (see the module's docstring)."""

    async def push(self, items: list[Item]) -> None:
        raise NotImplementedError

    async def pull_all(self) -> tuple[int, int]:
        """Pull the collection from nothing: (records, bytes of the answers' bodies)."""
        raise NotImplementedError

    async def pull_again(self) -> None:
        """Pull with the position the last `pull_all` reached (nothing has changed)."""
        raise NotImplementedError

    async def close(self) -> None:
        await self.http.close()

    http: aiohttp.ClientSession


class System:
    name = ""
    process: subprocess.Popen[bytes] | None = None

    async def start(self, writers: int) -> None:
        raise NotImplementedError

    def writers(self) -> list[Writer]:
        raise NotImplementedError

    async def stop(self) -> None:
        stop(self.process)


# --- Carefolio ------------------------------------------------------------------------------


class CarefolioWriter(Writer):
    def __init__(self, base: str, user: int, token: str, device: str) -> None:
        self.base, self.user, self.device = base, user, device
        self.scope = f"portfolio:{user}"
        self.n = 0
        self.http = session()
        self.auth = {"Authorization": f"Bearer {token}", **HEADERS}
        self.cursors: dict[str, str | None] = {}

    async def _post(self, path: str, body: object) -> bytes:
        async with self.http.post(self.base + path, data=_encode(body),
                                  headers=self.auth) as response:
            content = await response.read()
            if response.status != 200:
                raise RuntimeError(f"{path}: {response.status} {content[:300]!r}")
            return content

    async def push(self, items: list[Item]) -> None:
        mutations = []
        for rid, fields in items:
            self.n += 1
            mutations.append({"op": "create", "n": self.n, "scope": self.scope,
                              "entity": "evidence", "id": rid, "fields": fields})
        answer = _decode(await self._post("/sync/push",
                                          {"device_id": self.device, "mutations": mutations}))
        bad = [r for r in answer["results"] if r["result"] != "applied"]
        if bad:
            raise RuntimeError(f"push not applied: {bad[:2]}")

    async def pull_all(self) -> tuple[int, int]:
        cursors: dict[str, str | None] = {}
        count = size = 0
        while True:
            content = await self._post("/sync/pull", {"scopes": cursors, "limit": 5000})
            size += len(content)
            answer = _decode(content)
            for scope in answer["scopes"]:
                cursors[scope["scope"]] = scope["cursor"]
                if scope["scope"] == self.scope:
                    count += len(scope["records"])
            if not answer["more"]:
                break
        self.cursors = cursors
        return count, size

    async def pull_again(self) -> None:
        await self._post("/sync/pull", {"scopes": self.cursors})


class Carefolio(System):
    def __init__(self, name: str, url: str, data_dir: Path, autovacuum: bool = True) -> None:
        self.name, self.url, self.data_dir, self.autovacuum = name, url, data_dir, autovacuum
        self.people: list[tuple[int, str, str]] = []

    async def start(self, writers: int) -> None:
        if self.url.startswith("postgres"):
            await recreate_postgres(self.url)
        code = (
            "import asyncio, json, sys; sys.path.insert(0, sys.argv[1]);"
            "from bench.peer_systems import make_workers;"
            "print(json.dumps(asyncio.run(make_workers(sys.argv[2], int(sys.argv[3]),"
            " sys.argv[4] == '1'))))"
        )
        # its own process: Tortoise keeps global state, and two databases in one process mix
        made = subprocess.run(
            [sys.executable, "-c", code, str(ROOT), self.url, str(writers),
             "1" if self.autovacuum else "0"], capture_output=True, text=True, check=False)
        if made.returncode != 0:
            raise Failed(made.stderr.strip().splitlines()[-1] if made.stderr else "set-up failed")
        self.people = [tuple(p) for p in msgspec.json.decode(made.stdout.splitlines()[-1])]
        self.port = free_port()
        env = {**os.environ, "CAREFOLIO_DATABASE_URL": self.url,
               "CAREFOLIO_DATA_DIR": str(self.data_dir), "CAREFOLIO_LOG_LEVEL": "warning",
               "CAREFOLIO_MAX_BODY_BYTES": "4194304"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "server.asgi:create", "--port",
             str(self.port), "--no-access-log", "--log-level", "warning"], cwd=ROOT, env=env)
        self.base = f"http://127.0.0.1:{self.port}"
        await wait_ready(self.base + "/healthz", self.process)

    def writers(self) -> list[Writer]:
        return [CarefolioWriter(self.base, *p) for p in self.people]

    async def stop(self) -> None:
        stop(self.process)
        if self.url.startswith("postgres"):
            await drop_postgres(self.url)


async def make_workers(url: str, count: int, autovacuum: bool) -> list[tuple[int, str, str]]:
    """(user id, token, device id) for `count` workers of one organisation, straight into
    the database (migrated first). With `autovacuum` false, PostgreSQL's autovacuum is
    switched off for every table of the database, as on a server that never analyses by
    itself (the cliff of issue #18)."""
    sys.path.insert(0, str(ROOT))
    from server import db
    from server.accounts.sessions import open_session
    from server.models import Membership, Organisation, Role, User

    await db.migrate(url)
    await db.connect(url)
    try:
        if url.startswith("postgres") and not autovacuum:
            from base import sql

            conn = sql.default()
            for row in await sql.query(
                    conn, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"):
                await conn.execute_script(
                    f'ALTER TABLE "{row["tablename"]}" SET (autovacuum_enabled = false)')
        org = await Organisation.create(name="Bench Care")
        people = []
        now = datetime.now(UTC)
        for i in range(count):
            user = await User.create(email=f"w{i}@bench.test", display_name=f"W{i}")
            await Membership.create(user=user, organisation=org, role=Role.WORKER)
            token, device = await open_session(user.id, None, "bench", now)
            people.append((user.id, token, device.device_id))
        return people
    finally:
        await db.disconnect()


# --- the minimal endpoint -------------------------------------------------------------------


class MinimalWriter(Writer):
    def __init__(self, base: str, index: int) -> None:
        self.base, self.scope = base, f"s:{index}"
        self.n, self.after = 0, 0
        self.http = session()

    async def _post(self, path: str, body: object) -> bytes:
        async with self.http.post(self.base + path, data=_encode(body)) as response:
            content = await response.read()
            if response.status != 200:
                raise RuntimeError(f"{path}: {response.status}")
            return content

    async def push(self, items: list[Item]) -> None:
        mutations = []
        for rid, fields in items:
            self.n += 1
            mutations.append({"op": "create", "n": self.n, "scope": self.scope,
                              "entity": "evidence", "id": rid, "fields": fields})
        await self._post("/push", {"device_id": self.scope, "mutations": mutations})

    async def pull_all(self) -> tuple[int, int]:
        after, count, size = 0, 0, 0
        while True:
            content = await self._post("/pull", {"scope": self.scope, "after": after})
            size += len(content)
            answer = _decode(content)
            count += len(answer["records"])
            after = answer["cursor"]
            if not answer["more"]:
                break
        self.after = after
        return count, size

    async def pull_again(self) -> None:
        await self._post("/pull", {"scope": self.scope, "after": self.after})


class Minimal(System):
    name = "minimal endpoint"

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.count = 0

    async def start(self, writers: int) -> None:
        self.count = writers
        self.port = free_port()
        env = {**os.environ, "CAREFOLIO_MINIMAL_DB": str(self.data_dir / "minimal.sqlite3")}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "bench.minimal_app:app", "--port", str(self.port),
             "--no-access-log", "--log-level", "warning"], cwd=ROOT, env=env)
        self.base = f"http://127.0.0.1:{self.port}"
        await wait_ready(self.base + "/healthz", self.process)

    def writers(self) -> list[Writer]:
        return [MinimalWriter(self.base, i) for i in range(self.count)]


# --- Kinto ------------------------------------------------------------------------------------

KINTO_INI = """[app:main]
use = egg:kinto
kinto.storage_backend = {storage}
kinto.storage_url = {url}
kinto.permission_backend = {permission}
kinto.permission_url = {url}
kinto.cache_backend = kinto.core.cache.memory
kinto.userid_hmac_secret = carefolio-bench
multiauth.policies = basicauth
kinto.bucket_create_principals = system.Authenticated
kinto.batch_max_requests = 500
kinto.storage_max_fetch_size = 5000
kinto.paginate_by = 5000

[server:main]
use = egg:waitress#main
host = 127.0.0.1
port = {port}

[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARNING
handlers = console

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = WARNING
formatter = generic

[formatter_generic]
format = %(levelname)s %(message)s
"""


def install_kinto(cache: Path) -> Path:
    """Kinto (with its PostgreSQL extra) in a venv of its own under `cache`; its `kinto`."""
    venv = cache / "kinto"
    kinto = venv / "bin" / "kinto"
    if not kinto.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        done = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "kinto[postgresql]"],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0 or not kinto.exists():
            shutil.rmtree(venv, ignore_errors=True)
            raise Failed("pip install kinto failed: " + done.stderr.strip()[-300:])
    return kinto


class KintoWriter(Writer):
    def __init__(self, base: str, index: int) -> None:
        self.base = base
        self.path = f"/buckets/bench/collections/c{index}"
        self.http = session(auth=aiohttp.BasicAuth("bench", "bench"))
        self.since = ""

    async def prepare(self) -> None:
        async with self.http.put(self.base + self.path, json={"data": {}}) as response:
            if response.status not in (200, 201):
                raise Failed(f"Kinto collection: {response.status} {await response.text()}")

    async def push(self, items: list[Item]) -> None:
        body = {"defaults": {"method": "POST", "path": self.path + "/records"},
                "requests": [{"body": {"data": {"id": rid, **fields}}} for rid, fields in items]}
        async with self.http.post(self.base + "/batch", data=_encode(body),
                                  headers={"Content-Type": "application/json"}) as response:
            answer = _decode(await response.read())
            if response.status != 200:
                raise RuntimeError(f"Kinto batch: {response.status} {answer}")
            bad = [r for r in answer["responses"] if r["status"] not in (200, 201)]
            if bad:
                raise RuntimeError(f"Kinto batch item: {bad[0]}")

    async def pull_all(self) -> tuple[int, int]:
        url: str | None = self.base + self.path + "/records?_sort=last_modified&_limit=5000"
        count = size = 0
        while url:
            async with self.http.get(url) as response:
                content = await response.read()
                size += len(content)
                count += len(_decode(content)["data"])
                self.since = response.headers.get("ETag", '"0"').strip('"')
                url = response.headers.get("Next-Page")
        return count, size

    async def pull_again(self) -> None:
        url = self.base + self.path + f"/records?_since={self.since}&_sort=last_modified"
        async with self.http.get(url) as response:
            await response.read()


class Kinto(System):
    def __init__(self, name: str, cache: Path, data_dir: Path, postgres: str | None) -> None:
        self.name, self.cache, self.data_dir, self.postgres = name, cache, data_dir, postgres
        self.count = 0

    async def start(self, writers: int) -> None:
        kinto = install_kinto(self.cache)
        self.count = writers
        self.port = free_port()
        if self.postgres:
            await recreate_postgres(self.postgres)
            storage = "kinto.core.storage.postgresql"
            permission = "kinto.core.permission.postgresql"
            url = self.postgres.replace("postgres://", "postgresql://", 1)
        else:
            storage, permission, url = ("kinto.core.storage.memory",
                                        "kinto.core.permission.memory", "")
        ini = self.data_dir / f"kinto-{self.port}.ini"
        ini.write_text(KINTO_INI.format(storage=storage, permission=permission, url=url,
                                        port=self.port))
        if self.postgres:
            done = subprocess.run([str(kinto), "migrate", "--ini", str(ini)],
                                  capture_output=True, text=True, check=False)
            if done.returncode != 0:
                raise Failed("kinto migrate: " + done.stderr.strip()[-300:])
        self.process = subprocess.Popen([str(kinto), "start", "--ini", str(ini), "-q"],
                                        stdout=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{self.port}/v1"
        await wait_ready(self.base + "/", self.process)
        async with session(auth=aiohttp.BasicAuth("bench", "bench")) as http:
            async with http.put(self.base + "/buckets/bench", json={"data": {}}) as response:
                if response.status not in (200, 201):
                    raise Failed(f"Kinto bucket: {response.status}")
        self._writers = [KintoWriter(self.base, i) for i in range(writers)]
        for w in self._writers:
            await w.prepare()

    def writers(self) -> list[Writer]:
        return list(self._writers)

    async def stop(self) -> None:
        stop(self.process)
        if self.postgres:
            await drop_postgres(self.postgres)


# --- PouchDB-server ---------------------------------------------------------------------------


def install_pouchdb(cache: Path) -> Path:
    """pouchdb-server from npm under `cache` (`npm install --prefix`); its command."""
    prefix = cache / "pouchdb"
    command = prefix / "node_modules" / ".bin" / "pouchdb-server"
    if not command.exists():
        if shutil.which("npm") is None:
            raise Failed("npm is not installed")
        done = subprocess.run(["npm", "install", "--prefix", str(prefix), "pouchdb-server@4"],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0 or not command.exists():
            raise Failed("npm install pouchdb-server failed: " + done.stderr.strip()[-300:])
    return command


class PouchWriter(Writer):
    def __init__(self, base: str, index: int) -> None:
        self.db = f"{base}/w{index}"
        self.http = session()
        self.since: object = 0

    async def prepare(self) -> None:
        async with self.http.put(self.db) as response:
            if response.status not in (201, 412):
                raise Failed(f"PouchDB database: {response.status}")

    async def push(self, items: list[Item]) -> None:
        body = {"docs": [{"_id": rid, **fields} for rid, fields in items]}
        async with self.http.post(self.db + "/_bulk_docs", data=_encode(body),
                                  headers={"Content-Type": "application/json"}) as response:
            answer = _decode(await response.read())
            if response.status != 201 or any("error" in r for r in answer):
                raise RuntimeError(f"PouchDB _bulk_docs: {response.status} {str(answer)[:200]}")

    async def pull_all(self) -> tuple[int, int]:
        since: object = 0
        count = size = 0
        while True:
            url = f"{self.db}/_changes?include_docs=true&since={since}&limit=5000"
            async with self.http.get(url) as response:
                content = await response.read()
            size += len(content)
            answer = _decode(content)
            count += len(answer["results"])
            since = answer["last_seq"]
            if len(answer["results"]) < 5000:
                break
        self.since = since
        return count, size

    async def pull_again(self) -> None:
        async with self.http.get(f"{self.db}/_changes?include_docs=true&since={self.since}") as r:
            await r.read()


class Pouch(System):
    name = "PouchDB-server"

    def __init__(self, cache: Path, data_dir: Path) -> None:
        self.cache, self.data_dir = cache, data_dir

    async def start(self, writers: int) -> None:
        command = install_pouchdb(self.cache)
        self.port = free_port()
        folder = self.data_dir / "pouchdb"
        folder.mkdir(exist_ok=True)
        self.process = subprocess.Popen(
            [str(command), "--port", str(self.port), "--dir", str(folder), "-n",
             "--config", str(folder / "config.json")],
            cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{self.port}"
        await wait_ready(self.base + "/", self.process)
        self._writers = [PouchWriter(self.base, i) for i in range(writers)]
        for w in self._writers:
            await w.prepare()

    def writers(self) -> list[Writer]:
        return list(self._writers)
