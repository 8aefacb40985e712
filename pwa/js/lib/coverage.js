/**
 * How far a worker's evidence covers the criteria of their standards.
 *
 * A criterion is "evidenced" when at least one evidence item links to it, whatever the item's
 * status (a draft is work in progress the worker wants to see counted), "met" when at least
 * one linked item has been accepted by an assessor, and "missing" when nothing links to it.
 * A criterion's status is the best status among its items: accepted > submitted > referred >
 * draft. Links to criteria outside the given set (a standard not loaded, an older version)
 * are reported, not silently dropped.
 *
 * Searching criteria lives in criteria-search.js; it is re-exported here for the screens that
 * show coverage and search together.
 * @module
 */

export { buildIndex, searchCriteria } from "./criteria-search.js";

/**
 * @typedef {object} Criterion
 * @property {string} standard e.g. "SCDHSC0389"
 * @property {number} version
 * @property {string} ref e.g. "P3", "K12"
 * @property {"performance" | "knowledge"} kind
 * @property {string} group the heading the criterion sits under
 * @property {string} text
 */

/** @typedef {"draft" | "submitted" | "accepted" | "referred"} EvidenceStatus */

/**
 * @typedef {object} EvidenceItem
 * @property {string} id
 * @property {EvidenceStatus} status
 * @property {string[]} criteria criterion keys
 */

/**
 * @typedef {object} StandardCoverage
 * @property {string} standard
 * @property {number} version
 * @property {number} total criteria in the standard
 * @property {string[]} evidenced keys with any linked evidence, in the standard's order
 * @property {string[]} met keys with accepted evidence
 * @property {string[]} missing keys with no evidence
 * @property {Record<EvidenceStatus, number>} byStatus criteria counted by their best status
 */

/**
 * @typedef {object} Coverage
 * @property {StandardCoverage[]} standards in the order the criteria came
 * @property {Map<string, EvidenceStatus>} statusOf criterion key -> best status (evidenced only)
 * @property {{id: string, key: string}[]} unknownLinks links to keys not in the criteria
 */

/** Higher is better. */
const STATUS_RANK = { draft: 1, referred: 2, submitted: 3, accepted: 4 };

/**
 * The key of a criterion: "SCDHSC0389/1/P3".
 * @param {Pick<Criterion, "standard" | "version" | "ref">} criterion
 */
export function criterionKey({ standard, version, ref }) {
  return `${standard}/${version}/${ref}`;
}

/**
 * Other versions' criterion keys -> the current key each became ("SCDHSC0021/1/P4" ->
 * "SCDHSC0021/2/P4"), from the cached standards' `carried` ({"1/P4": "P4"}, computed by the
 * server from the versions' diff: the same criterion, renumbered or reworded). Evidence and
 * judgements linked to an older version count for the current criterion (the twin of
 * `carried` in server/assessment/coverage.py).
 * @param {{code: string, version: number, carried?: Record<string, string>}[]} standards
 * @returns {Map<string, string>}
 */
export function carriedKeys(standards) {
  const moved = new Map();
  for (const s of standards) {
    for (const [old, ref] of Object.entries(s.carried ?? {})) moved.set(`${s.code}/${old}`, `${s.code}/${s.version}/${ref}`);
  }
  return moved;
}

/**
 * Qualification unit criterion keys -> the NOS criterion keys their unit's specification maps
 * them to ("T9000201/1/1.2" -> ["SCDHSC0389/1/P2", "SCDHSC0389/1/K45"]), at the cached NOS's
 * current version, links to refs it has not left out: evidence linked to the unit criterion
 * counts for those too (the twin of `mapped_keys` in server/assessment/coverage.py).
 * @param {{code: string, version: number, criteria: {ref: string}[], nos_links?: {ref: string, code: string, nos_ref: string}[]}[]} standards
 * @returns {Map<string, string[]>}
 */
export function mappedKeys(standards) {
  const byCode = new Map(standards.map((s) => [s.code, s]));
  const out = new Map();
  for (const s of standards) {
    for (const link of s.nos_links ?? []) {
      const nos = byCode.get(link.code);
      if (!nos || !nos.criteria.some((c) => c.ref === link.nos_ref)) continue;
      const from = `${s.code}/${s.version}/${link.ref}`;
      const to = `${nos.code}/${nos.version}/${link.nos_ref}`;
      const list = out.get(from) ?? [];
      if (!list.includes(to)) out.set(from, [...list, to]);
    }
  }
  return out;
}

