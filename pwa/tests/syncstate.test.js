// The sync status in plain words, and how each failure is handled.
import assert from "node:assert/strict";
import { test } from "node:test";

import { describe, explain, reaction } from "../js/lib/syncstate.js";

const NOW = Date.parse("2025-06-01T12:00:00Z");
const base = { online: true, syncing: false, pending: 0, lastSyncedAt: NOW - 3 * 60_000, error: null };

test("offline with waiting changes says how many wait", () => {
  assert.equal(describe({ ...base, online: false, pending: 3 }, NOW).text, "Offline · 3 changes wait");
});

test("a recent complete sync says when", () => {
  assert.deepEqual(describe(base, NOW), { text: "Synced 3 min ago", tone: "ok" });
});

test("a signed-out session asks for a sign-in and keeps the changes", () => {
  const error = { status: 401, code: "session_expired" };
  assert.equal(reaction(error), "sign-in");
  assert.equal(describe({ ...base, error, pending: 2 }, NOW).text, "Sign in to sync");
  assert.equal(explain(error, 2), "Sign in again to sync. Your 2 changes are kept on this phone.");
});

test("an app too old for the server is told to update, not to retry", () => {
  assert.equal(reaction({ status: 426, code: "client_too_old" }), "update");
});

test("a busy server is retried; a refused request is not", () => {
  assert.equal(reaction({ status: 503, code: "unavailable" }), "retry");
  assert.equal(reaction({ status: 413, code: "batch_too_large" }), "stop");
});

test("a failure with no answer reads as no signal", () => {
  assert.equal(explain({ status: 0, code: "offline" }, 0), "No signal. Everything is saved on this phone.");
});

test("a device that never synced says so", () => {
  assert.equal(describe({ ...base, lastSyncedAt: null }, NOW).text, "Not synced yet");
});
