import assert from "node:assert/strict";
import { test } from "node:test";

import { actionCount, firstLine, needsAttention, UNSENT_WARNING_MS } from "../js/lib/attention.js";

const titleOf = (f) => f.title || "Untitled";
const now = Date.parse("2026-12-01T12:00:00Z");
const item = (id, status, extra = {}) => ({ id, view: {}, fields: { title: id, status, ...extra }, decisions: [] });

test("a referral comes first, with the first line of the newest decision's feedback", () => {
  const referred = { ...item("Moving and handling", "referred"), decisions: [{ fields: { feedback: "Say how you checked consent.\nThen resubmit." } }, { fields: { feedback: "older" } }] };
  const list = needsAttention({ items: [item("Breakfast", "submitted"), referred], problems: [], reviews: [] }, { pending: 0, unsentSince: null, now, titleOf });
  assert.deepEqual(list, [{ kind: "referred", id: "Moving and handling", title: "Moving and handling", feedback: "Say how you checked consent." }]);
});

test("a referral without a decision record falls back to the status reason", () => {
  const list = needsAttention({ items: [item("A", "referred", { status_reason: "Needs a date." })], problems: [], reviews: [] }, { pending: 0, unsentSince: null, now, titleOf });
  assert.equal(list[0].feedback, "Needs a date.");
});

test("problems, reviews to sign and long-unsent work follow the referrals", () => {
  const data = { items: [item("A", "referred")], problems: [{}, {}], reviews: [{ fields: { status: "held" } }, { fields: { status: "held", worker_signed_at: "x" } }] };
  const list = needsAttention(data, { pending: 3, unsentSince: now - UNSENT_WARNING_MS - 1, now, titleOf });
  assert.deepEqual(list.map((a) => a.kind), ["referred", "problems", "reviews", "unsent"]);
  assert.equal(actionCount(list), 3);
});

test("work unsent for less than three days, or nothing pending, is no warning", () => {
  const data = { items: [], problems: [], reviews: [] };
  assert.deepEqual(needsAttention(data, { pending: 2, unsentSince: now - UNSENT_WARNING_MS + 1000, now, titleOf }), []);
  assert.deepEqual(needsAttention(data, { pending: 0, unsentSince: now - 10 * UNSENT_WARNING_MS, now, titleOf }), []);
});

test("the first line is trimmed and shortened", () => {
  assert.equal(firstLine("  one\ntwo"), "one");
  assert.equal(firstLine("x".repeat(200), 10), `${"x".repeat(9)}…`);
  assert.equal(firstLine(undefined), "");
});

test("an item whose history ends with the assessor's comment waits for the worker's answer", () => {
  const item = { id: "e1", view: {}, fields: { title: "Night round", status: "submitted" }, decisions: [] };
  const comment = (/** @type {string} */ id, /** @type {number} */ by, /** @type {string} */ at, /** @type {string} */ body) =>
    ({ id, version: 1, created_by: by, onServer: true, fields: { evidence_id: "e1", body, written_at: at } });
  const asked = { scope: "portfolio:7", items: [item], problems: [], reviews: [], comments: [comment("c1", 2, "2026-03-01T10:00:00Z", "Which day was it?\nThanks")] };
  assert.deepEqual(needsAttention(asked, { pending: 0, unsentSince: null, now, titleOf }),
    [{ kind: "comment", id: "e1", title: "Night round", text: "Which day was it?" }]);
  const answered = { ...asked, comments: [...asked.comments, comment("c2", 7, "2026-03-01T11:00:00Z", "Tuesday")] };
  assert.deepEqual(needsAttention(answered, { pending: 0, unsentSince: null, now, titleOf }), []);
  assert.equal(actionCount(needsAttention(asked, { pending: 0, unsentSince: null, now, titleOf })), 0); // not on the Evidence badge
});
