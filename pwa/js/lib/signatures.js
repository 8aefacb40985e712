/**
 * Signatures bound to what they signed: the twin of server/assessment/signatures.py (the
 * rules are written there), run against the same golden cases
 * (sync/golden/rules/signatures.json).
 *
 * `signed_digest` = "sha256:" + SHA-256 of the signed fields as a compact JSON array. States:
 * `unsigned`, `signed` (the text is the text signed), `changed` (edited after signing: sign
 * again), `unbound` (signed before signatures were bound; nothing proves the text unchanged).
 * @module
 */

export const WITNESS_FIELDS = ["name", "role", "relationship", "statement"];
export const REVIEW_FIELDS = ["held_on", "participants", "notes", "actions", "next_review_due"];

/** @param {Record<string, any>} fields @param {string[]} [names] */
export function signedText(fields, names = WITNESS_FIELDS) {
  return JSON.stringify(names.map((n) => String(fields?.[n] ?? "")));
}

/** @param {Record<string, any>} fields @param {string[]} [names] @returns {Promise<string>} */
export async function digestOf(fields, names = WITNESS_FIELDS) {
  const bytes = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(signedText(fields, names))));
  return `sha256:${[...bytes].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * @param {boolean} signed @param {unknown} stored @param {Record<string, any>} fields @param {string[]} [names]
 * @returns {Promise<"unsigned" | "signed" | "changed" | "unbound">}
 */
export async function signatureState(signed, stored, fields, names = WITNESS_FIELDS) {
  if (!signed) return "unsigned";
  if (typeof stored !== "string") return "unbound";
  return stored === (await digestOf(fields, names)) ? "signed" : "changed";
}

/** @param {Record<string, any> | null | undefined} witness */
export function witnessState(witness) {
  const w = witness ?? {};
  return signatureState(Boolean(w.signature_sha256), w.signed_digest, w);
}

export const SIGNATURE_WORDS = {
  unsigned: "Not signed",
  signed: "Signed",
  changed: "Changed after signing: the text is not what was signed. It needs signing again.",
  unbound: "Signed (recorded before signatures were bound to their text)",
};
