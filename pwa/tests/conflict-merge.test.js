// Merging both versions of a field in conflict keeps every word of both.
import assert from "node:assert/strict";
import { test } from "node:test";

import { mergeText, mergeValues } from "../js/lib/conflict-merge.js";

test("two different texts are joined, the server's first", () => {
  assert.equal(mergeText("Kept words.", "Lost words."), "Kept words.\n\nLost words.");
});

test("a text that already contains the other is not repeated", () => {
  assert.equal(mergeText("I helped. Then I wrote it up.", "I helped."), "I helped. Then I wrote it up.");
  assert.equal(mergeText("I helped.", "I helped. Then I wrote it up."), "I helped. Then I wrote it up.");
});

test("a reflection merges stage by stage and keeps stages only one side wrote", () => {
  const kept = { model: "driscoll", stages: { what: "A", so_what: "B" } };
  const lost = { model: "driscoll", stages: { what: "C", now_what: "D" } };
  assert.deepEqual(mergeValues(kept, lost), { model: "driscoll", stages: { what: "A\n\nC", so_what: "B", now_what: "D" } });
});

test("a witness merges its statement but keeps the server's signature", () => {
  const kept = { name: "Ann", statement: "Saw it.", signature_sha256: "a".repeat(64) };
  const lost = { name: "Ann", statement: "Saw it well.", signature_sha256: "b".repeat(64) };
  const merged = mergeValues(kept, lost);
  assert.equal(merged.signature_sha256, "a".repeat(64));
  assert.equal(merged.statement, "Saw it.\n\nSaw it well.");
});
