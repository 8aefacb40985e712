import assert from "node:assert/strict";
import { test } from "node:test";

import { caseloadRows, lastContact, sortCaseload } from "../js/lib/caseload.js";

const NOW = Date.parse("2026-03-10T12:00:00Z");
const TODAY = "2026-03-10";
const HOUR = 3_600_000;
const enrol = (id, code, start = "2026-01-05") => ({ id, standard_code: code, start_date: start, review_rule: "weeks_12", review_interval_days: null });
const rule = (standard, met, total, waiting = 0) => ({ standard, met, total, waiting });

/** A seeded caseload: three learners, one with nothing yet. */
function seeded() {
  return [
    { workerId: 11, name: "Bea", enrolments: [enrol(1, "SCDHSC0389", "2025-12-01")],
      items: [
        { id: "b1", fields: { status: "submitted", submitted_at: "2026-03-07T12:00:00Z", criteria: ["SCDHSC0389/1/P1"] } },
        { id: "b2", fields: { status: "submitted", submitted_at: "2026-03-09T12:00:00Z", criteria: ["SCDHSC0389/1/P2"] } },
        { id: "b3", fields: { status: "accepted", criteria: ["SCDHSC0389/1/P3"] } },
      ],
      reviews: [], decisions: [{ fields: { evidence_id: "b3", decided_at: "2026-02-01T10:00:00Z" } }], comments: [],
      rule: [rule("SCDHSC0389", 1, 71, 2), rule("SCDHSC3110", 0, 40)] },
    { workerId: 12, name: "Abe", enrolments: [enrol(2, "SCDHSC0389"), enrol(3, "SCDHSC3110")],
      items: [{ id: "a1", created_by: 2, fields: { status: "accepted", occurred_at: "2026-02-20", criteria: [] } },
        { id: "a2", seenAt: NOW - 5 * HOUR, fields: { status: "submitted", criteria: [] } }],
      reviews: [{ fields: { status: "held", held_on: "2026-03-02", standards: ["SCDHSC0389"] } }],
      decisions: [], comments: [{ fields: { evidence_id: "a1", written_at: "2026-03-04T09:00:00Z" } }],
      rule: [rule("SCDHSC0389", 30, 71), rule("SCDHSC3110", 10, 40)] },
    { workerId: 13, name: "Cal", enrolments: [enrol(4, "SCDHSC0389", "2026-03-01")], items: [], reviews: [], decisions: [], comments: [],
      rule: [rule("SCDHSC0389", 0, 71)] },
  ];
}

test("each learner's row: items waiting and the oldest wait, by the queue's rule", () => {
  const [abe, bea, cal] = caseloadRows(seeded(), { now: NOW, today: TODAY });
  assert.deepEqual([abe.name, bea.name, cal.name], ["Abe", "Bea", "Cal"]);
  assert.equal(bea.waiting, 2);
  assert.equal(bea.oldestWaitMs, 72 * HOUR);
  assert.equal(bea.oldestExact, true);
  assert.equal(abe.waiting, 1);
  assert.equal(abe.oldestExact, false); // only when this device first saw it: "at least"
  assert.equal(abe.oldestWaitMs, 5 * HOUR);
  assert.deepEqual([cal.waiting, cal.oldestSince, cal.oldestWaitMs], [0, null, 0]);
});

test("reviews overdue or due within 14 days, per enrolment, by the review rule", () => {
  const rows = caseloadRows(seeded(), { now: NOW, today: TODAY });
  const bea = rows.find((r) => r.name === "Bea");
  // started 2025-12-01, 12 weeks: due 2026-02-23, overdue on 2026-03-10
  assert.deepEqual(bea?.reviews, [{ enrolmentId: 1, standard: "SCDHSC0389", due: "2026-02-23", state: "overdue" }]);
  assert.deepEqual([bea?.overdue, bea?.dueSoon], [1, 0]);
  const abe = rows.find((r) => r.name === "Abe");
  // SCDHSC3110 from 2026-01-05: due 2026-03-30 (later); SCDHSC0389 held 2026-03-02: due 2026-05-25
  assert.deepEqual(abe?.reviews.map((r) => [r.standard, r.due, r.state]), [["SCDHSC3110", "2026-03-30", "later"], ["SCDHSC0389", "2026-05-25", "later"]]);
  const cached = caseloadRows(seeded(), { now: NOW, today: TODAY, serverDue: new Map([[3, { next_review_due: "2026-03-15", state: "soon" }]]) });
  assert.equal(cached.find((r) => r.name === "Abe")?.dueSoon, 1); // the server's list, cached at the last sync, wins
});

test("last contact is the latest review held, decision, comment or assessor's observation", () => {
  const [abe, bea, cal] = caseloadRows(seeded(), { now: NOW, today: TODAY });
  assert.equal(abe.lastContact, "2026-03-04");
  assert.equal(bea.lastContact, "2026-02-01");
  assert.equal(cal.lastContact, null);
  assert.equal(lastContact({ ...seeded()[1], comments: [], reviews: [] }), "2026-02-20");
});

test("progress per enrolled standard only, from the coverage rule", () => {
  const [abe, bea] = caseloadRows(seeded(), { now: NOW, today: TODAY });
  assert.deepEqual(bea.progress, [{ standard: "SCDHSC0389", met: 1, total: 71, waiting: 2 }]);
  assert.deepEqual(abe.progress.map((s) => s.standard), ["SCDHSC0389", "SCDHSC3110"]);
  assert.equal(abe.progressShare, 40 / 111);
});

test("sorts by each column, ties by name", () => {
  const rows = caseloadRows(seeded(), { now: NOW, today: TODAY });
  const names = (/** @type {any} */ by) => sortCaseload(rows, by).map((r) => r.name);
  assert.deepEqual(names("name"), ["Abe", "Bea", "Cal"]);
  assert.deepEqual(names("waiting"), ["Bea", "Abe", "Cal"]);
  assert.deepEqual(names("oldest"), ["Bea", "Abe", "Cal"]);
  assert.deepEqual(names("reviews"), ["Bea", "Abe", "Cal"]);
  assert.deepEqual(names("contact"), ["Cal", "Bea", "Abe"]);
  assert.deepEqual(names("progress"), ["Cal", "Bea", "Abe"]);
  assert.deepEqual(names("nonsense"), ["Abe", "Bea", "Cal"]);
});

test("forty learners with fifty items each: every waiting item counted once (speed: bench/pwa.py)", () => {
  const learners = Array.from({ length: 40 }, (_, w) => ({
    workerId: 100 + w, name: `Learner ${w}`, enrolments: [enrol(w, "SCDHSC0389")],
    items: Array.from({ length: 50 }, (_, i) => ({ id: `${w}-${i}`, fields: { status: i % 5 ? "accepted" : "submitted", submitted_at: "2026-03-01T00:00:00Z", criteria: [] } })),
    reviews: [], decisions: [], comments: [], rule: [rule("SCDHSC0389", 10, 71)],
  }));
  const rows = caseloadRows(learners, { now: NOW, today: TODAY });
  assert.equal(rows.length, 40);
  assert.equal(rows.reduce((n, r) => n + r.waiting, 0), 400);
});
