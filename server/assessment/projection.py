"""Keep the assessment read models in step with pushed records, in the push's transaction,
and write the audit trail of assessment decisions, locks and unlocks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any

import msgspec
from tortoise.fields import BooleanField, CharField, IntField, JSONField, TextField
from tortoise.models import Model

from base import sql
from base.principal import Principal
from server.assessment.models import DecisionIndex, EvidenceIndex
from server.audit import log as audit
from sync.merge import RecordState

_encode = msgspec.json.Encoder().encode


def worker_of(scope: str) -> int | None:
    kind, _, key = scope.partition(":")
    return int(key) if kind == "portfolio" and key.isdigit() else None


async def _organisations(principal: Principal, workers: set[int]) -> dict[int, int]:
    """Each worker's organisation (a worker pushing to their own portfolio: their own)."""
    if workers == {principal.user_id} and principal.organisation_id is not None:
        return {principal.user_id: principal.organisation_id}
    ordered = sorted(workers)
    rows = await sql.query(sql.default(), "SELECT user_id, organisation_id FROM membership "
                           f"WHERE user_id IN ({sql.marks(ordered)}) ORDER BY id", ordered)
    found: dict[int, int] = {}
    for row in rows:  # a worker's first organisation, as for their own requests
        found.setdefault(int(row["user_id"]), int(row["organisation_id"]))
    return found


def _evidence_columns(state: RecordState) -> dict[str, Any]:
    fields = state.fields
    return {
        "author_id": state.created_by, "kind": str(fields.get("kind", "")),
        "title": str(fields.get("title") or "")[:200], "status": str(fields.get("status", "draft")),
        "criteria": list(fields.get("criteria") or []), "deleted": state.deleted,
    }


async def _existing_statuses(states: list[RecordState]) -> dict[tuple[str, str], str]:
    """The status each item had in the read model; absent when it has no row yet."""
    if not states:
        return {}
    scopes = sorted({s.scope for s in states})
    rids = sorted({s.id for s in states})
    query = (  # the (scope, rid) unique index answers this
        f"SELECT scope, rid, status FROM {EvidenceIndex._meta.db_table} "
        f"WHERE scope IN ({sql.marks(scopes)}) AND rid IN ({sql.marks(rids)})"
    )
    rows = await sql.query(sql.default(), query, [*scopes, *rids])
    return {(r["scope"], r["rid"]): str(r["status"]) for r in rows}


async def _evidence(principal: Principal, states: list[tuple[RecordState, int]],
                    orgs: dict[int, int], now: datetime) -> None:
    """Insert new rows in one statement, update changed ones in one, audit locks/unlocks."""
    existing = await _existing_statuses([s for s, _ in states])
    created: list[dict[str, Any]] = []
    updated: list[dict[str, Any]] = []
    for state, worker in states:
        columns = _evidence_columns(state)
        key = (state.scope, state.id)
        before = existing.get(key)
        status = columns["status"]
        moved = status != before
        if key not in existing:
            created.append(dict(
                scope=state.scope, rid=state.id, worker_id=worker, organisation_id=orgs.get(worker),
                submitted_at=now if status == "submitted" else None, status_changed_at=now,
                updated_at=now, **columns,
            ))
        else:  # None below keeps the row's value
            updated.append(dict(
                **columns, submitted_at=now if moved and status == "submitted" else None,
                status_changed_at=now if moved else None, updated_at=now,
                scope=state.scope, rid=state.id,
            ))
        if moved and "accepted" in (status, before):  # only locks and unlocks are audited
            await _audit_status(principal, state, worker, orgs.get(worker), before, status, now)
    await _insert(EvidenceIndex, created)
    await _update_evidence(updated)


KEPT_WHEN_NONE = ("submitted_at", "status_changed_at")


async def _update_evidence(rows: list[dict[str, Any]]) -> None:
    """Rows keyed by (scope, rid) in one statement; a None in KEPT_WHEN_NONE keeps the value."""
    if not rows:
        return
    columns = [c for c in rows[0] if c not in ("scope", "rid")]
    assignments = ", ".join(f"{c} = COALESCE(?, {c})" if c in KEPT_WHEN_NONE else f"{c} = ?"
                            for c in columns)
    model = EvidenceIndex
    convert = _converters(model, [*columns, "scope", "rid"])
    values = [[convert[c](row[c]) for c in [*columns, "scope", "rid"]] for row in rows]
    await sql.execute_many(
        sql.default(),
        f"UPDATE {model._meta.db_table} SET {assignments} WHERE scope = ? AND rid = ?", values)


