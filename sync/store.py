"""Rows <-> structs for the sync tables. Raw SQL on the hot paths (push, pull), written once
with `?` placeholders and numbered for PostgreSQL.

Every function takes the connection (usually a transaction) it runs on; none decides
anything: the merge core and the service do.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import msgspec

from base.sql import (  # noqa: F401 - re-exported
    Conn,
    Step,
    default,
    for_backend,
    is_postgres,
    marks,
    query,
    run_steps,
)
from sync.merge import FieldVersion, RecordState
from sync.messages import RecordOut

_encode = msgspec.json.Encoder().encode
_decode_fields = msgspec.json.Decoder(dict[str, Any]).decode
_decode_versions = msgspec.json.Decoder(dict[str, int]).decode
_decode_writers = msgspec.json.Decoder(dict[str, str]).decode


class Head(msgspec.Struct):
    version: int = 0
    purged_below: int = 0


class Counter(msgspec.Struct):
    user_id: int
    last_applied: int


def _time(conn: Conn, moment: datetime) -> Any:
    return moment if is_postgres(conn) else moment.isoformat()


# --- scope heads --------------------------------------------------------------------------


async def bump_head(conn: Conn, scope: str) -> int:
    """The scope's next version, taking its head row lock until the transaction ends."""
    sql = "UPDATE sync_scope SET version = version + 1 WHERE scope = ? RETURNING version"
    rows = await query(conn, sql, [scope])
    if not rows:
        insert = "INSERT INTO sync_scope (scope, version, purged_below) VALUES (?, 0, 0)"
        await query(conn, insert + " ON CONFLICT DO NOTHING", [scope])
        rows = await query(conn, sql, [scope])
    return int(rows[0]["version"])


_LOCK_HEAD = (
    "INSERT INTO sync_scope (scope, version, purged_below) VALUES (?, 0, 0) "
    "ON CONFLICT (scope) DO UPDATE SET version = sync_scope.version RETURNING version"
)


async def lock_head(conn: Conn, scope: str) -> int:
    """The scope's current version, taking its head row lock until the transaction ends
    without moving it (an upsert whose no-op update takes the lock): a push that writes
    nothing to the scope leaves its version where it was; `set_head` moves it once
    something was written."""
    return (await lock_and_load(conn, [scope], []))[0][scope]


async def lock_and_load(
    conn: Conn, scopes: Sequence[str], keys: Iterable[tuple[str, str]]
) -> tuple[dict[str, int], dict[tuple[str, str], RecordState]]:
    """`lock_head` for each of `scopes` (in the order given: keep it sorted), then `load`
    of `keys`, in one go (sql.run_steps): (each scope's current version, the records)."""
    by_scope: dict[str, list[str]] = {}
    for scope, rid in set(keys):
        by_scope.setdefault(scope, []).append(rid)
    steps = [Step(_LOCK_HEAD, [scope]) for scope in scopes]
    for scope, rids in sorted(by_scope.items()):
        ordered = sorted(rids)
        for start in range(0, len(ordered), 500):
            chunk = ordered[start:start + 500]
            steps.append(Step(f"SELECT {_COLUMNS} FROM sync_record WHERE scope = ? "
                              f"AND rid IN ({marks(chunk)})", [scope, *chunk]))
    answers = await run_steps(conn, steps)
    versions = {scope: int(rows[0]["version"])
                for scope, rows in zip(scopes, answers[:len(scopes)], strict=True)}
    found: dict[tuple[str, str], RecordState] = {}
    for rows in answers[len(scopes):]:
        for row in rows:
            state = _state(row)
            found[(state.scope, state.id)] = state
    return versions, found


def head_step(scope: str, version: int) -> Step:
    """Move a head locked by `lock_head` in this transaction to `version` (a step)."""
    return Step("UPDATE sync_scope SET version = ? WHERE scope = ?", [version, scope])


async def set_head(conn: Conn, scope: str, version: int) -> None:
    await run_steps(conn, [head_step(scope, version)])


async def heads(conn: Conn, scopes: Iterable[str]) -> dict[str, Head]:
    names = sorted(scopes)
    if not names:
        return {}
    sql = f"SELECT scope, version, purged_below FROM sync_scope WHERE scope IN ({marks(names)})"
    rows = await query(conn, sql, names)
    found = {r["scope"]: Head(r["version"], r["purged_below"]) for r in rows}
    return {name: found.get(name, Head()) for name in names}


# --- device counters ----------------------------------------------------------------------


