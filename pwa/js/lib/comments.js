/**
 * Comments on an evidence item: the twin of sync/comments.py (the prose of the rules is
 * there), run against the same golden cases (sync/golden/comments.json), and the item's
 * history as both screens show it. Pure.
 *
 * A comment is a write-once `comment` record in the item's own portfolio scope (so exactly
 * the people who read the item read its thread), about a live item of that scope, with text.
 * The history of an item is its comments and the feedback of its decisions, oldest first,
 * each with who and when.
 * @module
 */

export const MAX_LENGTH = 2000;

/**
 * Why the comment (its fields) may not be recorded on the evidence (its fields; null: no live
 * record of that id in the scope; undefined: not looked up, left to the server), or null.
 * @param {Record<string, any>} comment @param {Record<string, any> | null | undefined} evidence
 * @returns {[string, string] | null}
 */
export function refusal(comment, evidence) {
  if (evidence === null) return ["comment_item_not_found", "The evidence this comment is about is not in the portfolio."];
  if (!String(comment.body ?? "").trim()) return ["comment_empty", "Write something before sending a comment."];
  return null;
}

/**
 * The mutation that records a comment, or the reason it cannot be written.
 * @param {{scope: string, evidenceId: string, evidence: Record<string, any> | null, body: string, id: string, writtenAt: string}} input
 * @returns {{mutations: any[]} | {error: string, code: string}}
 */
export function planComment({ scope, evidenceId, evidence, body, id, writtenAt }) {
  const text = body.trim();
  if (text.length > MAX_LENGTH) return { code: "too_long", error: `A comment is at most ${MAX_LENGTH} characters; this one is ${text.length}.` };
  const refused = refusal({ body: text }, evidence);
  if (refused) return { code: refused[0], error: refused[1] };
  return { mutations: [{ op: "create", scope, entity: "comment", id, fields: { evidence_id: evidenceId, body: text, written_at: writtenAt } }] };
}

/**
 * @typedef {object} HistoryEntry
 * @property {"comment" | "decision"} kind
 * @property {string} id
 * @property {number | null} by who wrote it (user id; null: this device, not yet sent)
 * @property {string | null} at when (the phone time it was written or decided)
 * @property {string} text the comment, or the decision's feedback
 * @property {string} [outcome] a decision's outcome
 * @property {boolean} sent false while it waits in this device's outbox
 */

/**
 * One item's history: its comments and its decisions' feedback, oldest first (by the time
 * written; a record still queued on this device comes last, in the order it was queued).
 * @param {string} evidenceId
 * @param {{id: string, fields: Record<string, any>, created_by?: number | null, onServer?: boolean, version: number}[]} comments
 * @param {{id: string, fields: Record<string, any>, created_by?: number | null, onServer?: boolean, version: number}[]} decisions
 * @returns {HistoryEntry[]}
 */
export function itemHistory(evidenceId, comments, decisions) {
  /** @type {(HistoryEntry & {order: number})[]} */
  const out = [];
  for (const c of comments) {
    if (c.fields.evidence_id !== evidenceId) continue;
    out.push({ kind: "comment", id: c.id, by: c.created_by ?? null, at: c.fields.written_at ?? null, text: c.fields.body ?? "", sent: c.onServer !== false, order: c.version });
  }
  for (const d of decisions) {
    if (d.fields.evidence_id !== evidenceId) continue;
    out.push({ kind: "decision", id: d.id, by: d.created_by ?? null, at: d.fields.decided_at ?? null, text: d.fields.feedback ?? "", outcome: d.fields.outcome, sent: d.onServer !== false, order: d.version });
  }
  const key = (/** @type {HistoryEntry & {order: number}} */ e) => (e.sent ? `0${e.at ?? ""}` : `1${String(e.order).padStart(20, "0")}`);
  return out.sort((a, b) => key(a).localeCompare(key(b)) || a.order - b.order).map(({ order: _, ...e }) => e);
}

/**
 * Who wrote an entry, in words: "You", the worker's name, or their assessor's name.
 * @param {HistoryEntry} entry @param {{me: number, workerId: number, workerName: string, people: Map<number, string>}} names
 */
export function authorWords(entry, { me, workerId, workerName, people }) {
  if (entry.by === null || entry.by === me) return "You";
  if (entry.by === workerId) return workerName;
  return people.get(entry.by) ?? (entry.kind === "decision" ? "Your assessor" : "An assessor");
}
