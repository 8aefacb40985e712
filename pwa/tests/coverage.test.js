import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

import { carriedKeys, computeCoverage, coverageGrid, criterionKey, currentJudgements, currentKeys, ruleCoverage } from "../js/lib/coverage.js";
import { nosCriteria } from "./fixtures/criteria.js";

/** @param {string} ref @param {string} [standard] @returns {import("../js/lib/coverage.js").Criterion} */
const criterion = (ref, standard = "SCDHSC0389") => ({
  standard,
  version: 1,
  ref,
  kind: ref.startsWith("P") ? "performance" : "knowledge",
  group: "Rights",
  text: `criterion ${ref}`,
});

const CRITERIA = [criterion("P1"), criterion("P2"), criterion("P3"), criterion("K1"), criterion("P1", "SCDHSC3110")];

describe("criterionKey", () => {
  test("joins standard, version and ref with slashes", () => {
    assert.equal(criterionKey({ standard: "SCDHSC0389", version: 1, ref: "P3" }), "SCDHSC0389/1/P3");
  });
});

describe("computeCoverage", () => {
  test("splits each standard's criteria into evidenced, met and missing", () => {
    const { standards } = computeCoverage(CRITERIA, [
      { id: "e1", status: "accepted", criteria: ["SCDHSC0389/1/P1", "SCDHSC0389/1/K1"] },
      { id: "e2", status: "draft", criteria: ["SCDHSC0389/1/P2"] },
    ]);
    assert.deepEqual(standards[0], {
      standard: "SCDHSC0389",
      version: 1,
      total: 4,
      evidenced: ["SCDHSC0389/1/P1", "SCDHSC0389/1/P2", "SCDHSC0389/1/K1"],
      met: ["SCDHSC0389/1/P1", "SCDHSC0389/1/K1"],
      missing: ["SCDHSC0389/1/P3"],
      byStatus: { draft: 1, submitted: 0, accepted: 2, referred: 0 },
    });
    assert.deepEqual(standards[1].missing, ["SCDHSC3110/1/P1"]);
    assert.equal(standards.length, 2);
  });

  test("takes a criterion's best status: accepted > submitted > referred > draft", () => {
    const key = "SCDHSC0389/1/P1";
    const statusAfter = (/** @type {string[]} */ statuses) =>
      computeCoverage(CRITERIA, statuses.map((status, i) => ({ id: `e${i}`, status: /** @type {any} */ (status), criteria: [key] })))
        .statusOf.get(key);
    assert.equal(statusAfter(["draft", "referred"]), "referred");
    assert.equal(statusAfter(["referred", "submitted", "draft"]), "submitted");
    assert.equal(statusAfter(["submitted", "accepted", "referred"]), "accepted");
    assert.equal(statusAfter(["draft"]), "draft");
    assert.equal(statusAfter([]), undefined);
  });

  test("counts referred and submitted evidence as evidenced but not met", () => {
    const { standards } = computeCoverage(CRITERIA, [
      { id: "e1", status: "referred", criteria: ["SCDHSC0389/1/P1"] },
      { id: "e2", status: "submitted", criteria: ["SCDHSC0389/1/P2"] },
    ]);
    assert.deepEqual(standards[0].evidenced, ["SCDHSC0389/1/P1", "SCDHSC0389/1/P2"]);
    assert.deepEqual(standards[0].met, []);
  });

  test("counts one item across standards, and a repeated link once", () => {
    const { standards } = computeCoverage(CRITERIA, [
      { id: "e1", status: "submitted", criteria: ["SCDHSC0389/1/P3", "SCDHSC3110/1/P1", "SCDHSC3110/1/P1"] },
    ]);
    assert.deepEqual(standards.map((s) => [s.standard, s.evidenced.length, s.byStatus.submitted]), [
      ["SCDHSC0389", 1, 1],
      ["SCDHSC3110", 1, 1],
    ]);
  });

  test("reports links to criteria outside the set instead of dropping them silently", () => {
    const { unknownLinks, standards } = computeCoverage(CRITERIA, [
      { id: "e1", status: "accepted", criteria: ["SCDHSC0389/2/P1", "SCDHSC0389/1/P1"] },
    ]);
    assert.deepEqual(unknownLinks, [{ id: "e1", key: "SCDHSC0389/2/P1" }]);
    assert.deepEqual(standards[0].met, ["SCDHSC0389/1/P1"]);
  });

  test("keeps two versions of one standard apart", () => {
    const v2 = { ...criterion("P1"), version: 2 };
    const { standards } = computeCoverage([criterion("P1"), v2], [
      { id: "e1", status: "accepted", criteria: ["SCDHSC0389/2/P1"] },
    ]);
    assert.deepEqual(standards.map((s) => [s.version, s.met.length, s.missing.length]), [[1, 0, 1], [2, 1, 0]]);
  });

  test("refuses an unknown evidence status", () => {
    assert.throws(
      () => computeCoverage(CRITERIA, [{ id: "e1", status: /** @type {any} */ ("approved"), criteria: [] }]),
      RangeError,
    );
  });

  test("adds up over the five bundled standards and is quick on 2,000 items", (t) => {
    const criteria = [...nosCriteria(1), ...nosCriteria(2).slice(0, 150)];
    const keys = criteria.map(criterionKey);
    const statuses = /** @type {const} */ (["draft", "submitted", "accepted", "referred"]);
    const items = Array.from({ length: 2000 }, (_, i) => ({
      id: `e${i}`,
      status: statuses[i % 4],
      criteria: [keys[(i * 7) % keys.length], keys[(i * 13 + 5) % keys.length], keys[(i * 31 + 11) % keys.length]],
    }));
    const start = performance.now();
    const { standards } = computeCoverage(criteria, items);
    const ms = performance.now() - start;
    t.diagnostic(`computeCoverage: ${items.length} items x ${criteria.length} criteria in ${ms.toFixed(2)} ms`);
    for (const s of standards) {
      assert.equal(s.evidenced.length + s.missing.length, s.total);
      assert.ok(s.met.every((k) => s.evidenced.includes(k)));
      assert.equal(Object.values(s.byStatus).reduce((a, b) => a + b, 0), s.evidenced.length);
    }
    assert.equal(standards.reduce((n, s) => n + s.total, 0), criteria.length);
    assert.equal(criteria.length, 730);
  });
});