/** Keys moved onto the current version, with the NOS keys a unit key maps to, each once. @param {string[]} keys @param {Map<string, string>} moved @param {Map<string, string[]>} [also] */
export const currentKeys = (keys, moved, also = new Map()) => {
  const current = keys.map((k) => moved.get(k) ?? k);
  return [...new Set([...current, ...current.flatMap((k) => also.get(k) ?? [])])];
};

const WORST_FIRST = ["removed", "not_met", "partly_met", "met"];

/**
 * Judgements moved onto the current version; a NOS criterion a judged unit criterion maps to
 * gets the decision's own judgement of it, else the worst of the unit criteria's mapped to it.
 * @param {Record<string, string> | undefined} judged @param {Map<string, string>} moved @param {Map<string, string[]>} [also]
 */
export const currentJudgements = (judged, moved, also = new Map()) => {
  const out = Object.fromEntries(Object.entries(judged ?? {}).map(([k, v]) => [moved.get(k) ?? k, v]));
  /** @type {Record<string, string>} */
  const derived = {};
  for (const [key, value] of Object.entries(out)) {
    for (const target of also.get(key) ?? []) {
      const rank = Math.max(WORST_FIRST.indexOf(value), 0);
      if (derived[target] === undefined || rank < WORST_FIRST.indexOf(derived[target])) derived[target] = WORST_FIRST[rank];
    }
  }
  for (const [target, value] of Object.entries(derived)) if (!Object.hasOwn(out, target)) out[target] = value;
  return out;
};

/**
 * Coverage of `criteria` by `items`, per standard (and version).
 * @param {Criterion[]} criteria
 * @param {EvidenceItem[]} items
 * @returns {Coverage}
 */
export function computeCoverage(criteria, items) {
  const known = new Set(criteria.map(criterionKey));
  /** @type {Map<string, EvidenceStatus>} */
  const statusOf = new Map();
  const unknownLinks = [];
  for (const item of items) {
    if (!Object.hasOwn(STATUS_RANK, item.status)) throw new RangeError(`unknown evidence status: ${item.status}`);
    for (const key of new Set(item.criteria)) {
      if (!known.has(key)) unknownLinks.push({ id: item.id, key });
      else {
        const previous = statusOf.get(key);
        if (!previous || STATUS_RANK[item.status] > STATUS_RANK[previous]) statusOf.set(key, item.status);
      }
    }
  }
  /** @type {Map<string, StandardCoverage>} */
  const standards = new Map();
  for (const c of criteria) {
    const id = `${c.standard}/${c.version}`;
    let entry = standards.get(id);
    if (!entry) standards.set(id, (entry = emptyCoverage(c.standard, c.version)));
    const key = criterionKey(c);
    const status = statusOf.get(key);
    entry.total += 1;
    if (!status) entry.missing.push(key);
    else {
      entry.evidenced.push(key);
      entry.byStatus[status] += 1;
      if (status === "accepted") entry.met.push(key);
    }
  }
  return { standards: [...standards.values()], statusOf, unknownLinks };
}

/** @param {string} standard @param {number} version @returns {StandardCoverage} */
function emptyCoverage(standard, version) {
  return {
    standard,
    version,
    total: 0,
    evidenced: [],
    met: [],
    missing: [],
    byStatus: { draft: 0, submitted: 0, accepted: 0, referred: 0 },
  };
}

/**
 * The assessment rule (the twin of server/assessment/coverage.py). For each criterion:
 * - `met`: linked by evidence an assessor accepted, whose latest decision did not judge this
 *   criterion `not_met` or `partly_met` (a decision judging no criterion individually accepts
 *   every criterion the evidence links);
 * - `waiting`: otherwise, linked by evidence submitted and waiting for assessment;
 * - `none`: otherwise (drafts and referred evidence are listed but do not count).
 * @typedef {"met" | "waiting" | "none"} RuleState
 * @typedef {{evidence_id: string, judgements?: Record<string, string>, order: number}} DecisionRow
 * @typedef {"met" | "waiting" | "linked"} CellState what one linked item says about one criterion
 * @typedef {{id: string, state: CellState, judged: string | null}} Cell one linked item (`judged`: its latest decision's judgement of the criterion)
 * @typedef {{key: string, criterion: Criterion, state: RuleState, evidence: string[], metBy: string[], cells: Cell[]}} CriterionState
 * @typedef {{standard: string, version: number, total: number, met: number, waiting: number, none: number, criteria: CriterionState[]}} RuleCoverage
 */

