// Judging on the assessor's device: one batch of decision + transition (+ criteria edits).
import assert from "node:assert/strict";
import { test } from "node:test";

import { apply } from "../js/lib/merge.js";
import { assessorEditsCriteria, planDecision, planUnlock } from "../js/lib/judging.js";
import { REGISTRY } from "../js/lib/registry.js";

const SCOPE = "portfolio:7";
const evidence = { id: "e1", fields: { status: "submitted", criteria: ["SCDHSC0389/1/P1", "SCDHSC0389/1/P2"] } };
const base = { scope: SCOPE, evidence, feedback: "", criteria: ["SCDHSC0389/1/P1", "SCDHSC0389/1/P2"], judgements: {}, decisionId: "d1", decidedAt: "2026-03-02T10:00:00Z" };

test("accepting is a decision record then the transition, in one batch", () => {
  const plan = planDecision({ ...base, outcome: "accepted", judgements: { "SCDHSC0389/1/P1": "met", "SCDHSC0389/1/P2": "partly_met" } });
  assert.ok("mutations" in plan);
  assert.deepEqual(plan.mutations.map((m) => [m.op, m.entity]), [["create", "decision"], ["transition", "evidence"]]);
  assert.deepEqual(plan.mutations[0].fields, { evidence_id: "e1", outcome: "accepted", feedback: "", judgements: { "SCDHSC0389/1/P1": "met", "SCDHSC0389/1/P2": "partly_met" }, decided_at: "2026-03-02T10:00:00Z" });
  assert.equal(plan.mutations[1].to, "accepted");
});

test("referring back needs written feedback", () => {
  assert.match(/** @type {any} */ (planDecision({ ...base, outcome: "referred", feedback: "  " })).error, /feedback/);
  const plan = planDecision({ ...base, outcome: "referred", feedback: "Say how you asked for consent." });
  assert.ok("mutations" in plan && plan.mutations[1].to === "referred");
});

test("only submitted evidence can be judged", () => {
  assert.ok("error" in planDecision({ ...base, evidence: { id: "e1", fields: { status: "draft" } }, outcome: "accepted" }));
});

test("accepting with every criterion judged not met is refused", () => {
  assert.ok("error" in planDecision({ ...base, outcome: "accepted", judgements: { "SCDHSC0389/1/P1": "not_met", "SCDHSC0389/1/P2": "partly_met" } }));
});

test("criteria edits come first when the registry allows them, and are refused when it does not", () => {
  const plan = planDecision({ ...base, outcome: "accepted", criteria: ["SCDHSC0389/1/P1", "SCDHSC0389/1/K3"], canEditCriteria: true,
    judgements: { "SCDHSC0389/1/P1": "met", "SCDHSC0389/1/K3": "not_met" } });
  assert.ok("mutations" in plan);
  assert.deepEqual(plan.mutations[0], { op: "update", scope: SCOPE, entity: "evidence", id: "e1", add: { criteria: ["SCDHSC0389/1/K3"] }, remove: { criteria: ["SCDHSC0389/1/P2"] } });
  assert.deepEqual(plan.mutations[1].fields.judgements, { "SCDHSC0389/1/K3": "not_met", "SCDHSC0389/1/P1": "met", "SCDHSC0389/1/P2": "removed" },
    "the criterion taken off the item is recorded as removed");
  assert.ok("error" in planDecision({ ...base, outcome: "accepted", criteria: ["SCDHSC0389/1/P1"], canEditCriteria: false }));
});

test("whether assessors may edit criteria is read from the published registry", () => {
  const spec = REGISTRY.evidence.fields.find((f) => f.name === "criteria");
  assert.equal(assessorEditsCriteria(), spec.writers.includes("assessor"));
  const edited = { evidence: { ...REGISTRY.evidence, fields: [{ ...spec, writers: ["author", "assessor"] }] } };
  assert.equal(assessorEditsCriteria(edited), true);
});

