"""One push: the orchestration between the merge core, the store and the scopes
(pulls are in sync/pull.py).

Push, in one database transaction:
  1. lock the device's counter row; mutations numbered at or below it are `already_applied`;
  2. the rest must follow on without a gap (a gap stops the batch, nothing after it runs);
     numbers that repeat or go down refuse the whole batch (`mutations_out_of_order`);
  3. lock the head of every scope named, in sorted order, without moving it: writers of one
     scope serialize and commit in version order, so no reader can skip a version;
  4. run the merge core per mutation at the head's next version; keep conflicts and
     rejections as records in the author's `user:` scope; save; move the head of each
     scope something was written to (a scope only rejected into keeps its version); set
     the counter to the last processed number;
  5. commit, then publish the new versions of the scopes written on the live channel, and
     count the rows written towards the next check of the planner's statistics
     (sync/statistics.py).
"""

from __future__ import annotations

import os
import signal
from collections.abc import Sequence
from datetime import datetime

import msgspec
from tortoise.transactions import in_transaction

from base.errors import Invalid, NotAllowed, TooLarge
from base.principal import Principal
from sync import attachments, events, observers, scopes, statistics, store
from sync.merge import Actor, FieldVersion, Outcome, RecordState, apply, reject, related_key
from sync.messages import (
    MAX_MUTATIONS_PER_PUSH,
    SCHEMA_VERSION,
    ChangeEvent,
    MutationResult,
    PushRequest,
    PushResponse,
)
from sync.messages import Mutation as M

TEST_HOOK = "CAREFOLIO_SYNC_TEST_HOOK"


def check_order(mutations: Sequence[M]) -> None:
    """The numbers of a batch must go up strictly; a repeat or a step down refuses it whole
    (which of two mutations numbered 64 is the 64th change is not for the server to guess)."""
    for before, after in zip(mutations, mutations[1:], strict=False):
        if after.n <= before.n:
            raise Invalid("mutations_out_of_order",
                           f"Mutation {after.n} comes after {before.n} in this batch; send "
                           "each number once, in increasing order. Nothing was applied.")


def plan(mutations: Sequence[M], last_applied: int) -> tuple[list[MutationResult], list[M]]:
    """Results known without running anything, and the mutations to run, in order."""
    done: list[MutationResult] = []
    todo: list[M] = []
    expected = last_applied + 1
    for m in mutations:
        if m.n <= last_applied:
            done.append(MutationResult(m.n, "already_applied", scope=m.scope))
        elif m.n == expected:
            todo.append(m)
            expected += 1
        else:
            message = f"Mutation {m.n} does not follow {expected - 1}; send {expected} first."
            done.append(MutationResult(m.n, "gap", "gap", message))
            break
    return done, todo


async def push(
    principal: Principal, request: PushRequest, now: datetime, schema: int = SCHEMA_VERSION
) -> PushResponse:
    if len(request.mutations) > MAX_MUTATIONS_PER_PUSH:
        raise TooLarge("batch_too_large",
                       f"Send at most {MAX_MUTATIONS_PER_PUSH} mutations per push.")
    check_order(request.mutations)
    if request.device_id != principal.device_id:
        raise NotAllowed("device_mismatch", "This device id belongs to another session.")
    wanted = sorted({m.scope for m in request.mutations})
    relations = {scope: await scopes.relations(principal, scope) for scope in wanted}
    changed: dict[str, int] = {}
    written = 0
    async with in_transaction("default") as conn:
        counter = await store.lock_counter(conn, request.device_id, principal.user_id, now)
        if counter.user_id != principal.user_id:
            raise NotAllowed("device_not_yours", "This device is registered to someone else.")
        results, todo = plan(request.mutations, counter.last_applied)
        last = counter.last_applied
        if todo:
            last = todo[-1].n
            batch = _Batch(principal, relations, now, schema)
            results += await batch.run(conn, todo, store.counter_step(conn, request.device_id,
                                                                      last, now))
            changed = batch.versions
            written = len(batch.dirty) + len(batch.notes)
            _test_hook("before_commit", todo)
    _test_hook("after_commit", todo)
    statistics.note(written)
    await events.broker().publish(ChangeEvent(s, v) for s, v in sorted(changed.items()))
    results.sort(key=lambda r: r.n)
    return PushResponse(last_applied=last, results=results, server_time=now.isoformat())


