// Evidence linked to a unit's criterion counts for the NOS criteria the unit maps it to: the
// golden cases the server's coverage (server/assessment/coverage.py) runs too.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { carriedKeys, currentJudgements, currentKeys, mappedKeys, ruleCoverage } from "../js/lib/coverage.js";

const GOLDEN = JSON.parse(readFileSync(new URL("../../tests/fixtures/coverage/unit-mapping.json", import.meta.url), "utf8"));

for (const c of GOLDEN.cases) {
  test(c.name, () => {
    const standards = GOLDEN.standards;
    const criteria = standards.flatMap((s) => s.criteria.map((/** @type {any} */ x) => ({ standard: s.code, version: s.version, ...x })));
    const moved = carriedKeys(standards);
    const also = mappedKeys(standards);
    const items = c.evidence.map((/** @type {any} */ e) => ({ ...e, criteria: currentKeys(e.criteria, moved, also) }));
    const decisions = c.decisions.map((/** @type {any} */ d) => ({ ...d, judgements: currentJudgements(d.judgements, moved, also) }));
    const states = Object.fromEntries(ruleCoverage(criteria, items, decisions).flatMap((s) => s.criteria.map((x) => [x.key, x.state])));
    assert.deepEqual(Object.fromEntries(Object.keys(c.expect).map((k) => [k, states[k]])), c.expect);
  });
}