describe("ruleCoverage (the server's rule: met, waiting, none)", () => {
  const P1 = "SCDHSC0389/1/P1";
  const P2 = "SCDHSC0389/1/P2";
  const P3 = "SCDHSC0389/1/P3";
  const states = (items, decisions = []) => Object.fromEntries(
    ruleCoverage(CRITERIA, items, decisions)[0].criteria.map((c) => [c.key.split("/")[2], c.state]));

  test("accepted evidence meets its criteria, submitted evidence waits, drafts and referred count as none", () => {
    assert.deepEqual(states([
      { id: "e1", status: "accepted", criteria: [P1] },
      { id: "e2", status: "submitted", criteria: [P2] },
      { id: "e3", status: "draft", criteria: [P3] },
      { id: "e4", status: "referred", criteria: ["SCDHSC0389/1/K1"] },
    ]), { P1: "met", P2: "waiting", P3: "none", K1: "none" });
  });

  test("a criterion the latest decision judged not met or partly met is not met by that item", () => {
    const items = [{ id: "e1", status: "accepted", criteria: [P1, P2, P3] }];
    const decisions = [
      { evidence_id: "e1", judgements: { [P1]: "not_met" }, order: 1 },
      { evidence_id: "e1", judgements: { [P1]: "met", [P2]: "partly_met" }, order: 2 },
    ];
    assert.deepEqual(states(items, decisions), { P1: "met", P2: "none", P3: "met", K1: "none" });
  });

  test("a not-met criterion of accepted evidence still waits when other submitted evidence links it", () => {
    const items = [{ id: "e1", status: "accepted", criteria: [P1] }, { id: "e2", status: "submitted", criteria: [P1] }];
    const [s] = ruleCoverage(CRITERIA, items, [{ evidence_id: "e1", judgements: { [P1]: "not_met" }, order: 1 }]);
    assert.deepEqual(s.criteria[0], { key: P1, criterion: CRITERIA[0], state: "waiting", evidence: ["e1", "e2"], metBy: [],
      cells: [{ id: "e1", state: "linked", judged: "not_met" }, { id: "e2", state: "waiting", judged: null }] });
    assert.deepEqual([s.total, s.met, s.waiting, s.none], [4, 0, 1, 3]);
  });

  test("agrees with the server rule's cases in tests/assessment", () => {
    // accepted with no decision judging anything individually: every linked criterion met
    assert.deepEqual(states([{ id: "e1", status: "accepted", criteria: [P1, P2] }], [{ evidence_id: "e1", judgements: {}, order: 1 }]),
      { P1: "met", P2: "met", P3: "none", K1: "none" });
  });
});