/**
 * The latest decision per evidence item (highest `order`: the scope version, or later for a
 * decision still queued on this device).
 * @param {DecisionRow[]} decisions
 * @returns {Map<string, DecisionRow>}
 */
export function latestDecisions(decisions) {
  const latest = new Map();
  for (const d of [...decisions].sort((a, b) => a.order - b.order)) latest.set(d.evidence_id, d);
  return latest;
}

/**
 * What one linked item says about one criterion, by the assessment rule: `met` (accepted, and
 * its latest decision did not judge this criterion `not_met` or `partly_met`; a decision
 * judging no criterion individually accepts every criterion the item links), `waiting`
 * (submitted), else `linked` (a draft, referred, or accepted with this criterion judged
 * partly or not yet met). A criterion is met when one of its cells is met.
 * @param {EvidenceItem} item @param {string} key @param {Map<string, DecisionRow>} latest
 * @returns {CellState}
 */
export function cellState(item, key, latest) {
  if (item.status === "submitted") return "waiting";
  if (item.status !== "accepted") return "linked";
  const judged = latest.get(item.id)?.judgements ?? {};
  return !Object.keys(judged).length || (judged[key] ?? "met") === "met" ? "met" : "linked";
}

/**
 * The coverage grid of one standard: criteria down the side, the items that link any of its
 * criteria across, numbered from 1 (oldest practice first, so a number stays with an item
 * as new ones arrive), each cell the item's state for that criterion (`cellState`).
 * @param {RuleCoverage} standard one entry of `ruleCoverage`
 * @param {{id: string, fields: Record<string, any>}[]} items the portfolio's items
 * @returns {{columns: {id: string, n: number}[], rows: (CriterionState & {cells: (Cell & {n: number})[]})[]}}
 */
export function coverageGrid(standard, items) {
  const linked = new Set(standard.criteria.flatMap((c) => c.evidence));
  const when = new Map(items.map((i) => [i.id, `${i.fields.occurred_at ?? "9999"}${i.id}`]));
  const columns = [...linked].sort((a, b) => (when.get(a) ?? a).localeCompare(when.get(b) ?? b)).map((id, i) => ({ id, n: i + 1 }));
  const number = new Map(columns.map((c) => [c.id, c.n]));
  const rows = standard.criteria.map((c) => ({ ...c, cells: c.cells.map((cell) => ({ ...cell, n: number.get(cell.id) ?? 0 })).sort((a, b) => a.n - b.n) }));
  return { columns, rows };
}

/**
 * Coverage by the assessment rule, per standard (and version), criteria in their order.
 * @param {Criterion[]} criteria
 * @param {EvidenceItem[]} items
 * @param {DecisionRow[]} decisions
 * @param {Map<string, string>} [moved] other versions' keys -> the current key (`carriedKeys`):
 *   links and judgements on an older version count for the criterion they became
 * @returns {RuleCoverage[]}
 */
export function ruleCoverage(criteria, items, decisions, moved = new Map()) {
  const latest = new Map([...latestDecisions(decisions)].map(([id, d]) => [id, { ...d, judgements: currentJudgements(d.judgements, moved) }]));
  /** @type {Map<string, EvidenceItem[]>} */
  const linked = new Map();
  for (const item of items) {
    for (const key of currentKeys(item.criteria, moved)) linked.set(key, [...(linked.get(key) ?? []), item]);
  }

  /** @type {Map<string, RuleCoverage>} */
  const out = new Map();
  for (const c of criteria) {
    const id = `${c.standard}/${c.version}`;
    let entry = out.get(id);
    if (!entry) out.set(id, (entry = { standard: c.standard, version: c.version, total: 0, met: 0, waiting: 0, none: 0, criteria: [] }));
    const key = criterionKey(c);
    const these = linked.get(key) ?? [];
    const cells = these.map((i) => ({ id: i.id, state: cellState(i, key, latest), judged: latest.get(i.id)?.judgements?.[key] ?? null }));
    const metBy = cells.filter((cell) => cell.state === "met").map((cell) => cell.id);
    /** @type {RuleState} */
    const state = metBy.length ? "met" : these.some((i) => i.status === "submitted") ? "waiting" : "none";
    entry.total += 1;
    entry[state] += 1;
    entry.criteria.push({ key, criterion: c, state, evidence: these.map((i) => i.id), metBy, cells });
  }
  return [...out.values()];
}
