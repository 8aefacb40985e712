// The service worker precaches every file of the app and never caches the sync endpoints.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const PWA = fileURLToPath(new URL("../", import.meta.url));
const source = readFileSync(join(PWA, "sw.js"), "utf8");
const listed = (name) => JSON.parse(source.match(new RegExp(`const ${name} = (\\[[^\\]]*\\])`))[1].replace(/,\s*\]/, "]"));

/** @param {string} dir @returns {string[]} */
function walk(dir) {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
}

test("every file under js, css and icons is in the precache list", () => {
  const files = ["js", "css", "icons"].flatMap((d) => walk(join(PWA, d))).map((f) => `/${relative(PWA, f)}`);
  const shell = new Set(listed("SHELL"));
  assert.deepEqual(files.filter((f) => !shell.has(f)), []);
});

test("every precached file exists", () => {
  const missing = listed("SHELL").filter((url) => url !== "/" && !walk(PWA).includes(join(PWA, url.slice(1))));
  assert.deepEqual(missing, []);
});

test("the sync and API endpoints are never served from the cache", () => {
  const networkOnly = listed("NETWORK_ONLY");
  for (const prefix of ["/sync/", "/api/"]) assert.ok(networkOnly.includes(prefix), prefix);
});

test("the app shell page lists the update prompt region the app fills in", () => {
  assert.match(readFileSync(join(PWA, "index.html"), "utf8"), /id="update"/);
});

/** One digest over every precached file, in list order ("/" is index.html). */
function shellDigest() {
  const hash = createHash("sha256");
  for (const url of listed("SHELL")) {
    hash.update(url);
    hash.update(readFileSync(join(PWA, url === "/" ? "index.html" : url.slice(1))));
  }
  return hash.digest("hex");
}

test("a changed shell file comes with a new VERSION (phones would keep the old file otherwise)", () => {
  const version = source.match(/const VERSION = "([^"]+)"/)[1];
  const lock = JSON.parse(readFileSync(join(PWA, "shell-lock.json"), "utf8"));
  const now = { version, digest: shellDigest() };
  const fix = `write ${JSON.stringify(now)} to pwa/shell-lock.json`;
  if (lock.version === version) assert.equal(now.digest, lock.digest, `a shell file changed: bump VERSION in pwa/sw.js, then ${fix}`);
  else assert.deepEqual(lock, now, `VERSION changed: ${fix}`);
});
