// The outbox's pure rules: numbering, edits with their base versions, acknowledgements.
import assert from "node:assert/strict";
import { test } from "node:test";

import { acknowledge, diffFields, emptyOutbox, nextBatch, number, pendingFor, renumber } from "../js/lib/outbox.js";

const SETS = ["criteria", "attachments"];

/** An outbox holding mutations numbered `from`..`to` for record e1. */
function queued(from, to, acked = from - 1) {
  const outbox = [];
  for (let n = from; n <= to; n += 1) outbox.push({ op: "update", n, scope: "portfolio:7", entity: "evidence", id: "e1" });
  return { ...emptyOutbox("dev-a"), next_n: to + 1, acked, outbox };
}

test("mutations are numbered 1, 2, 3 on a new device", () => {
  let counter = emptyOutbox("dev-a");
  const numbers = [];
  for (let i = 0; i < 3; i += 1) {
    const { mutation, next_n } = number(counter, { op: "create", id: `e${i}` });
    numbers.push(mutation.n);
    counter = { ...counter, next_n };
  }
  assert.deepEqual(numbers, [1, 2, 3]);
});

test("an edit sends only the changed fields, each with the version held when the edit began", () => {
  const diff = diffFields(
    { title: "Hoist", description: "old", criteria: ["A/1/P1", "A/1/P2"] },
    { title: "Hoist", description: "new words", criteria: ["A/1/P2", "A/1/K3"] },
    { title: 3, description: 5, criteria: 5 },
    SETS,
  );
  assert.deepEqual(diff, {
    set: { description: "new words" }, base: { description: 5 },
    add: { criteria: ["A/1/K3"] }, remove: { criteria: ["A/1/P1"] },
  });
});

test("a field the device never pulled is based on version 0", () => {
  const diff = diffFields({}, { title: "first" }, {}, SETS);
  assert.deepEqual(diff?.base, { title: 0 });
});

test("an edit that changes nothing yields no mutation", () => {
  assert.equal(diffFields({ title: "a", criteria: ["X/1/P1"] }, { title: "a", criteria: ["X/1/P1"] }, {}, SETS), null);
});

test("a struct edited to an equal value in another key order is no change", () => {
  const before = { reflection: { model: "kolb", stages: { a: "1", b: "2" } } };
  const after = { reflection: { stages: { b: "2", a: "1" }, model: "kolb" } };
  assert.equal(diffFields(before, after, {}, SETS), null);
});

test("an answer acknowledges every mutation up to last_applied and keeps them as sent", () => {
  const { state, done, progressed } = acknowledge(queued(1, 4), {
    last_applied: 3, results: [1, 2, 3].map((n) => ({ n, result: "applied" })),
  });
  assert.deepEqual(done.map((m) => m.n), [1, 2, 3]);
  assert.deepEqual(state.outbox.map((m) => m.n), [4]);
  assert.deepEqual(state.sent.map((m) => m.n), [1, 2, 3]);
  assert.equal(state.acked, 3);
  assert.equal(progressed, true);
});

test("a retried push answered already_applied still empties the outbox", () => {
  const { state } = acknowledge(queued(1, 2), {
    last_applied: 2, results: [{ n: 1, result: "already_applied" }, { n: 2, result: "already_applied" }],
  });
  assert.deepEqual(state.outbox, []);
});

test("rejected and conflicting mutations leave the outbox: their content comes back as records", () => {
  const { state } = acknowledge(queued(1, 2), {
    last_applied: 2, results: [{ n: 1, result: "rejected", code: "locked" }, { n: 2, result: "conflict" }],
  });
  assert.deepEqual(state.outbox, []);
});

test("a gap keeps the unprocessed mutations queued and stops the push loop", () => {
  const { state, progressed } = acknowledge(queued(5, 6, 4), {
    last_applied: 3, results: [{ n: 5, result: "gap", code: "gap" }],
  });
  assert.deepEqual(state.outbox.map((m) => m.n), [5, 6]);
  assert.equal(progressed, false);
});

test("a server restored from an older backup gets the lost mutations queued again, in order", () => {
  const sent = acknowledge(queued(1, 5), { last_applied: 4, results: [] }).state;
  const { state, requeued, progressed } = acknowledge(sent, { last_applied: 2, results: [] });
  assert.deepEqual(requeued.map((m) => m.n), [3, 4]);
  assert.deepEqual(state.outbox.map((m) => m.n), [3, 4, 5]);
  assert.equal(state.acked, 2);
  assert.equal(progressed, true);
});

test("a new session renumbers the queued mutations for its device and keeps their order", () => {
  const old = queued(7, 9, 6);
  old.outbox[0].id = "first";
  const fresh = renumber(old, "dev-b");
  assert.equal(fresh.device_id, "dev-b");
  assert.deepEqual(fresh.outbox.map((m) => m.n), [1, 2, 3]);
  assert.equal(fresh.outbox[0].id, "first");
  assert.equal(fresh.next_n, 4);
});

test("a push sends at most 500 mutations at a time", () => {
  assert.equal(nextBatch(queued(1, 1200)).length, 500);
});

test("the pending mutations of a record are found by scope and id", () => {
  const box = queued(1, 2).outbox;
  box.push({ op: "update", n: 3, scope: "portfolio:7", entity: "evidence", id: "other" });
  assert.deepEqual(pendingFor(box, "portfolio:7", "e1").map((m) => m.n), [1, 2]);
});