async def lock_counter(conn: Conn, device_id: str, user_id: int, now: datetime) -> Counter:
    """The device's counter row, created if new and locked until the transaction ends (one
    statement: an upsert whose no-op update takes the row lock and returns the row)."""
    sql = (
        "INSERT INTO sync_device (device_id, user_id, last_applied, updated_at) "
        "VALUES (?, ?, 0, ?) ON CONFLICT (device_id) DO UPDATE "
        "SET last_applied = sync_device.last_applied RETURNING user_id, last_applied"
    )
    row = (await query(conn, sql, [device_id, user_id, _time(conn, now)]))[0]
    return Counter(row["user_id"], row["last_applied"])


def counter_step(conn: Conn, device_id: str, last_applied: int, now: datetime) -> Step:
    """Set the device's counter (a step of `run_steps`)."""
    sql = "UPDATE sync_device SET last_applied = ?, updated_at = ? WHERE device_id = ?"
    return Step(sql, [last_applied, _time(conn, now), device_id])


async def set_counter(conn: Conn, device_id: str, last_applied: int, now: datetime) -> None:
    await run_steps(conn, [counter_step(conn, device_id, last_applied, now)])


async def read_counter(conn: Conn, device_id: str) -> int | None:
    rows = await query(conn, "SELECT last_applied FROM sync_device WHERE device_id = ?",
                       [device_id])
    return int(rows[0]["last_applied"]) if rows else None


# --- records ------------------------------------------------------------------------------

_COLUMNS = (
    "scope, rid, entity, version, deleted, created_by, fields_json, versions_json, writers_json"
)


def _state(row: Any) -> RecordState:
    versions = _decode_versions(row["versions_json"])
    writers = _decode_writers(row["writers_json"])
    return RecordState(
        entity=row["entity"], id=row["rid"], scope=row["scope"], created_by=row["created_by"],
        fields=_decode_fields(row["fields_json"]),
        versions={name: FieldVersion(v, writers.get(name, "")) for name, v in versions.items()},
        version=row["version"], deleted=bool(row["deleted"]),
    )


async def load(conn: Conn, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], RecordState]:
    """Records by (scope, id); missing keys are absent from the answer."""
    return (await lock_and_load(conn, [], keys))[1]


async def scope_records(conn: Conn, scope: str) -> dict[str, RecordState]:
    """Every record of a scope, tombstones included, by id (for small scopes only)."""
    sql = f"SELECT {_COLUMNS} FROM sync_record WHERE scope = ?"
    return {state.id: state for state in map(_state, await query(conn, sql, [scope]))}


def _row(state: RecordState, stamp: Any) -> list[Any]:
    versions: dict[str, int] = {}
    writers: dict[str, str] = {}
    for name, fv in state.versions.items():
        versions[name] = fv.version
        writers[name] = fv.device
    return [
        state.scope, state.id, state.entity, state.version, state.deleted, state.created_by,
        _encode(state.fields).decode(), _encode(versions).decode(), _encode(writers).decode(),
        stamp,
    ]


_SAVE = (
    f"INSERT INTO sync_record ({_COLUMNS}, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (scope, rid) DO UPDATE SET entity = excluded.entity, "
    "version = excluded.version, deleted = excluded.deleted, "
    "fields_json = excluded.fields_json, versions_json = excluded.versions_json, "
    "writers_json = excluded.writers_json, updated_at = excluded.updated_at"
)


def save_step(conn: Conn, states: Sequence[RecordState], now: datetime) -> Step:
    """`save` as a step of `run_steps`."""
    stamp = _time(conn, now)  # one conversion for the whole batch
    return Step(_SAVE, [_row(s, stamp) for s in states], many=True)


async def save(conn: Conn, states: Sequence[RecordState], now: datetime) -> None:
    """Insert or replace records (one statement per batch)."""
    await run_steps(conn, [save_step(conn, states, now)])


async def changes(
    conn: Conn, scope: str, after: int, limit: int, with_tombstones: bool = True
) -> tuple[list[RecordOut], int | None, bool]:
    """Records changed after version `after`, oldest first, never splitting one version.

    Returns (records, the last version fully included or None, whether more remain).
    """
    alive = "" if with_tombstones else " AND deleted = ?"
    sql = (
        "SELECT rid, entity, version, deleted, created_by, fields_json, versions_json "
        f"FROM sync_record WHERE scope = ? AND version > ?{alive} ORDER BY version, rid LIMIT ?"
    )
    extra = [] if with_tombstones else [False]
    rows = await query(conn, sql, [scope, after, *extra, limit + 1])
    more = len(rows) > limit
    if more:
        last = rows[limit]["version"]
        kept = [r for r in rows[:limit] if r["version"] < last]
        if not kept:  # one transaction larger than the page: send it whole
            whole = sql.replace(" LIMIT ?", "").replace("version > ?", "version = ?")
            kept = await query(conn, whole, [scope, last, *extra])
        rows = kept
    records = [_out(r) for r in rows]
    return records, (records[-1].version if records else None), more


