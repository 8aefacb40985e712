import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { BASE_MS, CAP_MS, MAX_RETRY_AFTER_MS, nextDelay, parseRetryAfter } from "../js/lib/backoff.js";

const NOW = Date.parse("2026-06-01T12:00:00Z");
const top = () => 0.999999999; // the largest value Math.random can return, near enough

describe("nextDelay", () => {
  test("doubles its ceiling from 2 s and caps it at 5 min", () => {
    const ceilings = [0, 1, 2, 3, 4, 5, 6, 7, 8, 20].map((attempt) => nextDelay(attempt, { random: top, now: NOW }));
    assert.deepEqual(ceilings, [1999, 3999, 7999, 15999, 31999, 63999, 127999, 255999, 299999, 299999]);
    assert.equal(BASE_MS, 2000);
    assert.equal(CAP_MS, 300000);
  });

  test("uses full jitter: anywhere from 0 up to the ceiling", () => {
    assert.equal(nextDelay(3, { random: () => 0, now: NOW }), 0);
    assert.equal(nextDelay(3, { random: () => 0.5, now: NOW }), 8000);
  });

  test("spreads a crowd of clients across the whole window", () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const delays = Array.from({ length: 2000 }, () => nextDelay(4, { random, now: NOW }));
    const buckets = [0, 0, 0, 0];
    for (const d of delays) buckets[Math.floor(d / 8000)] += 1;
    for (const count of buckets) assert.ok(count > 400 && count < 600, `${buckets}`);
  });

  test("never retries sooner than a Retry-After in seconds", () => {
    assert.equal(nextDelay(0, { retryAfter: "120", random: top, now: NOW }), 120_000);
    assert.equal(nextDelay(0, { retryAfter: 30, random: () => 0, now: NOW }), 30_000);
  });

  test("keeps a jittered delay longer than the Retry-After", () => {
    assert.equal(nextDelay(8, { retryAfter: "1", random: () => 0.5, now: NOW }), 150_000);
  });

  test("honours a Retry-After HTTP date relative to now", () => {
    const later = "Mon, 01 Jun 2026 12:01:30 GMT";
    assert.equal(nextDelay(0, { retryAfter: later, random: () => 0, now: NOW }), 90_000);
  });

  test("clamps an absurd Retry-After to one hour", () => {
    assert.equal(nextDelay(0, { retryAfter: "999999", random: () => 0, now: NOW }), MAX_RETRY_AFTER_MS);
  });

  test("falls back to backoff when Retry-After is malformed", () => {
    for (const retryAfter of ["soon", "-5", "1.5", "", "Mon, 01 Jun 2026", null]) {
      assert.equal(nextDelay(1, { retryAfter, random: () => 0.5, now: NOW }), 2000, String(retryAfter));
    }
  });

  test("refuses a negative or fractional attempt", () => {
    assert.throws(() => nextDelay(-1), RangeError);
    assert.throws(() => nextDelay(1.5), RangeError);
    assert.throws(() => nextDelay(Number.NaN), RangeError);
  });

  test("stays finite after very many attempts", () => {
    assert.equal(nextDelay(5000, { random: top, now: NOW }), 299999);
  });
});

describe("parseRetryAfter", () => {
  test("reads delay-seconds and HTTP dates, a past date meaning now", () => {
    assert.equal(parseRetryAfter(" 7 ", NOW), 7000);
    assert.equal(parseRetryAfter("0", NOW), 0);
    assert.equal(parseRetryAfter("Mon, 01 Jun 2026 12:00:10 GMT", NOW), 10_000);
    assert.equal(parseRetryAfter("Sun, 31 May 2026 12:00:00 GMT", NOW), 0);
  });

  test("returns null for anything else", () => {
    for (const value of [undefined, null, "", "abc", "-1", "2e3", "Mon, 32 Jun 2026 12:00:00 GMT", Number.NaN, -3]) {
      assert.equal(parseRetryAfter(/** @type {any} */ (value), NOW), null, String(value));
    }
  });
});
