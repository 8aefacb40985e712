import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { performance } from "node:perf_hooks";

import { readFileSync } from "node:fs";

import { buildIndex, searchCriteria } from "../js/lib/coverage.js";
import { RELATED, STOPWORDS, matchWord, nearMiss, singular, words } from "../js/lib/criteria-search.js";
import { EXAMPLES } from "../js/screens/criteria-picker.js";
import { nosCriteria } from "./fixtures/criteria.js";

const GOLDEN = new URL("../../standards/golden/", import.meta.url);
const golden = (/** @type {string} */ name) => JSON.parse(readFileSync(new URL(name, GOLDEN), "utf8"));

const CRITERIA = nosCriteria();
const INDEX = buildIndex(CRITERIA);
const keys = (/** @type {string} */ query, options = {}) => searchCriteria(INDEX, query, options).map((r) => r.key);

describe("words", () => {
  test("lowercases, strips accents and possessives, splits on anything else, and joins hyphenated words", () => {
    assert.deepEqual(words("Individuals’ rights; the individual’s CAFÉ-based Safe-guarding"), [
      "individuals", "rights", "the", "individual", "cafe", "based", "cafebased", "safe", "guarding", "safeguarding",
    ]);
  });
});

describe("singular", () => {
  test("folds plurals and leaves other words alone", () => {
    const cases = { families: "family", needs: "need", boxes: "box", wishes: "wish", processes: "process", rights: "right",
      process: "process", analysis: "analysis", status: "status", has: "has", k12: "k12" };
    for (const [word, expected] of Object.entries(cases)) assert.equal(singular(word), expected, word);
  });
});

describe("nearMiss", () => {
  test("accepts one substitution, insertion, deletion or swap of neighbours within a limit of one", () => {
    for (const [a, b] of [["dignity", "dignity"], ["dignity", "dugnity"], ["dignity", "dignty"], ["dignity", "diggnity"], ["dignity", "dingity"]]) {
      assert.equal(nearMiss(a, b, 1), true, `${a}/${b}`);
    }
  });

  test("refuses two edits within a limit of one, and accepts them within two", () => {
    for (const [a, b] of [["dignity", "dugnuty"], ["dignity", "dgniyt"], ["abcd", "badc"]]) {
      assert.equal(nearMiss(a, b, 1), false, `${a}/${b}`);
    }
    assert.equal(nearMiss("confidentailty", "confidentiality", 2), true);
  });

  test("accepts a near miss of a word's beginning (still typing)", () => {
    assert.equal(nearMiss("safegaur", "safeguarding", 2), true);
    assert.equal(nearMiss("comunicat", "communication", 2), true);
  });
});

describe("matchWord", () => {
  test("scores the same word 3, its beginning 2, a near miss 1, else 0", () => {
    assert.equal(matchWord("privacy", "privacy"), 3);
    assert.equal(matchWord("priv", "privacy"), 2);
    assert.equal(matchWord("privcy", "privacy"), 1);
    assert.equal(matchWord("safegaurd", "safeguarding"), 1, "a swap while still typing");
    assert.equal(matchWord("safguard", "safeguarding"), 1, "a missed letter while still typing");
    assert.equal(matchWord("prvacy", "policy"), 0);
  });

  test("allows no typo in words shorter than five letters, one up to seven, two from eight", () => {
    assert.equal(matchWord("rihgt", "rights"), 1);
    assert.equal(matchWord("rigt", "rights"), 0);
    assert.equal(matchWord("cae", "care"), 0);
    assert.equal(matchWord("dgniyt", "dignity"), 0);
    assert.equal(matchWord("confidentailty", "confidentiality"), 1);
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

  test("ranks exact words above prefixes above typos, in the text twice as high as elsewhere", () => {
    const exact = searchCriteria(INDEX, "confidentiality")[0].score;
    const prefix = searchCriteria(INDEX, "confident")[0].score;
    const typo = searchCriteria(INDEX, "confidentiallity")[0].score;
    assert.deepEqual([exact, prefix, typo], [6, 4, 2]);
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
    assert.equal(results[0].score, 10);
    assert.ok(results.slice(1).every((r) => r.score < 10));
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

describe("golden cases (the server's standards/search.py runs the same)", () => {
  const { stopwords, related, cases } = golden("search-cases.json");
  const standards = golden("search-standards.json");
  const criteria = standards.flatMap((/** @type {any} */ s) => s.criteria.map((/** @type {any} */ c) => ({ standard: s.code, version: s.version, ...c })));
  const index = buildIndex(criteria, Object.fromEntries(standards.map((/** @type {any} */ s) => [s.code, s.glossary])));
  const find = (/** @type {string} */ query, options = {}) => searchCriteria(index, query, { limit: 999, ...options });

  test("the stop words and related words are the golden file's", () => {
    assert.deepEqual(STOPWORDS, stopwords);
    assert.deepEqual(RELATED, related);
  });

  test("ranks every recorded query exactly as recorded, point for point", () => {
    const { rankings } = golden("search-cases.json");
    assert.ok(Object.keys(rankings).length > 0);
    for (const [query, ranking] of Object.entries(rankings)) {
      assert.deepEqual(find(query).map((r) => [r.key, r.score]), ranking, query);
    }
  });

  test("every example in the search box's placeholder finds criteria, and has a golden case", () => {
    for (const example of EXAMPLES) {
      assert.ok(find(example).length > 0, example);
      assert.ok(cases.some((/** @type {any} */ c) => c.query === example), `a golden case for ${example}`);
    }
  });

  for (const { name, query, options, expect } of cases) {
    test(name, () => {
      const found = find(query, options);
      const keys = found.map((r) => r.key);
      if (expect.keys) assert.deepEqual(keys, expect.keys);
      if (expect.first) assert.deepEqual(keys.slice(0, expect.first.length), expect.first);
      if (expect.first_score !== undefined) assert.equal(found[0].score, expect.first_score);
      for (const key of expect.includes ?? []) assert.ok(keys.includes(key), `${key} in ${keys}`);
      if (expect.count !== undefined) assert.equal(keys.length, expect.count);
      if (expect.same_as) assert.deepEqual([...keys].sort(), find(expect.same_as).map((r) => r.key).sort());
      if (expect.all_start) assert.ok(keys.length > 0 && keys.every((k) => k.startsWith(expect.all_start)), keys.join());
    });
  }
});

test("typing a unit's criterion number (2.1) finds that criterion, not the others with the same digits", () => {
  const unit = ["1.1", "1.2", "2.1", "2.2"].map((ref) => ({ standard: "T9000201", version: 1, ref, kind: "assessment", group: "G", text: `criterion ${ref.replace(".", " ")}` }));
  const index = buildIndex(unit, {});
  assert.deepEqual(searchCriteria(index, "2.1").map((r) => r.criterion.ref), ["2.1"]);
  assert.deepEqual(searchCriteria(index, "1.2").map((r) => r.criterion.ref), ["1.2"]);
});
