// Recording and signing progress reviews on the device.
import assert from "node:assert/strict";
import { test } from "node:test";

import { planReview, planSign, reviewStatus } from "../js/lib/review-signoff.js";

test("recording a review creates it and moves it to held; standards, notes and a date are required", () => {
  const plan = planReview({ scope: "portfolio:7", id: "r1", standards: ["SCDHSC3110", "SCDHSC0389", "SCDHSC3110"], held_on: "2026-03-02", participants: " Worker, assessor ", notes: "Good progress", actions: "Observe P4", next_review_due: "2026-06-02" });
  assert.equal(plan.mutations[0].fields.participants, "Worker, assessor");
  assert.deepEqual(plan.mutations[0].fields.standards, ["SCDHSC0389", "SCDHSC3110"]);
  assert.ok("mutations" in plan);
  assert.deepEqual(plan.mutations.map((m) => [m.op, m.entity, m.to ?? null]), [["create", "review", null], ["transition", "review", "held"]]);
  assert.equal(plan.mutations[0].fields.next_review_due, "2026-06-02");
  const base = { scope: "portfolio:7", id: "r1", standards: ["SCDHSC0389"], actions: "", next_review_due: null };
  assert.ok("error" in planReview({ ...base, held_on: "", notes: "x" }));
  assert.ok("error" in planReview({ ...base, held_on: "2026-03-02", notes: " " }));
  assert.ok("error" in planReview({ ...base, standards: [], held_on: "2026-03-02", notes: "x" }));
});

test("the worker signs their field; the assessor's signature closes a review the worker signed", () => {
  const held = { scope: "portfolio:7", id: "r1", fields: { status: "held" }, versions: { worker_signed_at: 3 } };
  const worker = planSign(held, "worker", "2026-03-02T10:00:00Z");
  assert.deepEqual(worker, { mutations: [{ op: "update", scope: "portfolio:7", entity: "review", id: "r1", set: { worker_signed_at: "2026-03-02T10:00:00Z" }, base: { worker_signed_at: 3 } }] });
  const first = planSign(held, "assessor", "t");
  assert.ok("mutations" in first && first.mutations.length === 1);
  const signed = { ...held, fields: { status: "held", worker_signed_at: "t" } };
  const closing = planSign(signed, "assessor", "t2");
  assert.ok("mutations" in closing);
  assert.deepEqual(closing.mutations.map((m) => m.op), ["update", "transition"]);
  const both = { ...held, fields: { status: "held", worker_signed_at: "t", assessor_signed_at: "t" } };
  assert.deepEqual(planSign(both, "assessor", "t3"), { mutations: [{ op: "transition", scope: "portfolio:7", entity: "review", id: "r1", to: "signed" }] });
  assert.ok("error" in planSign(both, "worker", "t3"));
  assert.ok("error" in planSign({ ...held, fields: { status: "signed" } }, "worker", "t"));
});

test("a signature is bound to the review's text; one made stale by an edit is signed again and does not close the review", () => {
  const held = { scope: "portfolio:7", id: "r1", fields: { status: "held", worker_signed_at: "t" }, versions: { worker_signed_at: 3 } };
  const digest = `sha256:${"a".repeat(64)}`;
  const first = planSign({ ...held, fields: { status: "held" } }, "worker", "t1", { digest });
  assert.deepEqual(/** @type {any} */ (first).mutations[0].set, { worker_signed_at: "t1", worker_signed_digest: digest });
  const onStale = planSign(held, "assessor", "t2", { digest, stale: { worker: true } });
  assert.deepEqual(/** @type {any} */ (onStale).mutations.map((m) => m.op), ["update"], "no close on a stale worker signature");
  const again = planSign(held, "worker", "t3", { digest, stale: { worker: true } });
  assert.deepEqual(/** @type {any} */ (again).mutations[0].set, { worker_signed_at: "t3", worker_signed_digest: digest });
});

test("a review's status reads as who still has to sign", () => {
  assert.equal(reviewStatus({ status: "held" }), "Held: waiting for both signatures");
  assert.equal(reviewStatus({ status: "held", assessor_signed_at: "t" }), "Waiting for the worker to sign");
  assert.equal(reviewStatus({ status: "signed" }), "Signed off by both");
});
