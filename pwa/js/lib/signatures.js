/**
 * Signatures bound to what they signed: the twin of sync/signatures.py (the
 * rules are written there), run against the same golden cases
 * (sync/golden/rules/signatures.json).
 *
 * `signed_digest` = "sha256:" + SHA-256 of the signed fields as a compact JSON array. States:
 * `unsigned`, `signed` (the text is the text signed), `changed` (edited after signing: sign
 * again), `unbound` (signed before signatures were bound; nothing proves the text unchanged).
 * @module
 */

import { sha256Hex } from "./sha256.js";

export const WITNESS_FIELDS = ["name", "role", "relationship", "statement"];
export const REVIEW_FIELDS = ["held_on", "participants", "notes", "actions", "next_review_due"];

/** @param {Record<string, any>} fields @param {string[]} [names] */
export function signedText(fields, names = WITNESS_FIELDS) {
  return JSON.stringify(names.map((n) => String(fields?.[n] ?? "")));
}

/** @param {Record<string, any>} fields @param {string[]} [names] @returns {string} */
export function digestNow(fields, names = WITNESS_FIELDS) {
  return `sha256:${sha256Hex(signedText(fields, names))}`;
}

/**
 * @param {boolean} signed @param {unknown} stored @param {Record<string, any>} fields @param {string[]} [names]
 * @returns {"unsigned" | "signed" | "changed" | "unbound"}
 */
export function stateNow(signed, stored, fields, names = WITNESS_FIELDS) {
  if (!signed) return "unsigned";
  if (typeof stored !== "string") return "unbound";
  return stored === digestNow(fields, names) ? "signed" : "changed";
}

/** @param {Record<string, any> | null | undefined} witness */
export function witnessStateNow(witness) {
  const w = witness ?? {};
  return stateNow(Boolean(w.signature_sha256), w.signed_digest, w);
}

/** @param {{worker_signed_at?: any, worker_signed_digest?: any, assessor_signed_at?: any, assessor_signed_digest?: any}} review */
export function reviewStatesNow(review) {
  return {
    worker: stateNow(Boolean(review.worker_signed_at), review.worker_signed_digest, review, REVIEW_FIELDS),
    assessor: stateNow(Boolean(review.assessor_signed_at), review.assessor_signed_digest, review, REVIEW_FIELDS),
  };
}

// Promise-returning forms, as the screens call them.
/** @param {Record<string, any>} fields @param {string[]} [names] */
export const digestOf = async (fields, names = WITNESS_FIELDS) => digestNow(fields, names);
/** @param {boolean} signed @param {unknown} stored @param {Record<string, any>} fields @param {string[]} [names] */
export const signatureState = async (signed, stored, fields, names = WITNESS_FIELDS) => stateNow(signed, stored, fields, names);
/** @param {Record<string, any> | null | undefined} witness */
export const witnessState = async (witness) => witnessStateNow(witness);

export const SIGNATURE_WORDS = {
  unsigned: "Not signed",
  signed: "Signed",
  changed: "Changed after signing: the text is not what was signed. It needs signing again.",
  unbound: "Signed (recorded before signatures were bound to their text)",
};
