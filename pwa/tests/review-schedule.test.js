// Progress reviews on the device: due dates like server/reviews/schedule.py, and sign-off.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { addMonths, defaultRule, dueFor, lastHeld, lastHeldReview, nextReviewDue, reviewDue, ruleYear, stage, yearWords } from "../js/lib/review-schedule.js";

test("three calendar months clamp to the end of a shorter month (the server's cases)", () => {
  const cases = [["2025-11-30", "2026-02-28"], ["2023-11-30", "2024-02-29"], ["2023-11-29", "2024-02-29"],
    ["2024-11-29", "2025-02-28"], ["2025-05-31", "2025-08-31"], ["2025-03-31", "2025-06-30"],
    ["2025-10-15", "2026-01-15"], ["2024-02-29", "2024-05-29"], ["2025-12-31", "2026-03-31"]];
  for (const [start, due] of cases) assert.equal(addMonths(start, 3), due, start);
});

test("twelve weeks is eighty-four days across a leap day, a custom interval counts its days", () => {
  assert.equal(nextReviewDue("2024-02-01", "weeks_12", null, null), "2024-04-25");
  assert.equal(nextReviewDue("2026-01-05", "custom", 30, null), "2026-02-04");
  assert.throws(() => nextReviewDue("2026-01-05", "custom", null, null), RangeError);
  assert.throws(() => nextReviewDue("2026-01-05", "monthly", null, null), RangeError);
});

test("the interval counts from the last held review, never from one before the start", () => {
  assert.equal(nextReviewDue("2026-01-05", "calendar_3_months", null, "2026-02-10"), "2026-05-10");
  assert.equal(nextReviewDue("2026-01-05", "calendar_3_months", null, "2025-12-01"), "2026-04-05");
});

test("only held or signed reviews with a date count as held", () => {
  const r = (status, held_on) => ({ fields: { status, held_on } });
  assert.equal(lastHeld([r("held", "2026-02-01"), r("signed", "2026-03-01"), r("planned", "2026-04-01"), r("cancelled", "2026-05-01")]), "2026-03-01");
  assert.equal(lastHeld([]), null);
});

test("a due date is overdue, today, soon (within 14 days) or later", () => {
  assert.equal(stage("2026-03-01", "2026-03-02"), "overdue");
  assert.equal(stage("2026-03-02", "2026-03-02"), "today");
  assert.equal(stage("2026-03-16", "2026-03-02"), "soon");
  assert.equal(stage("2026-03-17", "2026-03-02"), "later");
  const due = dueFor({ start_date: "2025-10-01", review_rule: "calendar_3_months", review_interval_days: null }, [], "2026-01-11");
  assert.deepEqual(due, { due: "2026-01-01", state: "overdue", daysOverdue: 10 });
});

test("a review counts for the standards it names, or for every standard when it names none", () => {
  const r = (held_on, standards) => ({ fields: { status: "held", held_on, ...(standards ? { standards } : {}) } });
  const reviews = [r("2026-01-05"), r("2026-03-02", ["SCDHSC0389"]), r("2026-04-01", ["SCDLMCB4"])];
  assert.equal(lastHeld(reviews, "SCDHSC0389"), "2026-03-02");
  assert.equal(lastHeld(reviews, "SCDHSC3110"), "2026-01-05");
  assert.equal(lastHeld(reviews), "2026-04-01");
  const rule = { start_date: "2025-12-01", review_rule: "weeks_12", review_interval_days: null };
  assert.equal(dueFor({ ...rule, standard_code: "SCDHSC0389" }, reviews, "2026-03-03").due, "2026-05-25");
  assert.equal(dueFor({ ...rule, standard_code: "SCDHSC3110" }, reviews, "2026-03-03").due, "2026-03-30");
});

test("an earlier agreed next date brings the review forward; a later one does not (server twin)", () => {
  const enrolment = { start_date: "2026-01-05", review_rule: "weeks_12", review_interval_days: null, standard_code: "SCDHSC0389" };
  const r = (held_on, next_review_due) => ({ fields: { status: "held", held_on, next_review_due } });
  assert.equal(reviewDue(enrolment, null), "2026-03-30");
  assert.equal(reviewDue(enrolment, r("2026-03-02", null)), "2026-05-25");
  assert.equal(reviewDue(enrolment, r("2026-03-02", "2026-04-20")), "2026-04-20");
  assert.equal(reviewDue(enrolment, r("2026-03-02", "2026-07-01")), "2026-05-25");
  assert.equal(reviewDue(enrolment, r("2026-03-02", "2026-02-01")), "2026-05-25");
  assert.equal(reviewDue(enrolment, r("2025-12-01", "2026-01-10")), "2026-03-30");
  assert.equal(lastHeldReview([r("2026-03-02", "2026-07-01"), r("2026-03-02", "2026-04-20")]).fields.next_review_due, "2026-04-20");
  assert.equal(dueFor(enrolment, [r("2026-03-02", "2026-04-20")], "2026-04-21").state, "overdue");
});

// Scheduling and rule years against the golden cases the server runs too
// (sync/golden/rules/review_schedule.json, tests/reviews/test_schedule_golden.py).
const GOLDEN = JSON.parse(readFileSync(new URL("../../sync/golden/rules/review_schedule.json", import.meta.url), "utf8"));
for (const c of GOLDEN.add_months) test(`golden: ${c.name}`, () => assert.equal(addMonths(c.start, c.months), c.expect));
for (const c of GOLDEN.schedules) {
  test(`golden: ${c.name}`, () => {
    const e = c.enrolment;
    const rule = e.review_rule ?? defaultRule(e.apprenticeship, e.start_date, c.organisation_default ?? "calendar_3_months");
    const { due, state, daysOverdue } = dueFor({ ...e, review_rule: rule, review_interval_days: e.review_interval_days ?? null }, c.reviews.map((fields) => ({ fields })), c.today);
    const got = { year: e.apprenticeship ? ruleYear(e.start_date).name : null, rule, due, state, days_overdue: daysOverdue };
    if (c.expect.words) got.words = yearWords(e.apprenticeship, e.start_date);
    assert.deepEqual(got, c.expect);
  });
}
