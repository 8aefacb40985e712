// Signatures bound to what they signed, against the golden cases the server runs too.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { REVIEW_FIELDS, digestOf, signatureState, signedText, witnessState } from "../js/lib/signatures.js";

const CASES = JSON.parse(readFileSync(new URL("../../sync/golden/rules/signatures.json", import.meta.url), "utf8"));

for (const c of CASES) {
  test(c.name, async () => {
    assert.equal(signedText(c.witness), c.text);
    assert.equal(await digestOf(c.witness), c.digest);
    assert.equal(await witnessState(c.witness), c.state);
  });
}

test("a review signature covers its notes and actions", async () => {
  const review = { held_on: "2026-03-02", participants: "Wren, Sam", notes: "Good progress.", actions: "Observe lunch.", next_review_due: "2026-06-01" };
  const signed = await digestOf(review, REVIEW_FIELDS);
  assert.equal(await signatureState(true, signed, review, REVIEW_FIELDS), "signed");
  assert.equal(await signatureState(true, signed, { ...review, notes: "Poor progress." }, REVIEW_FIELDS), "changed");
});
