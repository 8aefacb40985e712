import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { PHOTO_MAX_EDGE, fitWithin } from "../js/lib/image.js";

describe("fitWithin", () => {
  test("scales a landscape photo so its width is the longest edge allowed", () => {
    assert.deepEqual(fitWithin(4000, 3000, 2048), { width: 2048, height: 1536, scale: 0.512 });
  });

  test("scales a portrait photo by its height", () => {
    assert.deepEqual(fitWithin(3024, 4032, 1024), { width: 768, height: 1024, scale: 1024 / 4032 });
  });

  test("never upscales a small photo", () => {
    assert.deepEqual(fitWithin(640, 480, 2048), { width: 640, height: 480, scale: 1 });
    assert.deepEqual(fitWithin(2048, 2048, 2048), { width: 2048, height: 2048, scale: 1 });
  });

  test("keeps the aspect ratio within a pixel", () => {
    for (const [w, h] of [[4032, 3024], [3000, 4000], [1080, 2400], [12000, 9000], [4001, 2999]]) {
      const fit = fitWithin(w, h, 1000);
      assert.equal(Math.max(fit.width, fit.height), 1000, `${w}x${h}`);
      assert.ok(Math.abs(fit.width / fit.height - w / h) < 2 / Math.min(fit.width, fit.height), `${w}x${h}`);
    }
  });

  test("keeps a very thin panorama at least one pixel high", () => {
    assert.deepEqual(fitWithin(100000, 10, 1000), { width: 1000, height: 1, scale: 0.01 });
  });

  test("defaults to the photo evidence size", () => {
    assert.equal(fitWithin(8000, 6000).width, PHOTO_MAX_EDGE);
  });

  test("refuses sizes that are not positive numbers", () => {
    for (const args of [[0, 10, 10], [10, -1, 10], [10, 10, 0], [Number.NaN, 10, 10], [10, Infinity, 10]]) {
      assert.throws(() => fitWithin(args[0], args[1], args[2]), RangeError, String(args));
    }
  });
});
