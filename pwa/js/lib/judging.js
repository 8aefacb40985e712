/**
 * Judging an evidence item on the assessor's device. Pure: it turns what the assessor chose
 * into the one push batch the server expects, or says why it cannot.
 *
 * The batch, in order: the criteria edits (before the transition, because accepted evidence
 * is locked), the write-once `decision` record (outcome, feedback, the judgements the
 * assessor made, and `removed` for each criterion taken off the item), then the evidence's
 * transition to the same outcome. Nothing is judged until the assessor judges it: accepting
 * needs every criterion judged and one met, referring back needs written feedback and records
 * no judgement for a criterion left unjudged (the rules of lib/decisions.js, which the server
 * keeps too). Unlocking accepted evidence is the transition `accepted → referred`,
 * which needs a reason.
 *
 * Whether the assessor may edit the criteria set of a worker's evidence is read from the
 * published registry (`writers` of `evidence.criteria`), never assumed.
 * @module
 */

import { refusal } from "./decisions.js";
import { REGISTRY } from "./registry.js";

export const JUDGEMENTS = /** @type {const} */ (["met", "partly_met", "not_met"]);
export const JUDGEMENT_WORDS = { met: "Met", partly_met: "Partly met", not_met: "Not yet met", removed: "Removed from the item" };

/** What the assessor reads when a decision cannot be recorded yet (codes of lib/decisions.js). */
const REFUSAL_WORDS = {
  judgements_incomplete: "To accept, judge every criterion: met, partly met or not yet met (or remove it from the item).",
  nothing_met: "No criterion is judged met: refer the item back instead of accepting it.",
  feedback_required: "Write feedback for the worker to refer this back.",
  signature_changed: "The testimony changed after the witness signed it: refer it back so the witness signs it again.",
};

/** True when the registry lets an assessor add and remove criteria on a worker's evidence. */
export function assessorEditsCriteria(registry = REGISTRY) {
  const spec = registry.evidence?.fields.find((f) => f.name === "criteria");
  return Boolean(spec?.writers.includes("assessor"));
}

/**
 * @typedef {object} Judgement
 * @property {string} scope portfolio scope of the worker
 * @property {{id: string, fields: Record<string, any>}} evidence as the device shows it
 * @property {"accepted" | "referred"} outcome
 * @property {string} feedback
 * @property {string[]} criteria the criteria the evidence should link after judging
 * @property {Record<string, string>} judgements criterion key → met | partly_met | not_met
 * @property {string} decisionId a new id for the decision record
 * @property {string} decidedAt ISO time (phone time: data, never an order)
 * @property {boolean} [canEditCriteria] default: from the registry
 */

/**
 * @param {Judgement} j
 * @returns {{error: string, code?: string} | {mutations: any[]}}
 */
export function planDecision(j) {
  const status = j.evidence.fields.status;
  if (status !== "submitted") return { error: `Only submitted evidence can be judged; this is ${status ?? "a draft"}.` };
  if (j.outcome !== "accepted" && j.outcome !== "referred") return { error: "Choose accept or refer back." };
  const feedback = j.feedback.trim();
  if (j.outcome === "referred" && !feedback) return { error: "Write feedback for the worker to refer this back.", code: "feedback_required" };
  const before = new Set(j.evidence.fields.criteria ?? []);
  const after = new Set(j.criteria);
  const add = [...after].filter((k) => !before.has(k)).sort();
  const remove = [...before].filter((k) => !after.has(k)).sort();
  const canEdit = j.canEditCriteria ?? assessorEditsCriteria();
  if ((add.length || remove.length) && !canEdit) {
    return { error: "The server does not yet let assessors change the criteria of a worker's evidence. Judge a criterion 'Not yet met' to leave it out, or refer the item back asking for the change." };
  }
  /** @type {Record<string, string>} */
  const judgements = {};
  for (const key of [...after].sort()) {
    const value = j.judgements[key];
    if (value === undefined || value === null || value === "") continue; // not judged: nothing recorded
    if (!JUDGEMENTS.includes(/** @type {any} */ (value))) return { error: `Unknown judgement ${value} for ${key}.` };
    judgements[key] = value;
  }
  for (const key of remove) judgements[key] = "removed";
  const refused = refusal({ outcome: j.outcome, feedback, judgements }, { ...j.evidence.fields, status, criteria: [...after] });
  if (refused) return { error: REFUSAL_WORDS[refused[0]] ?? refused[1], code: refused[0] };
  const head = { scope: j.scope, entity: "evidence", id: j.evidence.id };
  /** @type {any[]} */
  const mutations = [];
  if (add.length || remove.length) {
    mutations.push({ op: "update", ...head, ...(add.length ? { add: { criteria: add } } : {}), ...(remove.length ? { remove: { criteria: remove } } : {}) });
  }
  mutations.push({ op: "create", scope: j.scope, entity: "decision", id: j.decisionId,
    fields: { evidence_id: j.evidence.id, outcome: j.outcome, feedback, judgements, decided_at: j.decidedAt } });
  mutations.push({ op: "transition", ...head, to: j.outcome });
  return { mutations };
}

/**
 * Unlock accepted evidence: back to referred, with the reason (kept in the audit trail).
 * @param {string} scope @param {{id: string, fields: Record<string, any>}} evidence @param {string} reason
 * @returns {{error: string} | {mutations: any[]}}
 */
export function planUnlock(scope, evidence, reason) {
  if (evidence.fields.status !== "accepted") return { error: "Only accepted evidence is locked." };
  if (!reason.trim()) return { error: "Give the reason for unlocking: it is kept in the audit trail." };
  return { mutations: [{ op: "transition", scope, entity: "evidence", id: evidence.id, to: "referred", reason: reason.trim() }] };
}
