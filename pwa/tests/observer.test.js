// Who recorded an item: the worker's own, or an assessor's observation of them.
import assert from "node:assert/strict";
import { test } from "node:test";

import { observedWords, observerOf } from "../js/lib/observer.js";

const enrolments = [{ assessor_id: 9, assessor_name: "Sam Assessor" }];

test("the worker's own item has no observer", () => {
  assert.equal(observerOf({ created_by: 7 }, 7, enrolments), null);
  assert.equal(observerOf({ created_by: null }, 7, enrolments), null, "not yet on the server: the device's own");
});

test("an assessor's observation names the assessor from the enrolments", () => {
  assert.equal(observedWords({ created_by: 9 }, 7, enrolments), "Observed by Sam Assessor");
  assert.equal(observedWords({ created_by: 4 }, 7, enrolments), "Observed by your assessor", "an assessor no longer enrolled");
  assert.equal(observedWords({ created_by: 9 }, 7, enrolments, 9), "Observed by you");
});
