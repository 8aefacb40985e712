/**
 * The phone's own copy of a portfolio, for when there is no signal for the full export:
 * an HTML summary and the JSON data, built from what the device holds. Pure: the screen
 * (screens/export.js) turns the strings into files. Every value in the HTML is escaped.
 * @module
 */

import { STATE_WORDS } from "./words.js";

const KIND_WORDS = {
  observation: "Observation", reflective_account: "Reflective account", witness_testimony: "Witness testimony",
  professional_discussion: "Professional discussion", product_evidence: "Product evidence", evidence_location: "Where a record is kept",
};
const STYLE = "body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}article{border-top:1px solid #999;padding:.5rem 0}img{max-width:100%;max-height:30rem;display:block}";

/** @param {unknown} value */
export const escapeHtml = (value) =>
  String(value ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

/**
 * The SHA-256 digests of the files the items refer to (photos, witness signatures).
 * @param {any[]} items from loadPortfolio
 * @returns {string[]}
 */
export function fileShas(items) {
  return [...new Set(items.flatMap((i) => [...(i.fields.attachments ?? []), ...(i.fields.witness?.signature_sha256 ? [i.fields.witness.signature_sha256] : [])]))];
}

/**
 * @param {{items: any[], rule: any[], reviews: any[], standards: any[], enrolled: string[]}} data from loadPortfolio
 * @param {{display_name: string, user_id: number}} me
 * @param {Date} now
 * @param {Map<string, string>} [images] sha -> data: URL of the images this phone holds
 */
export function phoneCopy(data, me, now, images = new Map()) {
  const enrolled = new Set(data.enrolled);
  const coverage = data.rule.filter((s) => !enrolled.size || enrolled.has(s.standard))
    .map((s) => ({ standard: s.standard, version: s.version, total: s.total, met: s.met, waiting: s.waiting, none: s.none }));
  const items = data.items.map((i) => ({ id: i.id, on_server: Boolean(i.view?.onServer), state: i.state, fields: i.fields,
    decisions: i.decisions.map((/** @type {any} */ d) => d.fields) }));
  const reviews = data.reviews.map((r) => ({ id: r.id, fields: r.fields }));
  return {
    json: { format: "carefolio-phone-copy/1", exported_at: now.toISOString(), worker: { id: me.user_id, name: me.display_name },
      note: "Built on the phone from what it holds. The full export (PDF, photos) is made on the server when there is a signal.",
      coverage, items, reviews },
    html: summaryHtml(me.display_name, now, coverage, items, reviews, images),
  };
}

/**
 * @param {string} name @param {Date} now @param {any[]} coverage @param {any[]} items @param {any[]} reviews
 * @param {Map<string, string>} images
 */
function summaryHtml(name, now, coverage, items, reviews, images) {
  const e = escapeHtml;
  const img = (/** @type {string} */ sha, /** @type {string} */ alt) => (images.has(sha) ? `<img src="${e(images.get(sha))}" alt="${e(alt)}">` : "");
  const standards = coverage.map((s) => `<li>${e(s.standard)}: ${s.met} of ${s.total} criteria met, ${s.waiting} waiting for assessment</li>`).join("");
  const evidence = items.map(({ fields: f, decisions, state }) => {
    const stages = Object.entries(f.reflection?.stages ?? {}).map(([stage, text]) => `<h4>${e(stage.replace(/_/g, " "))}</h4><p>${e(text)}</p>`).join("");
    const sig = f.witness?.signature_sha256;
    const witness = f.witness ? `<p>Witness: ${e([f.witness.name, f.witness.role].filter(Boolean).join(", "))}${sig ? " (signed)" : ""}</p><blockquote>${e(f.witness.statement)}</blockquote>${sig ? img(sig, "Witness signature") : ""}` : "";
    const feedback = decisions.map((/** @type {any} */ d) => `<p><strong>Assessment: ${e(/** @type {Record<string, string>} */ (STATE_WORDS)[d.outcome] ?? d.outcome)}</strong>${d.feedback ? `. Feedback: ${e(d.feedback)}` : ""}</p>`).join("");
    const attached = f.attachments ?? [];
    const shown = attached.filter((/** @type {string} */ sha) => images.has(sha));
    const files = shown.map((/** @type {string} */ sha, /** @type {number} */ n) => img(sha, `Photo ${n + 1}`)).join("") +
      (attached.length > shown.length ? `<p>${attached.length - shown.length} photo(s) or file(s) not on this phone: in the full export.</p>` : "");
    const status = /** @type {Record<string, string>} */ (STATE_WORDS)[state] ?? state;
    return `<article><h3>${e(f.title || "Untitled")}</h3><p><strong>${e(KIND_WORDS[f.kind] ?? f.kind)}</strong>, ${e(status)}, ${e(String(f.occurred_at ?? "").slice(0, 10))}</p>` +
      `<p>Criteria: ${e((f.criteria ?? []).join(", "))}</p><p>${e(f.description)}</p>${stages}${witness}${files}${feedback}</article>`;
  }).join("");
  const held = reviews.map(({ fields: f }) => `<article><h3>Review ${e(String(f.held_on ?? f.scheduled_for ?? "").slice(0, 10))} (${e(f.status)})</h3>` +
    `${f.participants ? `<p>Who took part: ${e(f.participants)}</p>` : ""}${f.notes ? `<p>${e(f.notes)}</p>` : ""}</article>`).join("");
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Portfolio of ${e(name)} (phone copy)</title><style>${STYLE}</style></head><body>` +
    `<h1>Portfolio of ${e(name)}</h1><p>Saved from the phone on ${e(now.toISOString().slice(0, 16).replace("T", " "))} UTC, from what it holds. ` +
    "The full export with the PDF and every photo is made on the server: it needs a signal.</p>" +
    `<h2>My standards</h2><ul>${standards || "<li>Not enrolled on a standard yet.</li>"}</ul>` +
    `<h2>Evidence</h2>${evidence || "<p>No evidence yet.</p>"}<h2>Progress reviews</h2>${held || "<p>No progress reviews yet.</p>"}</body></html>`;
}
