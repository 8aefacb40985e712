"""A reference sync client: the outbox and local state that docs/sync-protocol.md describes.

Used by the tests and the benchmark; the PWA does the same in JavaScript. The transport is
anything with httpx's `post(path, content=, headers=)` (see `Http`): an `httpx.AsyncClient`
on a real server or on `httpx.ASGITransport(app)`, or the benchmark's aiohttp connection.

Local state (all of it serialisable with `msgspec.json.encode(client.state)`):
- `outbox`: mutations not yet acknowledged, numbered 1, 2, 3 ... per device, in order;
- `sent`: acknowledged mutations kept a while, to re-send if the server was restored from
  a backup that predates them (its counter for this device goes backwards);
- `cursors`: per scope; `records`: the server's state of every record, as last pulled.
Edits are recorded with the field versions the device held *when the edit was made*.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Mapping
from typing import Any, Protocol

import msgspec

from sync.messages import (
    MAX_MUTATIONS_PER_PUSH,
    PROTOCOL_VERSION,
    SCHEMA_VERSION,
    Create,
    Delete,
    Mutation,
    MutationResult,
    PullResponse,
    PushResponse,
    Transition,
    Update,
)

SENT_KEPT = 10_000


class Answer(Protocol):
    """The parts of an HTTP answer the client reads."""

    @property
    def status_code(self) -> int: ...
    @property
    def content(self) -> bytes: ...
    @property
    def text(self) -> str: ...
    @property
    def headers(self) -> Mapping[str, str]: ...


class Http(Protocol):
    """The transport: posts a body to a path of the server."""

    async def post(self, url: str, *, content: bytes, headers: dict[str, str]) -> Answer: ...


class ClientTooOld(Exception):
    """The server asks for a newer app; the outbox is untouched."""


class SyncError(Exception):
    def __init__(self, status: int, body: bytes) -> None:
        super().__init__(f"{status}: {body[:300]!r}")
        self.status = status
        self.body = body


class LocalRecord(msgspec.Struct):
    entity: str
    version: int
    fields: dict[str, Any] = {}
    versions: dict[str, int] = {}
    deleted: bool = False


class LocalState(msgspec.Struct):
    device_id: str
    next_n: int = 1
    acked: int = 0
    outbox: list[Mutation] = []
    sent: list[Mutation] = []
    cursors: dict[str, str | None] = {}
    records: dict[str, dict[str, LocalRecord]] = {}
    results: dict[int, MutationResult] = {}


class SyncClient:
    def __init__(
        self, http: Http, device_id: str, *, schema: int = SCHEMA_VERSION,
        protocol: int = PROTOCOL_VERSION, retries: int = 5, retry_scale: float = 1.0,
    ) -> None:
        self.http = http
        self.state = LocalState(device_id)
        self.headers = {"Carefolio-Protocol": str(protocol), "Carefolio-Schema": str(schema)}
        self.retries = retries
        self.retry_scale = retry_scale

    # --- local edits (work offline) -----------------------------------------------------

    def _number(self) -> int:
        n = self.state.next_n
        self.state.next_n += 1
        return n

    def record(self, scope: str, rid: str) -> LocalRecord | None:
        return self.state.records.get(scope, {}).get(rid)

    def create(self, scope: str, entity: str, fields: dict[str, Any], rid: str = "") -> str:
        rid = rid or uuid.uuid4().hex
        self.state.outbox.append(Create(self._number(), scope, entity, rid, fields))
        return rid

    def update(
        self, scope: str, entity: str, rid: str, set: dict[str, Any] | None = None,
        add: dict[str, list[str]] | None = None, remove: dict[str, list[str]] | None = None,
    ) -> int:
        held = self.record(scope, rid)
        base = {name: held.versions.get(name, 0) for name in (set or {})} if held else {}
        m = Update(self._number(), scope, entity, rid, set or {}, base, add or {}, remove or {})
        self.state.outbox.append(m)
        return m.n

    def delete(self, scope: str, entity: str, rid: str) -> int:
        held = self.record(scope, rid)
        m = Delete(self._number(), scope, entity, rid, held.version if held else 0)
        self.state.outbox.append(m)
        return m.n

    def transition(self, scope: str, entity: str, rid: str, to: str,
                   reason: str | None = None) -> int:
        m = Transition(self._number(), scope, entity, rid, to, reason=reason)
        self.state.outbox.append(m)
        return m.n

    # --- talking to the server ----------------------------------------------------------

    async def _post(self, path: str, body: Any) -> bytes:
        payload = msgspec.json.encode(body)
        for attempt in range(self.retries + 1):
            response = await self.http.post(path, content=payload, headers={
                **self.headers, "Content-Type": "application/json"})
            if response.status_code == 426:
                raise ClientTooOld(response.text)
            if response.status_code == 503 and attempt < self.retries:
                delay = float(response.headers.get("retry-after", "1"))
                await asyncio.sleep(delay * self.retry_scale)
                continue
            if response.status_code != 200:
                raise SyncError(response.status_code, response.content)
            return response.content
        raise AssertionError("unreachable")

    async def push(self) -> PushResponse | None:
        """Send the outbox (in batches) until it is empty or the server stops a batch."""
        answer = None
        while self.state.outbox:
            batch = self.state.outbox[:MAX_MUTATIONS_PER_PUSH]
            body = {"device_id": self.state.device_id, "mutations": batch}
            answer = msgspec.json.decode(await self._post("/sync/push", body), type=PushResponse)
            if not self._acknowledge(answer):
                break
        return answer

    def _acknowledge(self, answer: PushResponse) -> bool:
        """Apply a push answer to the outbox; False when the batch did not go through."""
        st = self.state
        if answer.last_applied < st.acked:  # the server was restored from an older backup
            lost = [m for m in st.sent if m.n > answer.last_applied]
            st.sent = [m for m in st.sent if m.n <= answer.last_applied]
            st.outbox = sorted({m.n: m for m in [*lost, *st.outbox]}.values(), key=_n)
            st.acked = answer.last_applied
            st.cursors, st.records = {}, {}  # its versions were reissued: pull everything
            return bool(lost)
        for result in answer.results:
            if result.result != "gap":
                st.results[result.n] = result
        done = [m for m in st.outbox if m.n <= answer.last_applied]
        st.outbox = [m for m in st.outbox if m.n > answer.last_applied]
        st.sent = [*st.sent, *done][-SENT_KEPT:]
        st.acked = max(st.acked, answer.last_applied)
        return bool(done) and not any(r.result == "gap" for r in answer.results)

    async def pull(self, limit: int = 1000) -> None:
        """Pull every page until the server has nothing more."""
        while True:
            body = {"scopes": self.state.cursors, "limit": limit}
            answer = msgspec.json.decode(await self._post("/sync/pull", body), type=PullResponse)
            self._apply_pull(answer)
            if not answer.more:
                return

    def _apply_pull(self, answer: PullResponse) -> None:
        st = self.state
        for scope in answer.revoked:
            st.cursors.pop(scope, None)
            st.records.pop(scope, None)
        for changes in answer.scopes:
            held = st.records.setdefault(changes.scope, {})
            if changes.reset:
                held.clear()
            for r in changes.records:
                if r.deleted:
                    held[r.id] = LocalRecord(r.entity, r.version, deleted=True)
                else:
                    held[r.id] = msgspec.convert(
                        {"entity": r.entity, "version": r.version, "fields": r.fields,
                         "versions": r.versions}, LocalRecord)
            st.cursors[changes.scope] = changes.cursor

    async def sync(self) -> None:
        await self.push()
        await self.pull()

    def snapshot(self) -> dict[str, dict[str, LocalRecord]]:
        """Live records per scope (tombstones left out)."""
        return {
            scope: {rid: r for rid, r in records.items() if not r.deleted}
            for scope, records in self.state.records.items()
        }


def _n(m: Mutation) -> int:
    return m.n
