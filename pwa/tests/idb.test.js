// Light tests against a fake (fixtures/fake-idb.js); the browser tests exercise real IndexedDB.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { del, get, getAll, openDb, put, transaction } from "../js/lib/idb.js";
import { fakeFactory } from "./fixtures/fake-idb.js";

async function freshDb() {
  const factory = fakeFactory();
  const db = await openDb("carefolio", 1, { evidence: { keyPath: "id" }, meta: {} }, /** @type {any} */ (factory));
  return { db: /** @type {any} */ (db), fake: factory.db };
}

describe("idb", () => {
  test("creates the named stores when the database is first opened", async () => {
    const { fake } = await freshDb();
    assert.deepEqual([...fake.stores.keys()], ["evidence", "meta"]);
  });

  test("resolves a write only once its transaction has completed", async () => {
    const { db, fake } = await freshDb();
    const key = await put(db, "evidence", { id: "e1", text: "note" });
    assert.equal(key, "e1");
    assert.deepEqual(fake.events, ["success", "complete"]);
    assert.deepEqual(await get(db, "evidence", "e1"), { id: "e1", text: "note" });
  });

  test("puts with an explicit key, lists and deletes", async () => {
    const { db } = await freshDb();
    await put(db, "meta", 7, "cursor");
    await put(db, "evidence", { id: "e2" });
    assert.equal(await get(db, "meta", "cursor"), 7);
    assert.deepEqual(await getAll(db, "evidence"), [{ id: "e2" }]);
    await del(db, "evidence", "e2");
    assert.deepEqual(await getAll(db, "evidence"), []);
  });

  test("spans several stores in one transaction and returns each request's result", async () => {
    const { db } = await freshDb();
    const results = await transaction(db, ["evidence", "meta"], "readwrite", (s) => [
      s.evidence.put({ id: "e3" }),
      s.meta.put(1, "seq"),
      "plain value",
    ]);
    assert.deepEqual(results, ["e3", "seq", "plain value"]);
    assert.equal(await get(db, "meta", "seq"), 1);
  });

  test("refuses an async body and aborts, so nothing it queued is committed", async () => {
    const { db, fake } = await freshDb();
    const pending = transaction(db, ["evidence"], "readwrite", async (s) => {
      s.evidence.put({ id: "half" });
      await Promise.resolve(); // stands for a fetch: the transaction must not wait for it
      s.evidence.put({ id: "other-half" });
    });
    await assert.rejects(pending, /must not be async/);
    assert.ok(fake.events.includes("abort"));
    assert.deepEqual(await getAll(db, "evidence"), []);
  });

  test("aborts and rejects with the error when the body throws", async () => {
    const { db } = await freshDb();
    const boom = new Error("boom");
    await assert.rejects(
      transaction(db, ["evidence"], "readwrite", (s) => {
        s.evidence.put({ id: "e4" });
        throw boom;
      }),
      (error) => error === boom,
    );
    assert.equal(await get(db, "evidence", "e4"), undefined);
  });
});
