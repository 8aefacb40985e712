/**
 * Progress reviews on the device: recording one held (the assessor's device) and signing it
 * off. Pure. When reviews are due: review-schedule.js.
 *
 * A held review is signed off by the worker (`worker_signed_at`, on their phone) and the
 * assessor (`assessor_signed_at`); once both have signed, the assessor's device moves it
 * `held → signed` (only assessors may).
 * @module
 */

/** Where a review record stands, in words. @param {Record<string, any>} f */
export function reviewStatus(f) {
  if (f.status === "signed") return "Signed off by both";
  if (f.status === "cancelled") return "Cancelled";
  if (f.status === "planned") return "Planned";
  if (f.worker_signed_at && f.assessor_signed_at) return "Both signed: signed off at the next sync";
  if (f.assessor_signed_at) return "Waiting for the worker to sign";
  if (f.worker_signed_at) return "Waiting for the assessor to sign";
  return "Held: waiting for both signatures";
}

/**
 * The mutations that record a review held (assessor's device), covering the standards named.
 * @param {{scope: string, id: string, standards: string[], held_on: string, participants?: string, notes: string, actions: string, next_review_due: string | null}} r
 * @returns {{error: string} | {mutations: any[]}}
 */
export function planReview({ scope, id, standards, held_on, participants = "", notes, actions, next_review_due }) {
  if (!standards.length) return { error: "Choose the standards this review covers." };
  if (!held_on) return { error: "Say when the review was held." };
  if (!notes.trim()) return { error: "Write the progress notes." };
  const head = { scope, entity: "review", id };
  return { mutations: [
    { op: "create", ...head, fields: { standards: [...new Set(standards)].sort(), held_on, participants: participants.trim(), notes, actions, next_review_due: next_review_due || null } },
    { op: "transition", ...head, to: "held" },
  ] };
}

/**
 * The mutations that sign a held review, as the worker ("owner") or the assessor. The
 * assessor's signature closes the review when the worker has already signed. A signature is
 * bound to the review's signed fields (`digest`, lib/signatures.js REVIEW_FIELDS); one whose
 * fields changed since (`stale`) no longer counts: its signer signs again, and the review
 * does not close on it.
 * @param {{scope: string, id: string, fields: Record<string, any>, versions?: Record<string, number>}} review
 * @param {"worker" | "assessor"} as
 * @param {string} at ISO time
 * @param {{digest?: string, stale?: {worker?: boolean, assessor?: boolean}}} [bind]
 * @returns {{error: string} | {mutations: any[]}}
 */
export function planSign(review, as, at, bind = {}) {
  const f = review.fields;
  if (f.status !== "held") return { error: f.status === "signed" ? "This review is already signed off." : "Only a held review can be signed." };
  const field = as === "worker" ? "worker_signed_at" : "assessor_signed_at";
  const bound = as === "worker" ? "worker_signed_digest" : "assessor_signed_digest";
  const head = { scope: review.scope, entity: "review", id: review.id };
  const stale = bind.stale ?? {};
  /** @type {any[]} */
  const mutations = [];
  if (!f[field] || stale[as]) {
    const set = { [field]: at, ...(bind.digest ? { [bound]: bind.digest } : {}) };
    const base = Object.fromEntries(Object.keys(set).map((k) => [k, review.versions?.[k] ?? 0]));
    mutations.push({ op: "update", ...head, set, base });
  }
  const otherAs = as === "worker" ? "assessor" : "worker";
  const other = as === "worker" ? f.assessor_signed_at : f.worker_signed_at;
  if (as === "assessor" && other && !stale[otherAs]) mutations.push({ op: "transition", ...head, to: "signed" });
  return mutations.length ? { mutations } : { error: "You have already signed." };
}
