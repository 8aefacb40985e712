"""One pull: changes per scope since the client's cursors, within the client's rights.

A cursor is `<epoch>.<version>`: the database epoch (renewed when a backup is restored)
and the last scope version the client holds completely. The server answers a cursor it
cannot honour (another epoch, a version beyond the scope's head, or below the horizon of
purged tombstones) with `reset: true` and the scope's full state.

A full state read in pages (from nothing, or after a reset) ends its pages below the
horizon while tombstones older than the horizon are purged: its cursors carry a third
part, `<epoch>.<version>.<horizon when the read began>`, which is honoured while no purge
has moved the horizon since (a purge since then may have taken a tombstone the client
needs: reset again). Without it every second page would be a reset, for ever.
"""

from __future__ import annotations

import re
from datetime import datetime

import msgspec

from base.principal import Principal
from sync import library_scope, scopes, store
from sync.entities import REGISTRY, fields_for_schema
from sync.messages import SCHEMA_VERSION, PullRequest, PullResponse, RecordOut, ScopeChanges

_fields = msgspec.json.Decoder(dict[str, object]).decode
_NUMBER = re.compile(r"[0-9]{1,18}")


def cursor_text(epoch: str, version: int, head: store.Head, horizon: int) -> str:
    """The cursor for `version`; below the head's horizon it carries the horizon the full
    read began at (see the module's docstring)."""
    if version < head.purged_below:
        return f"{epoch}.{version}.{horizon}"
    return f"{epoch}.{version}"


def position(cursor: str | None, epoch: str, head: store.Head) -> tuple[int, bool, int]:
    """(version to read after, whether the client must reset, the horizon its full read
    began at) for a client's cursor."""
    fresh = 0, cursor is not None, head.purged_below
    if cursor is None:
        return fresh
    mark, *numbers = cursor.split(".")
    if mark != epoch or not 1 <= len(numbers) <= 2 or not all(map(_NUMBER.fullmatch, numbers)):
        return fresh
    after, *rest = (int(n) for n in numbers)
    if after > head.version:
        return fresh
    if rest:
        began = rest[0]
        return (after, False, began) if head.purged_below <= began else fresh
    if 0 < after < head.purged_below:
        return fresh
    return after, False, head.purged_below


async def pull(
    principal: Principal, request: PullRequest, schema: int, now: datetime
) -> PullResponse:
    visible = await scopes.visible(principal)
    if principal.organisation_id is not None:
        await library_scope.refresh(principal.organisation_id, now)
    conn = store.default()
    heads = await store.heads(conn, visible)
    epoch = await store.epoch(conn)
    budget = request.limit
    answers: list[ScopeChanges] = []
    for scope in sorted(visible):
        known = scope in request.scopes
        after, reset, horizon = position(request.scopes.get(scope), epoch, heads[scope])
        head = heads[scope].version
        if after >= head:
            answers.append(ScopeChanges(scope, cursor_text(epoch, after, heads[scope], horizon),
                                        [], False, reset, not known))
            continue
        if budget <= 0:
            answers.append(ScopeChanges(scope, cursor_text(epoch, after, heads[scope], horizon),
                                        [], True, reset, not known))
            continue
        records, last, more = await store.changes(conn, scope, after, budget, after > 0)
        budget -= len(records)
        reached = last if more else max(head, last or after)
        if schema < SCHEMA_VERSION:
            records = [_for_schema(r, schema) for r in records]
        cursor = cursor_text(epoch, reached or after, heads[scope], horizon)
        answers.append(ScopeChanges(scope, cursor, records, more, reset, not known))
    revoked = sorted(s for s in request.scopes if s not in visible)
    return PullResponse(
        scopes=answers, revoked=revoked, more=any(a.more for a in answers),
        server_time=now.isoformat(),
    )


def _for_schema(record: RecordOut, schema: int) -> RecordOut:
    """Leave out the fields a client on an older schema does not know."""
    kind = REGISTRY.get(record.entity)
    if kind is None or not isinstance(record.fields, msgspec.Raw):
        return record
    known = fields_for_schema(kind, schema)
    assert isinstance(record.versions, msgspec.Raw)
    fields = {k: v for k, v in _fields(record.fields).items() if k in known}
    versions = {k: v for k, v in _fields(record.versions).items() if k in known}
    return msgspec.structs.replace(record, fields=fields, versions=versions)
