"""Wire messages of the sync protocol (docs/sync-protocol.md), as msgspec Structs.

Every request body is decoded once into one of these types; mutations are a tagged union
on the field "op" and are dispatched with `match`. A field added later always gets a
default, so a client that does not know it keeps working.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta, Struct

PROTOCOL_VERSION = 1
MIN_PROTOCOL_VERSION = 1
SCHEMA_VERSION = 3
MIN_SCHEMA_VERSION = 1

MAX_MUTATIONS_PER_PUSH = 500
MAX_PULL_LIMIT = 5000
DEFAULT_PULL_LIMIT = 1000

Id = Annotated[str, Meta(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
ScopeName = Annotated[str, Meta(min_length=3, max_length=80, pattern=r"^[a-z]+:[A-Za-z0-9_-]+$")]
EntityName = Annotated[str, Meta(min_length=1, max_length=40, pattern=r"^[a-z_]+$")]
FieldName = Annotated[str, Meta(min_length=1, max_length=40, pattern=r"^[a-z_]+$")]
Counter = Annotated[int, Meta(ge=1)]
Version = Annotated[int, Meta(ge=0)]

Result = Literal["applied", "already_applied", "conflict", "rejected", "gap"]


class Create(Struct, tag="create", tag_field="op", forbid_unknown_fields=True):
    """Create a record with a client-chosen id (a UUID)."""

    n: Counter
    scope: ScopeName
    entity: EntityName
    id: Id
    fields: dict[FieldName, Any] = {}


class Update(Struct, tag="update", tag_field="op", forbid_unknown_fields=True):
    """Change fields. `base` holds, per field in `set`, the field version it was based on."""

    n: Counter
    scope: ScopeName
    entity: EntityName
    id: Id
    set: dict[FieldName, Any] = {}
    base: dict[FieldName, Version] = {}
    add: dict[FieldName, list[str]] = {}
    remove: dict[FieldName, list[str]] = {}


class Delete(Struct, tag="delete", tag_field="op", forbid_unknown_fields=True):
    """Delete a record as it was at record version `base_version`."""

    n: Counter
    scope: ScopeName
    entity: EntityName
    id: Id
    base_version: Version = 0


class Transition(Struct, tag="transition", tag_field="op", forbid_unknown_fields=True):
    """Move a workflow field (e.g. status) to a new state, optionally with a reason."""

    n: Counter
    scope: ScopeName
    entity: EntityName
    id: Id
    to: Annotated[str, Meta(min_length=1, max_length=40)]
    field: FieldName = "status"
    reason: Annotated[str, Meta(max_length=4000)] | None = None


Mutation = Create | Update | Delete | Transition


class PushRequest(Struct, forbid_unknown_fields=True):
    device_id: Id
    mutations: list[Mutation]
    client_time: Annotated[str, Meta(max_length=40)] | None = None


class Conflict(Struct, omit_defaults=True):
    """A value that lost: `kept` is what the record holds now, `lost` what was pushed."""

    field: str
    reason: str
    lost: Any = None
    kept: Any = None


class MutationResult(Struct, omit_defaults=True):
    n: int
    result: Result
    code: str | None = None
    message: str | None = None
    scope: str | None = None
    version: int | None = None
    conflicts: list[Conflict] = []


class PushResponse(Struct):
    last_applied: int
    results: list[MutationResult]
    protocol: int = PROTOCOL_VERSION
    schema: int = SCHEMA_VERSION
    server_time: str = ""


class PullRequest(Struct, forbid_unknown_fields=True):
    scopes: dict[ScopeName, str | None] = {}
    limit: Annotated[int, Meta(ge=1, le=MAX_PULL_LIMIT)] = DEFAULT_PULL_LIMIT


class RecordOut(Struct, omit_defaults=True):
    entity: str
    id: str
    version: int
    deleted: bool = False
    created_by: int | None = None
    fields: dict[str, Any] | msgspec.Raw | None = None
    versions: dict[str, int] | msgspec.Raw | None = None


class ScopeChanges(Struct):
    scope: str
    cursor: str
    records: list[RecordOut]
    more: bool = False
    reset: bool = False
    granted: bool = False


class PullResponse(Struct):
    scopes: list[ScopeChanges]
    revoked: list[str] = []
    more: bool = False
    protocol: int = PROTOCOL_VERSION
    schema: int = SCHEMA_VERSION
    server_time: str = ""


class ChangeEvent(Struct):
    scope: str
    version: int
