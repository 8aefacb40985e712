"""One pull: changes per scope since the client's cursors, within the client's rights.

A cursor is `<epoch>.<version>`: the database epoch (renewed when a backup is restored)
and the last scope version the client holds completely. The server answers a cursor it
cannot honour (another epoch, a version beyond the scope's head, or below the horizon of
purged tombstones) with `reset: true` and the scope's full state.
"""

from __future__ import annotations

from datetime import datetime

import msgspec

from server.access import Principal
from sync import library_scope, scopes, store
from sync.entities import REGISTRY, fields_for_schema
from sync.messages import SCHEMA_VERSION, PullRequest, PullResponse, RecordOut, ScopeChanges

_fields = msgspec.json.Decoder(dict[str, object]).decode


def cursor_text(epoch: str, version: int) -> str:
    return f"{epoch}.{version}"


def position(cursor: str | None, epoch: str, head: store.Head) -> tuple[int, bool]:
    """(version to read after, whether the client must reset) for a client's cursor."""
    if cursor is None:
        return 0, False
    mark, _, number = cursor.partition(".")
    if mark != epoch or not number.isdigit():
        return 0, True
    after = int(number)
    if after > head.version or after < head.purged_below:
        return 0, True
    return after, False


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
        after, reset = position(request.scopes.get(scope), epoch, heads[scope])
        head = heads[scope].version
        if after >= head:
            answers.append(ScopeChanges(scope, cursor_text(epoch, after), [], False, reset,
                                        not known))
            continue
        if budget <= 0:
            answers.append(ScopeChanges(scope, cursor_text(epoch, after), [], True, reset,
                                        not known))
            continue
        records, last, more = await store.changes(conn, scope, after, budget, after > 0)
        budget -= len(records)
        reached = last if more else max(head, last or after)
        if schema < SCHEMA_VERSION:
            records = [_for_schema(r, schema) for r in records]
        answers.append(ScopeChanges(scope, cursor_text(epoch, reached or after), records, more,
                                    reset, not known))
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
