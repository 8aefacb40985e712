// The assessor's queue, computed on the device from synced portfolios.
import assert from "node:assert/strict";
import { test } from "node:test";

import { standardsOf, waitedWords, waitingQueue, workersOf } from "../js/lib/queue.js";

const HOUR = 3_600_000;
const NOW = Date.parse("2026-03-10T12:00:00Z");
const item = (id, status, criteria, seenAt = null) => ({ id, fields: { status, criteria, title: id }, seenAt });
const portfolios = [
  { workerId: 7, workerName: "Wren", items: [item("a", "submitted", ["SCDHSC0389/1/P1"], NOW - 5 * HOUR), item("b", "draft", []), item("c", "accepted", [])] },
  { workerId: 8, workerName: "Kit", items: [item("d", "submitted", ["SCDHSC3110/1/K2", "SCDHSC0389/1/P2"], NOW - 2 * HOUR)] },
];

test("only submitted evidence waits, oldest first, with how long it has waited", () => {
  const q = waitingQueue(portfolios, { now: NOW });
  assert.deepEqual(q.map((e) => [e.id, e.workerName, e.waitedMs / HOUR, e.exact]), [["a", "Wren", 5, false], ["d", "Kit", 2, false]]);
});

test("the server's submission time beats the time this device first saw the item", () => {
  const q = waitingQueue(portfolios, { now: NOW, submittedAt: { d: "2026-03-08T12:00:00Z" } });
  assert.deepEqual(q.map((e) => [e.id, e.exact, e.waitedMs / HOUR]), [["d", true, 48], ["a", false, 5]]);
});

test("the record's own submitted_at (server clock, synced with it) is exact, offline too", () => {
  const stamped = { ...item("e", "submitted", [], NOW - HOUR), fields: { status: "submitted", criteria: [], submitted_at: "2026-03-07T12:00:00Z" } };
  const q = waitingQueue([{ workerId: 9, workerName: "Ash", items: [stamped] }], { now: NOW, submittedAt: { e: "2026-03-09T12:00:00Z" } });
  assert.deepEqual(q.map((e) => [e.id, e.exact, e.waitedMs / HOUR]), [["e", true, 72]]);
});

test("filters keep one worker or the items linked to one standard", () => {
  assert.deepEqual(waitingQueue(portfolios, { now: NOW, worker: 8 }).map((e) => e.id), ["d"]);
  assert.deepEqual(waitingQueue(portfolios, { now: NOW, standard: "SCDHSC3110" }).map((e) => e.id), ["d"]);
  assert.deepEqual(waitingQueue(portfolios, { now: NOW, standard: "SCDHSC0389" }).map((e) => e.id), ["a", "d"]);
});

test("an item queued on this device and never pulled waits from now", () => {
  const q = waitingQueue([{ workerId: 7, workerName: "Wren", items: [item("x", "submitted", [])] }], { now: NOW });
  assert.equal(q[0].waitedMs, 0);
});

test("standard codes come from criterion keys, once each, sorted", () => {
  assert.deepEqual(standardsOf(["B/1/P1", "A/1/K1", "B/1/P2"]), ["A", "B"]);
});

test("waiting times read as hours, then days", () => {
  assert.equal(waitedWords(10 * 60_000), "under an hour");
  assert.equal(waitedWords(HOUR), "1 hour");
  assert.equal(waitedWords(47 * HOUR), "47 hours");
  assert.equal(waitedWords(72 * HOUR), "3 days");
});

test("the team is the portfolios held on the device, named from the enrolments, without my own", () => {
  const enrolments = [
    { id: 1, worker_id: 7, worker_name: "Wren", assessor_id: 9, standard_code: "A1", start_date: "2026-01-01", review_rule: "weeks_12", review_interval_days: null },
    { id: 2, worker_id: 8, worker_name: "Abi", assessor_id: 9, standard_code: "A1", start_date: "2026-01-01", review_rule: "weeks_12", review_interval_days: null },
  ];
  const team = workersOf(["library:1", "portfolio:9", "portfolio:7", "portfolio:12", "user:9"], enrolments, 9);
  assert.deepEqual(team.map((w) => [w.workerId, w.name, w.enrolments.length]), [[12, "Worker 12", 0], [7, "Wren", 1]]);
});