class _Batch:
    """The mutations of one push that run, with the state they share."""

    def __init__(self, principal: Principal, relations: dict[str, frozenset[str]],
                 now: datetime, schema: int) -> None:
        self.principal = principal
        self.relations = relations
        self.now = now
        self.schema = schema
        self.device = principal.device_id
        self.inbox = scopes.inbox(principal.user_id)
        self.versions: dict[str, int] = {}
        self.dirty: dict[tuple[str, str], RecordState] = {}
        self.notes: list[RecordState] = []
        # the latest decision per (scope, evidence id), as this push has seen it
        self.decisions: dict[tuple[str, str], RecordState | None] = {}

    async def run(self, conn: store.Conn, todo: list[M], counter: store.Step
                  ) -> list[MutationResult]:
        """Merge `todo`, then write the records, the heads and `counter` (the device's new
        counter) together: on SQLite two hand-overs to its thread for all of it, before the
        observers (sql.run_steps)."""
        locked = sorted({m.scope for m in todo if self.relations[m.scope]})
        keys = [(m.scope, m.id) for m in todo if self.relations[m.scope]]
        keys += [(m.scope, r[1]) for m in todo if self.relations[m.scope]
                 and (r := related_key(m)) is not None and r[0] == "evidence"]
        heads, records = await store.lock_and_load(conn, locked, keys)
        for scope in locked:
            self.versions[scope] = heads[scope] + 1
        results = []
        for m in todo:
            related = await self._related(conn, records, m)
            outcome = self._decide(records.get((m.scope, m.id)), m, related)
            if outcome.record is not None:
                records[(m.scope, m.id)] = outcome.record
                self.dirty[(m.scope, m.id)] = outcome.record
                if outcome.record.entity == "decision":
                    evidence_id = str(outcome.record.fields.get("evidence_id"))
                    self.decisions[(m.scope, evidence_id)] = outcome.record
            self._keep_aside(m, outcome)
            version = self.versions.get(m.scope) if outcome.record is not None else None
            results.append(MutationResult(m.n, outcome.result, outcome.code, outcome.message,
                                          m.scope, version, outcome.conflicts))
        if self.notes:
            await self._stamp_notes(conn)
        written = {state.scope for state in [*self.dirty.values(), *self.notes]}
        steps = []
        for scope in locked:
            if scope in written:
                steps.append(store.head_step(scope, self.versions[scope]))
            else:
                del self.versions[scope]
        states = [*self.dirty.values(), *self.notes]
        if states:
            steps.append(store.save_step(conn, states, self.now))
        await store.run_steps(conn, [*steps, counter])
        await observers.notify(self.principal, list(self.dirty.values()), self.now)
        await attachments.register(conn, self.principal, self.dirty.values())
        return results

    async def _related(self, conn: store.Conn, records: dict[tuple[str, str], RecordState],
                       m: M) -> RecordState | None:
        """The other record the decision rules need (sync/decisions.py), if any."""
        key = related_key(m) if scopes.canonical(m.scope) and self.relations[m.scope] else None
        if key is None:
            return None
        entity, rid = key
        if entity == "evidence":
            return records.get((m.scope, rid))
        if (m.scope, rid) not in self.decisions:
            self.decisions[(m.scope, rid)] = await store.latest_decision(conn, m.scope, rid)
        return self.decisions[(m.scope, rid)]

    def _decide(self, record: RecordState | None, m: M, related: RecordState | None) -> Outcome:
        if not scopes.canonical(m.scope):
            return reject("invalid_scope", f"{m.scope} is not a scope name; scopes are spelt "
                          "kind:number with no leading zero, e.g. portfolio:7.")
        relations = self.relations[m.scope]
        if not relations:
            return reject("scope_forbidden", f"You have no access to {m.scope}.")
        actor = Actor(self.principal.user_id, self.device, relations, self.schema)
        return apply(record, m, actor, self.versions[m.scope], self.now, related)

    def _keep_aside(self, m: M, outcome: Outcome) -> None:
        """Rejections and lost values become records in the author's inbox scope."""
        if outcome.result != "rejected" and not outcome.conflicts:
            return
        base = {"scope": m.scope, "entity": m.entity, "record_id": m.id,
                "device_id": self.device, "n": m.n, "at": self.now.isoformat()}
        if outcome.result == "rejected":
            fields = {**base, "code": outcome.code, "message": outcome.message,
                      "mutation": msgspec.to_builtins(m), "dismissed": False}
            self.notes.append(self._note("rejection", f"rej-{self.device}-{m.n}", fields))
        for i, c in enumerate(outcome.conflicts):
            fields = {**base, "field": c.field, "reason": c.reason, "lost": c.lost,
                      "kept": c.kept, "dismissed": False}
            self.notes.append(self._note("conflict", f"cf-{self.device}-{m.n}-{i}", fields))

    def _note(self, entity: str, rid: str, fields: dict[str, object]) -> RecordState:
        return RecordState(entity=entity, id=rid, scope=self.inbox, created_by=0,
                           fields=fields, versions={}, version=0)

    async def _stamp_notes(self, conn: store.Conn) -> None:
        # "user:" sorts after every other scope kind, so taking this lock last keeps the
        # global lock order sorted (no deadlocks between concurrent pushes).
        if self.inbox not in self.versions:
            self.versions[self.inbox] = await store.bump_head(conn, self.inbox)
        version = self.versions[self.inbox]
        for note in self.notes:
            note.version = version
            note.versions = {name: FieldVersion(version, "server") for name in note.fields}


def _test_hook(point: str, todo: list[M]) -> None:
    """Tests only: `CAREFOLIO_SYNC_TEST_HOOK=kill_before_commit:7` kills the process with
    SIGKILL when a push runs mutation 7, just before (or after) its commit."""
    hook = os.environ.get(TEST_HOOK)
    if not hook or not todo:
        return
    action, _, number = hook.partition(":")
    if action == f"kill_{point}" and any(str(m.n) == number for m in todo):
        os.kill(os.getpid(), signal.SIGKILL)