def _out(row: Any) -> RecordOut:
    if row["deleted"]:
        return RecordOut(row["entity"], row["rid"], row["version"], deleted=True)
    return RecordOut(
        row["entity"], row["rid"], row["version"], created_by=row["created_by"],
        fields=msgspec.Raw(row["fields_json"].encode()),
        versions=msgspec.Raw(row["versions_json"].encode()),
    )


async def purge_tombstones(conn: Conn, before: datetime) -> int:
    """Delete tombstones last changed before `before`; raise each scope's purged_below."""
    stamp = _time(conn, before)
    sql = (
        "SELECT scope, MAX(version) AS top FROM sync_record "
        "WHERE deleted = ? AND updated_at < ? GROUP BY scope"
    )
    tops = await query(conn, sql, [True, stamp])
    for row in tops:
        update = "UPDATE sync_scope SET purged_below = ? WHERE scope = ? AND purged_below < ?"
        await query(conn, update, [row["top"], row["scope"], row["top"]])
    purge = "DELETE FROM sync_record WHERE deleted = ? AND updated_at < ?"
    count, _ = await conn.execute_query(for_backend(conn, purge), [True, stamp])
    return int(count)


# --- attachments references ---------------------------------------------------------------


class Ref(msgspec.Struct, frozen=True):
    sha256: str
    scope: str
    grants: bool


async def refs(conn: Conn, shas: Iterable[str]) -> list[Ref]:
    """Every reference to the given digests."""
    names = sorted(set(shas))
    found: list[Ref] = []
    for start in range(0, len(names), 500):
        chunk = names[start:start + 500]
        sql = ("SELECT sha256, scope, grants FROM sync_attachment_ref "
               f"WHERE sha256 IN ({marks(chunk)}) ORDER BY sha256, scope")
        found += [Ref(r["sha256"], r["scope"], bool(r["grants"]))
                  for r in await query(conn, sql, chunk)]
    return found


async def add_refs(conn: Conn, new: Sequence[Ref], user_id: int) -> None:
    """Keep references; one that grants replaces one in the same scope that did not."""
    if new:
        sql = (
            "INSERT INTO sync_attachment_ref (sha256, scope, user_id, grants) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (sha256, scope) DO UPDATE SET user_id = excluded.user_id, "
            "grants = excluded.grants WHERE excluded.grants AND NOT sync_attachment_ref.grants"
        )
        rows = [[r.sha256, r.scope, user_id, r.grants] for r in sorted(new, key=_ref_key)]
        await conn.execute_many(for_backend(conn, sql), rows)


def _ref_key(ref: Ref) -> tuple[str, str]:
    return ref.sha256, ref.scope


# --- epoch --------------------------------------------------------------------------------


async def epoch(conn: Conn) -> str:
    rows = await query(conn, "SELECT value FROM sync_meta WHERE key = ?", ["epoch"])
    if rows:
        return str(rows[0]["value"])
    fresh = uuid.uuid4().hex[:12]
    await query(conn, "INSERT INTO sync_meta (key, value) VALUES (?, ?) ON CONFLICT DO NOTHING",
                ["epoch", fresh])
    return await epoch(conn)


async def new_epoch(conn: Conn) -> str:
    """Start a new epoch: every cursor handed out before is answered with a reset."""
    await query(conn, "DELETE FROM sync_meta WHERE key = ?", ["epoch"])
    return await epoch(conn)


async def latest_decision(conn: Conn, scope: str, evidence_id: str) -> RecordState | None:
    """The newest live decision on one evidence record of a scope (sync/decisions.py rule 5)."""
    pattern = f'%"evidence_id":{_encode(evidence_id).decode()}%'
    sql = (f"SELECT {_COLUMNS} FROM sync_record WHERE scope = ? AND entity = 'decision' "
           "AND deleted = ? AND fields_json LIKE ? ORDER BY version DESC")
    for state in map(_state, await query(conn, sql, [scope, False, pattern])):
        if state.fields.get("evidence_id") == evidence_id:
            return state
    return None