async def _insert(model: type[Model], rows: list[dict[str, Any]]) -> None:
    """Many rows in one statement, each value as the ORM would store it (hot path: every push
    runs this, and building model instances cost a third of a push)."""
    if not rows:
        return
    columns = list(rows[0])
    convert = _converters(model, columns)
    values = [[convert[c](row[c]) for c in columns] for row in rows]
    table = model._meta.db_table
    await sql.execute_many(
        sql.default(), f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({sql.marks(columns)})",
        values)


def _converters(model: type[Model], columns: list[str]) -> dict[str, Any]:
    return _converters_of(model, tuple(columns))


@cache
def _converters_of(model: type[Model], columns: tuple[str, ...]) -> dict[str, Any]:
    fields = model._meta.fields_map
    return {c: _converter(fields[c], model) for c in columns}


def _same(value: Any) -> Any:
    return value


def _json(value: Any) -> str:
    return _encode(value).decode()


def _converter(field: Any, model: type[Model]) -> Any:
    if isinstance(field, JSONField):
        return _json
    if isinstance(field, CharField | TextField | IntField | BooleanField):
        return _same
    last: list[Any] = [None, None]  # a push converts the same `now` on every row: once

    def convert(value: Any) -> Any:
        if value is None:
            return None
        if value is not last[0]:
            last[:] = [value, field.to_db_value(value, model)]
        return last[1]

    return convert


async def _audit_status(principal: Principal, state: RecordState, worker: int,
                        org: int | None, before: str | None, status: str,
                        now: datetime) -> None:
    if status == "accepted":
        await audit.record("evidence.locked", organisation_id=org, actor_id=principal.user_id,
                           subject_type="evidence", subject_id=state.id, now=now, worker_id=worker)
    elif before == "accepted":
        await audit.record("evidence.unlocked", organisation_id=org, actor_id=principal.user_id,
                           subject_type="evidence", subject_id=state.id, now=now, worker_id=worker,
                           reason=str(state.fields.get("status_reason") or ""), status=status)


async def _decisions(principal: Principal, states: list[tuple[RecordState, int]],
                     orgs: dict[int, int], now: datetime) -> None:
    """Decisions are write-once: index each the first time it is seen, and audit it."""
    live = [(s, w) for s, w in states if not s.deleted]
    if not live:
        return
    seen = set(await DecisionIndex.filter(
        scope__in=sorted({s.scope for s, _ in live}), rid__in=[s.id for s, _ in live]
    ).values_list("scope", "rid"))
    fresh = [(s, w) for s, w in live if (s.scope, s.id) not in seen]
    rows = []
    for state, worker in fresh:
        fields = state.fields
        judgements = dict(fields.get("judgements") or {})
        rows.append(DecisionIndex(
            scope=state.scope, rid=state.id, worker_id=worker, organisation_id=orgs.get(worker),
            assessor_id=state.created_by, evidence_id=str(fields.get("evidence_id", "")),
            outcome=str(fields.get("outcome", "")), judgements=judgements,
            feedback=str(fields.get("feedback") or ""), decided_at=now,
        ))
        await audit.record(
            "assessment.decision", organisation_id=orgs.get(worker), actor_id=principal.user_id,
            subject_type="evidence", subject_id=fields.get("evidence_id", ""), now=now,
            decision_id=state.id, outcome=fields.get("outcome"), worker_id=worker,
            judgements=judgements,
        )
    if rows:
        await DecisionIndex.bulk_create(rows)


async def project(principal: Principal, states: Sequence[RecordState], now: datetime) -> None:
    evidence: list[tuple[RecordState, int]] = []
    decisions: list[tuple[RecordState, int]] = []
    for state in states:
        worker = worker_of(state.scope)
        if worker is None:
            continue
        if state.entity == "evidence":
            evidence.append((state, worker))
        elif state.entity == "decision":
            decisions.append((state, worker))
    if not evidence and not decisions:
        return
    orgs = await _organisations(principal, {w for _, w in [*evidence, *decisions]})
    # a decision comes before the lock or referral it causes, in the audit trail too
    await _decisions(principal, decisions, orgs, now)
    await _evidence(principal, evidence, orgs, now)
