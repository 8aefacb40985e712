import assert from "node:assert/strict";
import { test } from "node:test";

import { OUTCOMES, possibility } from "../js/lib/reminders-ask.js";

const browser = { push: true, notification: true, permission: "default", apple: false, installed: false };

test("a browser with push and an undecided permission can be asked", () => {
  assert.equal(possibility(browser), "ask");
  assert.equal(possibility({ ...browser, permission: "granted" }), "ask");
});

test("a permission denied before is blocked, with how to unblock", () => {
  assert.equal(possibility({ ...browser, permission: "denied" }), "blocked");
  assert.match(OUTCOMES.blocked, /settings/);
});

test("an iPhone that has not added the app to its Home Screen is told to, even if push looks present", () => {
  assert.equal(possibility({ ...browser, apple: true }), "home-screen-first");
  assert.equal(possibility({ ...browser, apple: true, installed: true }), "ask");
});

test("a browser without push or notifications is not possible, and says reminders still show in the app", () => {
  assert.equal(possibility({ ...browser, push: false }), "unsupported");
  assert.equal(possibility({ ...browser, notification: false }), "unsupported");
  assert.match(OUTCOMES.unsupported, /in the app/);
});

test("every outcome has a sentence", () => {
  for (const key of ["on", "blocked", "dismissed", "unreachable", "unsupported", "home-screen-first"]) assert.ok(OUTCOMES[key].length > 20, key);
});
