import assert from "node:assert/strict";
import { test } from "node:test";

import { authorWords, itemHistory, planComment, refusal } from "../js/lib/comments.js";

const ev = { kind: "observation", status: "submitted" };

test("a comment is planned as one write-once create in the item's scope, its text trimmed", () => {
  const plan = planComment({ scope: "portfolio:7", evidenceId: "e1", evidence: ev, body: "  Which day?  ", id: "c1", writtenAt: "2026-03-01T10:00:00Z" });
  assert.deepEqual(plan, { mutations: [{ op: "create", scope: "portfolio:7", entity: "comment", id: "c1",
    fields: { evidence_id: "e1", body: "Which day?", written_at: "2026-03-01T10:00:00Z" } }] });
});

test("an empty comment, one too long, or one on an item not on the device is refused with a reason", () => {
  const base = { scope: "portfolio:7", evidenceId: "e1", evidence: ev, id: "c1", writtenAt: "2026-03-01T10:00:00Z" };
  assert.equal(/** @type {any} */ (planComment({ ...base, body: " \n " })).code, "comment_empty");
  assert.equal(/** @type {any} */ (planComment({ ...base, body: "x".repeat(2001) })).code, "too_long");
  assert.equal(/** @type {any} */ (planComment({ ...base, evidence: null, body: "hi" })).code, "comment_item_not_found");
});

test("the rule leaves the item's existence to the server when the caller did not look it up", () => {
  assert.equal(refusal({ body: "hi" }, undefined), null);
  assert.deepEqual(refusal({ body: "" }, undefined)?.[0], "comment_empty");
});

test("the history holds the item's comments and decisions' feedback, oldest first, unsent last", () => {
  const comments = [
    { id: "c2", version: 9, created_by: 2, onServer: true, fields: { evidence_id: "e1", body: "Answer", written_at: "2026-03-02T09:00:00Z" } },
    { id: "c1", version: 5, created_by: 7, onServer: true, fields: { evidence_id: "e1", body: "Question", written_at: "2026-03-01T09:00:00Z" } },
    { id: "c3", version: 1e15 + 4, created_by: null, onServer: false, fields: { evidence_id: "e1", body: "Mine, unsent", written_at: "2026-01-01T09:00:00Z" } },
    { id: "cx", version: 6, created_by: 7, onServer: true, fields: { evidence_id: "other", body: "Elsewhere", written_at: "2026-03-01T09:30:00Z" } },
  ];
  const decisions = [{ id: "d1", version: 7, created_by: 2, onServer: true, fields: { evidence_id: "e1", outcome: "referred", feedback: "Add the date", decided_at: "2026-03-01T12:00:00Z" } }];
  const history = itemHistory("e1", comments, decisions);
  assert.deepEqual(history.map((e) => [e.kind, e.id, e.sent]), [["comment", "c1", true], ["decision", "d1", true], ["comment", "c2", true], ["comment", "c3", false]]);
  assert.equal(history[1].text, "Add the date");
  assert.equal(history[1].outcome, "referred");
});

test("who wrote it reads 'You', the worker's name, or the assessor's name", () => {
  const names = { me: 2, workerId: 7, workerName: "Wren Worker", people: new Map([[3, "Ash Assessor"]]) };
  const entry = (/** @type {number | null} */ by) => ({ kind: /** @type {const} */ ("comment"), id: "c", by, at: null, text: "", sent: true });
  assert.equal(authorWords(entry(2), names), "You");
  assert.equal(authorWords(entry(null), names), "You");
  assert.equal(authorWords(entry(7), names), "Wren Worker");
  assert.equal(authorWords(entry(3), names), "Ash Assessor");
  assert.equal(authorWords(entry(9), names), "An assessor");
});
