"""The merge rules of the sync engine: one mutation against one record, decided purely.

Values in, decisions out: `apply(record, mutation, actor, version, now)` returns an
`Outcome` (the result code, the record's new state, the values that lost). No database,
no HTTP, no clock: the caller passes the version the server assigned and the time.

The rules, in the order they are checked:

1. The entity kind must be registered (sync/entities.py) and live in the kind of scope the
   mutation names (`evidence` in `portfolio:*`, ...). Otherwise: rejected, `unknown_entity`
   or `wrong_scope`.
2. Every record has a *record version* (the server version of its last change) and, per
   field, a *field version*: the server version of the field's last write and the device
   that wrote it. Server versions order everything; phone clocks order nothing.
3. **create** makes a record with the client's id. An id already in use (even by a deleted
   record) is rejected `already_exists`. Only the kind's creators may create; every
   required field must be given; workflow fields start in their default state; server
   fields cannot be given. The creator becomes the record's author.
4. **update** sets scalar fields and adds/removes members of set fields. All values are
   checked first: one bad field rejects the whole mutation (`invalid_field`, `forbidden`),
   nothing is half-applied. A record in a locked state (evidence `accepted`) rejects every
   update with `locked`; the server keeps the rejected mutation for its author.
   For each scalar field:
   - equal to the current value: nothing to do;
   - the field was not written since the version the mutation was based on (`base`), or
     it was last written by the same device (its own earlier edit): the new value is
     written;
   - otherwise the edits were concurrent and **the value already on the server wins**
     (first committed wins, deterministically). The pushed value is not lost: it is
     returned as a `Conflict` (`concurrent_edit`), which the server keeps for its author.
   Set fields never conflict: removes, then adds, are applied to the current members.
   An update to a deleted record restores the record with the edit applied (the edit
   beats the delete): `applied` with code `restored_after_delete` (nothing was lost, so
   it is no conflict; a value that lost too makes it a `conflict` as above).
   A client on an older schema (`Actor.schema`) may not give or change a field its schema
   does not know (`since` later than its schema): `invalid_field`, kept for its author.
5. **delete** of a record with a field written after `base_version` by another device is
   refused in favour of the edit: the record stays, the result is a conflict
   `edit_kept` (the `Conflict` has `lost: "delete"` and `kept`: the names of the fields
   written since). Otherwise the record becomes a tombstone (its fields are kept, so a later
   concurrent edit can restore it). Deleting a tombstone again changes nothing. Locked
   records cannot be deleted (`locked`); only the kind's deleters may delete.
6. **transition** moves a workflow field from its *current* state (not the base) to the
   target along a rule of the kind whose `by` includes one of the actor's relations;
   a rule that needs a reason needs a non-empty one. Already in the target state: applied,
   nothing changes. Transitions are the only way out of a locked state. The kind's fields
   `<field>_reason` and `<target>_at` (server fields, e.g. `submitted_at`) get the reason
   and the server's time of the transition.
7. A kind with `flags_future` gets the server field `occurred_in_future`, true when the
   phone-time field lies after the server's `now` (with 14 hours' grace, the widest time-zone
   offset, when only a date or no offset is given; 5 minutes when the time has an offset:
   FUTURE_GRACE_LOCAL, FUTURE_GRACE_EXACT). A time in the future is data, never a rejection.
8. A mutation that changes nothing is `applied` with no new record state, so it moves no
   version and converges.
9. Every `conflict` outcome carries `code` (the reason of its first `Conflict`:
   `concurrent_edit` or `edit_kept`) and a message, and one `Conflict` per lost value.
10. Assessment decisions keep the rules of sync/decisions.py: a decision is checked against
    the evidence it judges, evidence moves to `accepted` only through its latest decision
    (the caller passes that other record as `related`), and a review closes as signed
    only on signatures still bound to its text.
11. A held review closes by itself (`status` becomes `signed`) as soon as an edit leaves it
    signed by both the worker and the assessor on its text as it stands, whoever signed
    last: the worker's signature no longer waits for the assessor's device to close it.
12. A comment is about a live evidence record of its own scope and says something
    (sync/comments.py; the evidence is passed as `related`, as for a decision).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from msgspec import Struct

from sync import comments, decisions
from sync.entities import (
    REGISTRY,
    EntityKind,
    FieldError,
    FieldKind,
    FieldSpec,
    check_value,
    created_values,
)
from sync.messages import SCHEMA_VERSION, Conflict, Create, Delete, Mutation, Transition, Update

FUTURE_GRACE_EXACT = timedelta(minutes=5)
FUTURE_GRACE_LOCAL = timedelta(hours=14)


class FieldVersion(Struct, array_like=True, frozen=True):
    version: int
    device: str


class RecordState(Struct, kw_only=True):
    entity: str
    id: str
    scope: str
    created_by: int
    fields: dict[str, Any]
    versions: dict[str, FieldVersion]
    version: int
    deleted: bool = False


class Actor(Struct, frozen=True):
    user_id: int
    device_id: str
    relations: frozenset[str]
    schema: int = SCHEMA_VERSION  # the entity schema version the actor's client speaks


class Outcome(Struct):
    result: Literal["applied", "conflict", "rejected"]
    code: str | None = None
    message: str | None = None
    record: RecordState | None = None
    conflicts: list[Conflict] = []


def reject(code: str, message: str) -> Outcome:
    return Outcome("rejected", code, message)


def apply(
    record: RecordState | None, mutation: Mutation, actor: Actor, version: int, now: datetime,
    related: RecordState | None = None,
) -> Outcome:
    """Decide what `mutation` by `actor` does to `record` (None: no such record). `related`
    is the other record a rule needs (rule 10; `related_key` says which)."""
    outcome = _apply(record, mutation, actor, version, now)
    if outcome.record is None:
        return outcome
    refused = _decision_rules(record, mutation, outcome.record, related)
    return outcome if refused is None else reject(*refused)


def related_key(mutation: Mutation) -> tuple[str, str] | None:
    """(entity, id) of the record rule 10 needs for `mutation`: the evidence a decision
    judges or a comment is about, or the latest decision of evidence moving to accepted (id:
    the evidence's)."""
    match mutation:
        case Create(entity="decision" | "comment"):
            evidence_id = mutation.fields.get("evidence_id")
            return ("evidence", evidence_id) if isinstance(evidence_id, str) else None
        case Transition(entity="evidence", to="accepted"):
            return ("decision", mutation.id)
    return None


def _decision_rules(
    before: RecordState | None, m: Mutation, after: RecordState, related: RecordState | None
) -> tuple[str, str] | None:
    live = related if related is not None and not related.deleted else None
    match m:
        case Create(entity="decision"):
            return decisions.refusal(after.fields, None if live is None else live.fields)
        case Create(entity="comment"):
            return comments.refusal(after.fields, None if live is None else live.fields)
        case Transition(entity="evidence", to="accepted") if before is not None:
            status = before.versions.get("status")
            return decisions.acceptance_refusal(
                before.fields, status.version if status else 0,
                None if live is None else live.fields, 0 if live is None else live.version)
        case Transition(entity="review", to="signed") if before is not None:
            return decisions.closing_refusal(before.fields)
    return None


def _apply(
    record: RecordState | None, mutation: Mutation, actor: Actor, version: int, now: datetime
) -> Outcome:
    kind = REGISTRY.get(mutation.entity)
    if kind is None:
        return reject("unknown_entity", f"No entity kind {mutation.entity!r}.")
    if mutation.scope.split(":", 1)[0] != kind.scope_kind:
        return reject("wrong_scope", f"{kind.name} records live in {kind.scope_kind} scopes.")
    if record is not None and record.entity != kind.name:
        return reject("wrong_entity", f"Record {record.id} is a {record.entity}.")
    try:
        match mutation:
            case Create():
                return _create(kind, record, mutation, actor, version, now)
            case Update():
                return _update(kind, record, mutation, actor, version, now)
            case Delete():
                return _delete(kind, record, mutation, actor, version)
            case Transition():
                return _transition(kind, record, mutation, actor, version, now)
    except FieldError as exc:
        return reject("invalid_field", str(exc))


def relations(record: RecordState | None, actor: Actor) -> frozenset[str]:
    if record is not None and record.created_by == actor.user_id:
        return actor.relations | {"author"}
    return actor.relations


def _create(
    kind: EntityKind, record: RecordState | None, m: Create, actor: Actor, version: int,
    now: datetime,
) -> Outcome:
    if record is not None:
        return reject("already_exists", f"A record with id {m.id} already exists.")
    if not actor.relations & kind.creators:
        return reject("forbidden", f"You may not create {kind.name} records here.")
    checked = created_values(kind, m.fields, actor.schema)
    values: dict[str, Any] = {}
    for spec in kind.fields:
        if checked is not None:  # every given field was checked in one pass
            default = spec.default
            values[spec.name] = checked[spec.name] if spec.name in checked else (
                default.copy() if type(default) in (list, dict) else default)
        elif spec.name in m.fields:
            _known(kind, spec, actor)
            values[spec.name] = _checked_initial(spec, m.fields[spec.name])
        elif spec.required:
            raise FieldError(spec.name, "is required")
        else:
            values[spec.name] = _copy(spec.default)
    if any(name not in kind.by_name for name in m.fields):
        unknown = set(m.fields) - set(kind.by_name)
        raise FieldError(sorted(unknown)[0], f"is not a field of {kind.name}")
    stamp = FieldVersion(version, actor.device_id)
    state = RecordState(
        entity=kind.name, id=m.id, scope=m.scope, created_by=actor.user_id, fields=values,
        versions={name: stamp for name in values}, version=version,
    )
    _derive(kind, state, version, actor.device_id, now)
    return Outcome("applied", record=state)


def _known(kind: EntityKind, spec: FieldSpec, actor: Actor) -> None:
    if spec.since > actor.schema:
        raise FieldError(spec.name, f"is not a field of {kind.name} in schema {actor.schema} "
                         "(update the app to write it)")


def _checked_initial(spec: FieldSpec, value: Any) -> Any:
    if spec.kind is FieldKind.SERVER:
        raise FieldError(spec.name, "is set by the server")
    if spec.kind is FieldKind.WORKFLOW and value != spec.default:
        raise FieldError(spec.name, f"starts as {spec.default!r}; use a transition")
    return check_value(spec, value)


def _update(
    kind: EntityKind, record: RecordState | None, m: Update, actor: Actor, version: int,
    now: datetime,
) -> Outcome:
    if record is None:
        return reject("not_found", f"No record {m.id}.")
    if not record.deleted and _locked(kind, record):
        return reject("locked", "This record is locked (assessed); the edit was kept aside.")
    who = relations(record, actor)
    scalars = {name: _writable(kind, name, FieldKind.SCALAR, actor, who, v)
               for name, v in m.set.items()}
    adds = {name: _members(kind, name, actor, who, v) for name, v in m.add.items()}
    removes = {name: _members(kind, name, actor, who, v) for name, v in m.remove.items()}
    fields = dict(record.fields)
    versions = dict(record.versions)
    stamp = FieldVersion(version, actor.device_id)
    conflicts: list[Conflict] = []
    for name, value in scalars.items():
        current = fields.get(name)
        if value == current:
            continue
        last = versions.get(name)
        if last is None or last.version <= m.base.get(name, 0) or last.device == actor.device_id:
            fields[name], versions[name] = value, stamp
        else:
            conflicts.append(Conflict(name, "concurrent_edit", lost=value, kept=current))
    for name in set(adds) | set(removes):
        members = set(fields.get(name) or []) - set(removes.get(name, []))
        merged = sorted(members | set(adds.get(name, [])))
        if merged != fields.get(name):
            fields[name], versions[name] = merged, stamp
    if not record.deleted and fields == record.fields:
        return _edited(conflicts, None)
    state = RecordState(
        entity=record.entity, id=record.id, scope=record.scope, created_by=record.created_by,
        fields=fields, versions=versions, version=version,
    )
    _derive(kind, state, version, actor.device_id, now)
    return _edited(conflicts, state, restored=record.deleted)


def _edited(
    conflicts: list[Conflict], state: RecordState | None, restored: bool = False
) -> Outcome:
    if conflicts:
        message = "Changed elsewhere at the same time; the other value was kept, yours aside."
        return Outcome("conflict", "concurrent_edit", message, state, conflicts)
    if restored:
        return Outcome("applied", "restored_after_delete",
                       "The record had been deleted elsewhere; this edit restored it.", state)
    return Outcome("applied", record=state)


def _writable(
    kind: EntityKind, name: str, want: FieldKind, actor: Actor, who: frozenset[str], v: Any
) -> Any:
    spec = kind.by_name.get(name)
    if spec is None:
        raise FieldError(name, f"is not a field of {kind.name}")
    _known(kind, spec, actor)
    if spec.kind is not want:
        raise FieldError(name, f"is a {spec.kind.value} field")
    if not spec.writers & who:
        raise FieldError(name, "you may not change this field")
    return check_value(spec, v)


def _members(
    kind: EntityKind, name: str, actor: Actor, who: frozenset[str], values: list[str]
) -> list[str]:
    checked = _writable(kind, name, FieldKind.SET, actor, who, values)
    assert isinstance(checked, list)
    return checked


def _delete(
    kind: EntityKind, record: RecordState | None, m: Delete, actor: Actor, version: int
) -> Outcome:
    if record is None:
        return reject("not_found", f"No record {m.id}.")
    if record.deleted:
        return Outcome("applied")
    if _locked(kind, record):
        return reject("locked", "This record is locked (assessed) and cannot be deleted.")
    if not relations(record, actor) & kind.deleters:
        return reject("forbidden", f"You may not delete this {kind.name}.")
    edited = sorted(
        name for name, fv in record.versions.items()
        if fv.version > m.base_version and fv.device != actor.device_id
    )
    if edited:
        note = Conflict("*", "edit_kept", lost="delete", kept=edited)
        return Outcome("conflict", "edit_kept", "Edited elsewhere; not deleted.", None, [note])
    state = RecordState(
        entity=record.entity, id=record.id, scope=record.scope, created_by=record.created_by,
        fields=record.fields, versions=record.versions, version=version, deleted=True,
    )
    return Outcome("applied", record=state)


def _transition(
    kind: EntityKind, record: RecordState | None, m: Transition, actor: Actor, version: int,
    now: datetime,
) -> Outcome:
    if record is None or record.deleted:
        return reject("not_found", f"No record {m.id}.")
    spec = kind.by_name.get(m.field)
    if spec is None or spec.kind is not FieldKind.WORKFLOW:
        raise FieldError(m.field, "is not a workflow field")
    current = record.fields.get(m.field)
    if current == m.to:
        return Outcome("applied")
    rules = [r for r in kind.transitions if r.source == current and r.target == m.to]
    if not rules:
        return reject("invalid_transition", f"{m.field} cannot go from {current} to {m.to}.")
    allowed = [r for r in rules if r.by & relations(record, actor)]
    if not allowed:
        return reject("forbidden", f"You may not move {m.field} from {current} to {m.to}.")
    if any(r.reason_required for r in allowed) and not (m.reason or "").strip():
        return reject("reason_required", f"Moving {m.field} to {m.to} needs a reason.")
    stamp = FieldVersion(version, actor.device_id)
    fields = {**record.fields, m.field: m.to}
    versions = {**record.versions, m.field: stamp}
    reason_field = f"{m.field}_reason"
    if reason_field in kind.by_name:
        fields[reason_field] = m.reason
        versions[reason_field] = stamp
    if f"{m.to}_at" in kind.by_name:  # e.g. evidence.submitted_at: when, by the server's clock
        fields[f"{m.to}_at"] = server_time(now)
        versions[f"{m.to}_at"] = stamp
    state = RecordState(
        entity=record.entity, id=record.id, scope=record.scope, created_by=record.created_by,
        fields=fields, versions=versions, version=version,
    )
    return Outcome("applied", record=state)


def server_time(now: datetime) -> str:
    """The server's clock as written into records: UTC, whole seconds, `Z`."""
    return now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _locked(kind: EntityKind, record: RecordState) -> bool:
    return any(record.fields.get(s.name) in kind.locked_states for s in kind.workflow_fields())


def _derive(kind: EntityKind, state: RecordState, version: int, device: str, now: datetime) -> None:
    if state.entity == "review" and decisions.closes_itself(state.fields):  # rule 11
        state.fields["status"] = "signed"
        state.versions["status"] = FieldVersion(version, device)
    if kind.flags_future is None:
        return
    flag = in_future(state.fields.get(kind.flags_future), now)
    if state.fields.get("occurred_in_future") != flag:
        state.fields["occurred_in_future"] = flag
        state.versions["occurred_in_future"] = FieldVersion(version, device)


def in_future(phone_time: object, now: datetime) -> bool:
    """True when a phone time (ISO date or date-time) lies after `now` (see rule 7)."""
    if not isinstance(phone_time, str):
        return False
    try:
        moment = datetime.fromisoformat(phone_time.replace(" ", "T"))
    except ValueError:
        return False
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC) > now + FUTURE_GRACE_LOCAL
    return moment > now + FUTURE_GRACE_EXACT


def _copy(value: Any) -> Any:
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value
