/**
 * What needs the worker, most urgent first: items their assessor referred back (with the
 * first line of the feedback), items whose history ends with someone else's comment (a
 * question waiting for the worker's answer), changes the server did not accept or that conflicted, progress
 * reviews waiting for their signature, and work that has waited unsent on the phone for more
 * than three days. Pure: the home screen and the Evidence tab's badge both read it.
 * @module
 */

import { itemHistory } from "./comments.js";

export const UNSENT_WARNING_MS = 3 * 24 * 3_600_000;

/**
 * @typedef {{kind: "referred", id: string, title: string, feedback: string}
 *   | {kind: "comment", id: string, title: string, text: string}
 *   | {kind: "problems", count: number}
 *   | {kind: "reviews", count: number}
 *   | {kind: "unsent", count: number, since: number}} Attention
 */

/** The first line of a text, at most `max` characters. @param {string | null | undefined} text */
export function firstLine(text, max = 140) {
  const line = (text ?? "").trim().split(/\r?\n/)[0].trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * @param {{scope?: string, items: any[], problems: any[], reviews: any[], comments?: any[]}} data an assembled portfolio
 * @param {{pending: number, unsentSince: number | null, now: number, titleOf: (fields: any) => string}} phone
 * @returns {Attention[]}
 */
export function needsAttention(data, { pending, unsentSince, now, titleOf }) {
  /** @type {Attention[]} */
  const out = data.items
    .filter((i) => i.view && i.fields.status === "referred")
    .map((i) => ({ kind: "referred", id: i.id, title: titleOf(i.fields), feedback: firstLine(i.decisions[0]?.fields.feedback ?? i.fields.status_reason) }));
  const me = Number(String(data.scope ?? "").split(":")[1]);
  for (const i of data.items) {
    if (!i.view || !data.comments?.length) continue;
    const last = itemHistory(i.id, data.comments, i.decisions).at(-1);
    if (last?.kind === "comment" && last.by !== null && last.by !== me) out.push({ kind: "comment", id: i.id, title: titleOf(i.fields), text: firstLine(last.text) });
  }
  if (data.problems.length) out.push({ kind: "problems", count: data.problems.length });
  const unsigned = data.reviews.filter((r) => r.fields.status === "held" && !r.fields.worker_signed_at).length;
  if (unsigned) out.push({ kind: "reviews", count: unsigned });
  if (pending > 0 && unsentSince !== null && now - unsentSince > UNSENT_WARNING_MS) out.push({ kind: "unsent", count: pending, since: unsentSince });
  return out;
}

/** How many things on the Evidence tab need the worker's action (its badge). @param {Attention[]} list */
export function actionCount(list) {
  return list.reduce((n, a) => n + (a.kind === "referred" ? 1 : a.kind === "problems" ? a.count : 0), 0);
}
