// A record as the worker sees it (server copy + queued edits) and the state word on the item.
import assert from "node:assert/strict";
import { test } from "node:test";

import { itemState, openNotes, project } from "../js/lib/view.js";

const SCOPE = "portfolio:7";
const pulled = {
  scope: SCOPE, id: "e1", entity: "evidence", version: 4, created_by: 7,
  fields: { kind: "observation", title: "Hoist", status: "draft", criteria: ["A/1/P1"] },
  versions: { kind: 2, title: 4, status: 2, criteria: 2 },
};
const m = (op, extra) => ({ op, n: 1, scope: SCOPE, entity: "evidence", id: "e1", ...extra });

test("a record created on this phone shows its fields with the kind's defaults", () => {
  const view = project(null, [m("create", { fields: { kind: "reflective_account", title: "Night" } })]);
  assert.equal(view?.fields.title, "Night");
  assert.equal(view?.fields.status, "draft");
  assert.deepEqual(view?.fields.criteria, []);
  assert.equal(view?.onServer, false);
});

test("queued edits are laid over the pulled copy in order", () => {
  const view = project(pulled, [
    m("update", { set: { title: "Hoist transfer" }, add: { criteria: ["A/1/K2"] }, remove: { criteria: ["A/1/P1"] } }),
    m("transition", { to: "submitted" }),
  ]);
  assert.equal(view?.fields.title, "Hoist transfer");
  assert.deepEqual(view?.fields.criteria, ["A/1/K2"]);
  assert.equal(view?.fields.status, "submitted");
  assert.equal(view?.pending, 2);
  assert.equal(pulled.fields.title, "Hoist", "the pulled copy is not changed");
});

test("nothing is shown for a record neither pulled nor created here", () => {
  assert.equal(project(null, [m("update", { set: { title: "x" } })]), null);
});

test("an item with an open conflict shows as in conflict even while edits wait", () => {
  const view = project(pulled, [m("update", { set: { title: "x" } })]);
  assert.equal(itemState(view, { conflicts: 1 }), "conflict");
  assert.equal(itemState(view, {}), "waiting");
});

test("a synced item shows its assessment status, a synced draft shows as synced", () => {
  assert.equal(itemState(project(pulled, [])), "synced");
  const referred = { ...pulled, fields: { ...pulled.fields, status: "referred" } };
  assert.equal(itemState(project(referred, [])), "referred");
});

test("a photo still uploading keeps the item waiting", () => {
  assert.equal(itemState(project(pulled, []), { uploads: 1 }), "waiting");
});

test("a capture never saved is a draft", () => {
  assert.equal(itemState(null), "draft");
});

test("dismissed notes and notes about other records are not open", () => {
  const note = (id, dismissed) => ({ scope: "user:7", id, entity: "conflict", version: 1, fields: { record_id: "e1", dismissed }, versions: {} });
  const inbox = [note("a", false), note("b", true), { ...note("c", false), fields: { record_id: "e2", dismissed: false } }];
  assert.deepEqual(openNotes(inbox, "conflict", "e1").map((r) => r.id), ["a"]);
});