test("judgements are kept only for criteria the evidence links", () => {
  const plan = planDecision({ ...base, outcome: "referred", feedback: "More detail", judgements: { "SCDHSC0389/1/P1": "met", "SCDHSC3110/1/P9": "met" } });
  assert.ok("mutations" in plan);
  assert.deepEqual(plan.mutations[0].fields.judgements, { "SCDHSC0389/1/P1": "met" });
});

test("the merge twin accepts the batch from an assessor, decision rules included", () => {
  const plan = planDecision({ ...base, outcome: "accepted", judgements: { "SCDHSC0389/1/P1": "met", "SCDHSC0389/1/P2": "not_met" } });
  assert.ok("mutations" in plan);
  const actor = { user_id: 9, device_id: "tab", relations: ["assessor"] };
  let record = { entity: "evidence", id: "e1", scope: SCOPE, created_by: 7, fields: { kind: "observation", status: "submitted", criteria: ["SCDHSC0389/1/P1", "SCDHSC0389/1/P2"] }, versions: {}, version: 3 };
  const decision = apply(null, { ...plan.mutations[0], n: 1 }, actor, 4, new Date(), /** @type {any} */ (record));
  assert.equal(decision.result, "applied");
  const moved = apply(/** @type {any} */ (record), { ...plan.mutations[1], n: 2 }, actor, 4, new Date(), decision.record);
  assert.equal(moved.result, "applied");
  assert.equal(moved.record?.fields.status, "accepted");
});

test("unlocking needs a reason and moves accepted evidence back to referred", () => {
  const accepted = { id: "e1", fields: { status: "accepted" } };
  assert.ok("error" in planUnlock(SCOPE, accepted, " "));
  assert.ok("error" in planUnlock(SCOPE, evidence, "why"));
  assert.deepEqual(planUnlock(SCOPE, accepted, " Wrong standard "), { mutations: [{ op: "transition", scope: SCOPE, entity: "evidence", id: "e1", to: "referred", reason: "Wrong standard" }] });
});

test("an untouched item cannot be accepted: no criterion is judged until the assessor judges it", () => {
  const plan = planDecision({ ...base, outcome: "accepted" });
  assert.ok("error" in plan);
  assert.equal(plan.code, "judgements_incomplete");
  const one = planDecision({ ...base, outcome: "accepted", judgements: { "SCDHSC0389/1/P1": "met" } });
  assert.equal(/** @type {any} */ (one).code, "judgements_incomplete", "every linked criterion needs a judgement");
});

test("accepting records exactly the judgements made", () => {
  const plan = planDecision({ ...base, outcome: "accepted", judgements: { "SCDHSC0389/1/P1": "partly_met", "SCDHSC0389/1/P2": "met" } });
  assert.ok("mutations" in plan);
  assert.deepEqual(plan.mutations[0].fields.judgements, { "SCDHSC0389/1/P1": "partly_met", "SCDHSC0389/1/P2": "met" });
});

test("a referral records no judgement for the criteria left unjudged", () => {
  const plan = planDecision({ ...base, outcome: "referred", feedback: "Say how you checked consent.", judgements: { "SCDHSC0389/1/P2": "not_met", "SCDHSC0389/1/P1": "" } });
  assert.ok("mutations" in plan);
  assert.deepEqual(plan.mutations[0].fields.judgements, { "SCDHSC0389/1/P2": "not_met" });
});

test("a witness testimony changed after signing cannot be accepted", async () => {
  const { digestOf } = await import("../js/lib/signatures.js");
  const w = { name: "Jo", role: "Senior carer", relationship: "", statement: "Asked first." };
  const signed = { ...w, signature_sha256: "a".repeat(64), signed_digest: await digestOf(w) };
  const ok = { ...base, evidence: { id: "e1", fields: { ...evidence.fields, witness: signed } }, outcome: "accepted",
    judgements: { "SCDHSC0389/1/P1": "met", "SCDHSC0389/1/P2": "met" } };
  assert.ok("mutations" in planDecision(ok));
  const changed = { ...ok, evidence: { id: "e1", fields: { ...evidence.fields, witness: { ...signed, statement: "Asked later." } } } };
  assert.equal(/** @type {any} */ (planDecision(changed)).code, "signature_changed");
});
