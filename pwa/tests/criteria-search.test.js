import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { performance } from "node:perf_hooks";

import { buildIndex, searchCriteria } from "../js/lib/coverage.js";
import { matchWord, withinOneEdit, words } from "../js/lib/criteria-search.js";
import { nosCriteria } from "./fixtures/criteria.js";

const CRITERIA = nosCriteria();
const INDEX = buildIndex(CRITERIA);
const keys = (/** @type {string} */ query, options = {}) => searchCriteria(INDEX, query, options).map((r) => r.key);

describe("words", () => {
  test("lowercases, strips accents and possessives, and splits on anything else", () => {
    assert.deepEqual(words("Individuals’ rights; the individual’s CAFÉ-based well-being"), [
      "individuals", "rights", "the", "individual", "cafe", "based", "well", "being",
    ]);
  });
});

describe("withinOneEdit", () => {
  test("accepts one substitution, insertion, deletion or swap of neighbours", () => {
    for (const [a, b] of [["dignity", "dignity"], ["dignity", "dugnity"], ["dignity", "dignty"], ["dignity", "diggnity"], ["dignity", "dingity"]]) {
      assert.equal(withinOneEdit(a, b), true, `${a}/${b}`);
    }
  });

  test("refuses two edits", () => {
    for (const [a, b] of [["dignity", "dugnuty"], ["dignity", "dinity "], ["dignity", "dgniyt"], ["dignity", "dignityxx"], ["abcd", "badc"]]) {
      assert.equal(withinOneEdit(a, b), false, `${a}/${b}`);
    }
  });
});

describe("matchWord", () => {
  test("scores exact 3, prefix 2, near miss 1, else 0", () => {
    assert.equal(matchWord("privacy", "privacy"), 3);
    assert.equal(matchWord("priv", "privacy"), 2);
    assert.equal(matchWord("privcy", "privacy"), 1);
    assert.equal(matchWord("safegaurd", "safeguarding"), 1, "a swap while still typing");
    assert.equal(matchWord("safguard", "safeguarding"), 1, "a missed letter while still typing");
    assert.equal(matchWord("prvacy", "policy"), 0);
  });

  test("allows no typo in words shorter than five letters", () => {
    assert.equal(matchWord("rihgt", "rights"), 1);
    assert.equal(matchWord("rigt", "rights"), 0);
    assert.equal(matchWord("cae", "care"), 0);
  });
});

describe("searchCriteria", () => {
  test("finds the criteria that contain every word of the query", () => {
    const results = searchCriteria(INDEX, "dignity participation");
    assert.ok(results.length > 0);
    for (const { criterion } of results) assert.match(criterion.text, /dignity.*participation|participation.*dignity/);
    const either = new Set([...keys("dignity", { limit: 999 }), ...keys("participation", { limit: 999 })]);
    assert.ok(either.size > results.length, "an OR would have found more");
  });

  test("ranks exact words above prefixes above typos", () => {
    const exact = searchCriteria(INDEX, "confidentiality")[0].score;
    const prefix = searchCriteria(INDEX, "confident")[0].score;
    const typo = searchCriteria(INDEX, "confidentiallity")[0].score;
    assert.deepEqual([exact, prefix, typo], [3, 2, 1]);
  });

  test("forgives a phone keyboard: swapped, missing and wrong letters", () => {
    const expected = keys("safeguarding");
    assert.ok(expected.length > 0);
    for (const typo of ["safegaurding", "safguarding", "safeguardinf", "Safeguarding"]) {
      assert.deepEqual(keys(typo), expected, typo);
    }
  });

  test("finds a criterion by its ref, ranking the exact ref first", () => {
    const results = searchCriteria(INDEX, "P3", { standard: "SCDHSC0389" });
    assert.equal(results[0].key, "SCDHSC0389/1/P3");
    assert.equal(results[0].score, 5);
    assert.ok(results.slice(1).every((r) => r.score < 5));
  });

  test("narrows by standard code typed in the query", () => {
    const results = searchCriteria(INDEX, "scdhsc3110 communication");
    assert.ok(results.length > 0);
    assert.ok(results.every((r) => r.criterion.standard === "SCDHSC3110"));
  });

  test("filters by standard, group and kind", () => {
    const group = CRITERIA.find((c) => c.standard === "SCDHSC0389" && c.kind === "knowledge")?.group ?? "";
    const results = searchCriteria(INDEX, "rights", { standard: "SCDHSC0389", group, kind: "knowledge" });
    assert.ok(results.length > 0);
    for (const { criterion } of results) {
      assert.deepEqual([criterion.standard, criterion.group, criterion.kind], ["SCDHSC0389", group, "knowledge"]);
    }
    assert.ok(keys("rights").length > results.length);
  });

  test("lists a filtered standard in order when the query is empty", () => {
    const results = searchCriteria(INDEX, "  ", { standard: "SCDHSC0389", limit: 3 });
    assert.deepEqual(results.map((r) => [r.key, r.score]), [
      ["SCDHSC0389/1/P1", 0],
      ["SCDHSC0389/1/P2", 0],
      ["SCDHSC0389/1/P3", 0],
    ]);
  });

  test("ignores small words unless there is nothing else", () => {
    assert.deepEqual(keys("the rights of individuals"), keys("rights individuals"));
    assert.ok(keys("the").length > 0);
  });

  test("returns nothing when one word matches nothing", () => {
    assert.deepEqual(keys("dignity xylophone"), []);
  });

  test("keeps results in library order among equal scores and honours the limit", () => {
    const results = searchCriteria(INDEX, "records", { limit: 500 });
    for (let i = 1; i < results.length; i++) {
      const [a, b] = [results[i - 1], results[i]];
      assert.ok(a.score > b.score || CRITERIA.indexOf(a.criterion) < CRITERIA.indexOf(b.criterion));
    }
    assert.equal(searchCriteria(INDEX, "records", { limit: 4 }).length, 4);
  });

  test("is quick over 700 criteria", (t) => {
    const criteria = [...CRITERIA, ...nosCriteria(2).slice(0, 120)];
    let start = performance.now();
    const index = buildIndex(criteria);
    const built = performance.now() - start;
    const queries = ["dignity", "safegaurding", "commun", "rights of individuals", "P3", "confidentiallity informaton"];
    for (const q of queries) searchCriteria(index, q); // warm up
    const times = [];
    for (let i = 0; i < 10; i++) {
      for (const q of queries) {
        start = performance.now();
        searchCriteria(index, q);
        times.push(performance.now() - start);
      }
    }
    times.sort((a, b) => a - b);
    t.diagnostic(
      `${criteria.length} criteria, ${index.postings.size} distinct words: index built in ${built.toFixed(1)} ms; ` +
        `search median ${times[times.length >> 1].toFixed(2)} ms, max ${times[times.length - 1].toFixed(2)} ms`,
    );
    assert.equal(criteria.length, 700);
    assert.ok(searchCriteria(index, "confidentiallity informaton").length > 0);
  });
});
