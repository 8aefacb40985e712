/**
 * The rules an assessment decision keeps: the twin of sync/decisions.py (the prose of the
 * rules is there), run against the same golden cases (sync/golden/decisions.json).
 *
 * A decision is checked against the evidence it judges as it stands: the evidence is waiting
 * for assessment; an acceptance judges every linked criterion (met, partly met, not yet met)
 * and at least one is met; a referral has feedback and may leave criteria unjudged; a
 * criterion judged `removed` is no longer linked. Evidence moves to accepted only through its
 * latest decision, made since it was last submitted, which still covers its criteria.
 * @module
 */

import { reviewStatesNow, witnessStateNow } from "./signatures.js";

export const JUDGED = /** @type {const} */ (["met", "partly_met", "not_met"]);

/**
 * Why the decision may not be recorded on the evidence (their fields), or null.
 * @param {Record<string, any>} decision @param {Record<string, any> | null} evidence
 * @returns {[string, string] | null}
 */
export function refusal(decision, evidence) {
  if (!evidence) return ["evidence_not_found", "The evidence this decision judges is not in the portfolio."];
  if (evidence.status !== "submitted") {
    return ["not_submitted", `Only evidence waiting for assessment can be judged; this is ${evidence.status || "draft"}.`];
  }
  const judgements = decision.judgements ?? {};
  const linked = [...new Set(evidence.criteria ?? [])].sort();
  const still = Object.keys(judgements).filter((k) => judgements[k] === "removed" && linked.includes(k)).sort();
  if (still.length) return ["removed_still_linked", `Judged removed but still linked: ${still.join(", ")}.`];
  if (decision.outcome === "accepted") {
    if (evidence.witness && witnessStateNow(evidence.witness) === "changed") {
      return ["signature_changed", "The testimony changed after the witness signed it: it needs signing again before it can be accepted."];
    }
    return uncovered(judgements, linked);
  }
  if (!String(decision.feedback ?? "").trim()) return ["feedback_required", "Write feedback for the worker to refer the item back."];
  return null;
}

/** @param {Record<string, string>} judgements @param {string[]} linked @returns {[string, string] | null} */
function uncovered(judgements, linked) {
  const missing = linked.filter((k) => !JUDGED.includes(/** @type {any} */ (judgements[k])));
  if (missing.length) {
    return ["judgements_incomplete", `To accept, judge every criterion linked to the item; not judged: ${missing.join(", ")}.`];
  }
  if (!linked.some((k) => judgements[k] === "met")) {
    return ["nothing_met", "No criterion is judged met: refer the item back instead of accepting it."];
  }
  return null;
}

/**
 * Why the evidence (its fields before the move) may not move to accepted through its latest
 * decision (fields or null), or null. Versions: the evidence's last status change, the decision's.
 * @param {Record<string, any>} evidence @param {number} statusVersion
 * @param {Record<string, any> | null} decision @param {number} decisionVersion
 * @returns {[string, string] | null}
 */
export function acceptanceRefusal(evidence, statusVersion, decision, decisionVersion) {
  if (!decision || decision.outcome !== "accepted" || decisionVersion < statusVersion) {
    return ["decision_required", "Evidence is accepted through a decision that judges its criteria."];
  }
  const found = uncovered(decision.judgements ?? {}, [...new Set(evidence.criteria ?? [])].sort());
  return found ? ["decision_required", `The decision no longer covers the item. ${found[1]}`] : null;
}

/**
 * Why a review (its fields) may not close as signed: a signature made stale by a later
 * change of the review (lib/signatures.js), or null.
 * @param {Record<string, any>} review @returns {[string, string] | null}
 */
export function closingRefusal(review) {
  const states = reviewStatesNow(review);
  const stale = Object.entries(states).filter(([, s]) => s === "changed").map(([who]) => who);
  return stale.length ? ["signature_changed", `The review changed after the ${stale.join(" and ")} signed it: sign it again before closing.`] : null;
}

/**
 * A held review that both the worker and the assessor have signed, on its text as it stands,
 * is signed off: it closes by itself, whoever signed last (twin of `closes_itself`).
 * @param {Record<string, any>} review @returns {boolean}
 */
export function closesItself(review) {
  return review.status === "held" && Boolean(review.worker_signed_at) && Boolean(review.assessor_signed_at) && closingRefusal(review) === null;
}