test("evidence and judgements on an older version count for the criterion each became", () => {
  const standards = [{ code: "SCDHSC0021", version: 2, carried: { "1/P1": "P1", "1/P3": "P4" } }];
  const moved = carriedKeys(standards);
  assert.deepEqual(currentKeys(["SCDHSC0021/1/P1", "SCDHSC0021/2/P1", "SCDHSC0021/1/P3", "SCDHSC0021/1/P2"], moved),
    ["SCDHSC0021/2/P1", "SCDHSC0021/2/P4", "SCDHSC0021/1/P2"]);
  assert.deepEqual(currentJudgements({ "SCDHSC0021/1/P3": "not_met" }, moved), { "SCDHSC0021/2/P4": "not_met" });
  const criteria = ["P1", "P2", "P4"].map((ref) => ({ standard: "SCDHSC0021", version: 2, ref, kind: "performance", group: "", text: ref }));
  const items = [{ id: "e1", status: "accepted", criteria: currentKeys(["SCDHSC0021/1/P1", "SCDHSC0021/1/P3"], moved) }];
  const [rule] = ruleCoverage(criteria, items, [{ evidence_id: "e1", judgements: currentJudgements({ "SCDHSC0021/1/P3": "not_met" }, moved), order: 1 }]);
  assert.deepEqual(rule.criteria.map((c) => [c.criterion.ref, c.state]), [["P1", "met"], ["P2", "none"], ["P4", "none"]]);
});

// The assessment rule against the golden cases the server runs too
// (sync/golden/rules/coverage.json, tests/assessment/test_coverage_golden.py).
const COVERAGE_CASES = JSON.parse(readFileSync(new URL("../../sync/golden/rules/coverage.json", import.meta.url), "utf8"));
const fromKey = (/** @type {string} */ key) => {
  const [standard, version, ref] = key.split("/");
  return { standard, version: Number(version), ref, kind: ref[0] === "P" ? "performance" : "knowledge", group: "", text: "" };
};
for (const c of COVERAGE_CASES) {
  test(`golden: ${c.name}`, () => {
    const moved = new Map(Object.entries(c.carried ?? {}));
    const got = {};
    for (const s of ruleCoverage(c.criteria.map(fromKey), c.evidence, c.decisions, moved)) {
      for (const r of s.criteria) got[r.key] = { state: r.state, evidence: r.evidence, met_by: r.metBy };
    }
    assert.deepEqual(got, c.expect);
  });
}
describe("coverageGrid (criteria down the side, items across)", () => {
  const P = (/** @type {string} */ ref) => `SCDHSC0389/1/${ref}`;
  const items = [
    { id: "late", status: "submitted", criteria: [P("P1"), P("P2")], occurred_at: "2026-03-05" },
    { id: "early", status: "accepted", criteria: [P("P1"), P("K1")], occurred_at: "2026-01-10" },
    { id: "mid", status: "accepted", criteria: [P("P2")], occurred_at: "2026-02-01" },
    { id: "draft", status: "draft", criteria: [P("P3")], occurred_at: "2026-02-20" },
    { id: "other", status: "accepted", criteria: ["SCDHSC3110/1/P1"], occurred_at: "2026-01-01" },
  ];
  const decisions = [
    { evidence_id: "early", judgements: { [P("P1")]: "met", [P("K1")]: "partly_met" }, order: 3 },
    { evidence_id: "mid", judgements: {}, order: 4 },
  ];
  const [std] = ruleCoverage(CRITERIA, items, decisions);
  const grid = coverageGrid(std, items.map(({ id, occurred_at }) => ({ id, fields: { occurred_at } })));

  test("numbers the standard's items oldest first and leaves out items of other standards", () => {
    assert.deepEqual(grid.columns, [{ id: "early", n: 1 }, { id: "mid", n: 2 }, { id: "draft", n: 3 }, { id: "late", n: 4 }]);
  });

  test("each cell is judged met, waiting or linked, by the same rule as the counts", () => {
    const cells = Object.fromEntries(grid.rows.map((r) => [r.criterion.ref, r.cells.map((c) => `${c.n}:${c.state}`)]));
    assert.deepEqual(cells, { P1: ["1:met", "4:waiting"], P2: ["2:met", "4:waiting"], P3: ["3:linked"], K1: ["1:linked"] });
    assert.deepEqual(grid.rows.map((r) => r.state), ["met", "met", "none", "none"]);
    assert.equal(grid.rows[3].cells[0].judged, "partly_met");
    assert.deepEqual([std.met, std.waiting, std.none], [2, 0, 2]);
  });
});
