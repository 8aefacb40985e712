"""The `library:<organisation>` scopes: the standards an organisation's members see, as
read-only `standard` records written by the server (id: the code; field `data`: the current
version in the shape of `standards.documents.StandardOut`).

They are materialised from the standards tables rather than written by every path that
changes the library (an import through the API or the CLI, a version marked current or
legacy, a new organisation, on any process). Before a pull, `refresh` compares the
library's generation with the one the scope was last reconciled at (kept in `sync_meta`,
so it holds across processes, restarts and restores; one query asks both). When they
differ, the records that differ are rewritten under one new scope version, and live
channels hear of it. Reconciling is idempotent: several processes doing it at once write a
change once, or twice with the same content, never wrongly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

import msgspec
from tortoise.transactions import in_transaction

from standards import library
from standards.documents import StandardOut, library_documents
from standards.store import GENERATION_COLUMNS, GENERATION_TABLE, generation_text
from sync import events, store
from sync.merge import FieldVersion, RecordState
from sync.messages import ChangeEvent

ENTITY = "standard"

_STATE = (
    f"SELECT (SELECT value FROM sync_meta WHERE key = ?) AS seen, {GENERATION_COLUMNS} "
    f"FROM {GENERATION_TABLE}"
)
_MARK = ("INSERT INTO sync_meta (key, value) VALUES (?, ?) "
         "ON CONFLICT (key) DO UPDATE SET value = excluded.value")


def scope_of(organisation_id: int) -> str:
    return f"library:{organisation_id}"


def changed_records(
    scope: str, documents: Iterable[StandardOut], held: Mapping[str, RecordState]
) -> list[RecordState]:
    """The records to write so that `held` shows exactly `documents`: new or different
    standards, and tombstones for standards no longer seen (versions left at 0). Pure."""
    wanted = {d.code: msgspec.to_builtins(d) for d in documents}
    out = []
    for code, data in sorted(wanted.items()):
        record = held.get(code)
        if record is None or record.deleted or record.fields.get("data") != data:
            out.append(RecordState(entity=ENTITY, id=code, scope=scope, created_by=0,
                                   fields={"data": data}, versions={}, version=0))
    for code, record in sorted(held.items()):
        if code not in wanted and not record.deleted and record.entity == ENTITY:
            out.append(RecordState(entity=ENTITY, id=code, scope=scope, created_by=0,
                                   fields={}, versions={}, version=0, deleted=True))
    return out


async def reconcile(organisation_id: int, generation: str, now: datetime) -> int | None:
    """Bring the organisation's library scope up to date with the library at `generation`;
    the new scope version, or None when nothing had to change."""
    scope = scope_of(organisation_id)
    documents = await library_documents(library.Scope(organisation_id))
    async with in_transaction("default") as conn:
        version = None
        if changed_records(scope, documents, await store.scope_records(conn, scope)):
            version = await store.bump_head(conn, scope)
            # again under the scope's head lock: another process may have written it meanwhile
            changed = changed_records(scope, documents, await store.scope_records(conn, scope))
            for record in changed:
                record.version = version
                record.versions = {name: FieldVersion(version, "server") for name in record.fields}
            await store.save(conn, changed, now)
        await store.query(conn, _MARK, [_marker(organisation_id), generation])
    return version


async def refresh(organisation_id: int, now: datetime) -> None:
    """Reconcile the organisation's library scope if the library changed since it last was
    (the common case costs one query)."""
    rows = await store.query(store.default(), _STATE, [_marker(organisation_id)])
    generation = generation_text(rows[0])
    if rows[0]["seen"] == generation:
        return
    version = await reconcile(organisation_id, generation, now)
    if version is not None:
        await events.broker().publish([ChangeEvent(scope_of(organisation_id), version)])


def _marker(organisation_id: int) -> str:
    return f"{scope_of(organisation_id)}:generation"
