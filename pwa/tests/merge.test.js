// The JavaScript merge twin against the sync engine's golden cases (sync/golden/*.json).
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { describe, test } from "node:test";

import { apply, equal, inFuture } from "../js/lib/merge.js";
import { REGISTRY } from "../js/lib/registry.js";

const GOLDEN = new URL("../../sync/golden/", import.meta.url);
const files = readdirSync(GOLDEN).filter((f) => f.endsWith(".json") && f !== "entities.json").sort();

test("the registry copied into the PWA equals the one the server publishes", () => {
  const published = JSON.parse(readFileSync(new URL("entities.json", GOLDEN), "utf8"));
  assert.deepEqual(REGISTRY, published);
});

test("there are golden cases for every kind of mutation", () => {
  assert.deepEqual(files, ["comments.json", "create.json", "decisions.json", "delete.json", "transition.json", "update.json"]);
});

for (const file of files) {
  describe(`golden ${file}`, () => {
    for (const c of JSON.parse(readFileSync(new URL(file, GOLDEN), "utf8"))) {
      test(c.name, () => {
        const before = c.record === null ? null : structuredClone(c.record);
        const out = apply(before, c.mutation, c.actor, c.version, new Date(c.now), c.related ?? null);
        const expect = c.expect;
        assert.equal(out.result, expect.result, out.message ?? "");
        if ("code" in expect) assert.equal(out.code, expect.code);
        if ("conflicts" in expect) assert.deepEqual(out.conflicts, expect.conflicts);
        if (c.record !== null) assert.deepEqual(before, c.record, "the input record is never mutated");
        if (expect.unchanged) {
          assert.equal(out.record, null);
          return;
        }
        assert.ok(out.record);
        for (const [name, value] of Object.entries(expect.fields ?? {})) assert.deepEqual(out.record.fields[name], value, name);
        for (const [name, value] of Object.entries(expect.versions ?? {})) assert.deepEqual(out.record.versions[name], value, name);
        if ("deleted" in expect) assert.equal(out.record.deleted, expect.deleted);
      });
    }
  });
}

test("a phone time with an offset is in the future only beyond five minutes' grace", () => {
  const now = new Date("2025-06-01T12:00:00Z");
  assert.equal(inFuture("2025-06-01T12:04:00Z", now), false);
  assert.equal(inFuture("2025-06-01T12:06:00Z", now), true);
  assert.equal(inFuture("2025-06-01T14:06:00+02:00", now), true);
  assert.equal(inFuture("2025-06-01T14:04:00+02:00", now), false);
});

test("an impossible date is never flagged as in the future", () => {
  assert.equal(inFuture("2099-13-45", new Date("2025-06-01T12:00:00Z")), false);
});

test("deep equality treats key order as irrelevant and arrays as ordered", () => {
  assert.equal(equal({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }), true);
  assert.equal(equal([1, 2], [2, 1]), false);
  assert.equal(equal({ a: null }, {}), false);
});
