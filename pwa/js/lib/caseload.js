/**
 * The assessor's caseload, computed on the device from what was last synced: one row per
 * learner assigned to them, with the items waiting and the oldest wait, the progress reviews
 * overdue or due within 14 days, the last contact and the progress per standard. Pure: it
 * reuses the rules that already exist, one place each (the queue and its waiting times:
 * queue.js; review due dates: reviews.js; coverage by the assessment rule: coverage.js, as
 * `assemble` computes it), and only adds the row, the last contact and the sorting.
 *
 * Last contact: the latest day the assessor and the learner met on the record: a progress
 * review held, an assessment decision, a comment on an item (by either), or an observation
 * the assessor recorded of the learner's practice. Null when there has been none.
 * @module
 */

import { waitingQueue } from "./queue.js";
import { dueFor } from "./review-schedule.js";

/**
 * @typedef {object} LearnerSource one learner as the device holds them
 * @property {number} workerId
 * @property {string} name
 * @property {{id: number, standard_code: string, start_date: string, review_rule: string, review_interval_days: number | null}[]} enrolments
 * @property {{id: string, fields: Record<string, any>, seenAt?: number | null, created_by?: number | null}[]} items
 * @property {{fields: Record<string, any>}[]} reviews
 * @property {{fields: Record<string, any>}[]} decisions
 * @property {{fields: Record<string, any>}[]} comments
 * @property {{standard: string, met: number, total: number, waiting: number}[]} rule coverage per standard (ruleCoverage)
 */

/**
 * @typedef {object} CaseloadRow
 * @property {number} workerId
 * @property {string} name
 * @property {number} waiting items waiting for assessment
 * @property {number | null} oldestSince epoch ms the oldest waiting item started waiting
 * @property {boolean} oldestExact false when that time is "at least" (queue.js)
 * @property {number} oldestWaitMs 0 when nothing waits
 * @property {number} overdue reviews overdue
 * @property {number} dueSoon reviews due today or within 14 days
 * @property {{enrolmentId: number, standard: string, due: string, state: string}[]} reviews one per enrolment, soonest first
 * @property {string | null} nextDue the soonest review due date
 * @property {string | null} lastContact YYYY-MM-DD
 * @property {{standard: string, met: number, total: number, waiting: number}[]} progress per enrolled standard
 * @property {number} progressShare met / total over the enrolled standards (0..1)
 */

const day = (/** @type {any} */ v) => (typeof v === "string" && v.length >= 10 ? v.slice(0, 10) : null);

/**
 * The latest contact between the assessor and the learner (see the module's prose).
 * @param {LearnerSource} learner @returns {string | null}
 */
export function lastContact(learner) {
  const days = [
    ...learner.reviews.filter((r) => r.fields.status === "held" || r.fields.status === "signed").map((r) => day(r.fields.held_on)),
    ...learner.decisions.map((d) => day(d.fields.decided_at)),
    ...learner.comments.map((c) => day(c.fields.written_at)),
    ...learner.items.filter((i) => i.created_by !== null && i.created_by !== undefined && i.created_by !== learner.workerId).map((i) => day(i.fields.occurred_at)),
  ].filter((d) => d !== null);
  return days.length ? days.sort().at(-1) ?? null : null;
}

/**
 * One row per learner.
 * @param {LearnerSource[]} learners
 * @param {{now: number, today: string, submittedAt?: Record<string, string>, serverDue?: Map<number, {next_review_due: string, state: string}>}} options
 *   serverDue: the server's review list cached at the last sync, by enrolment id (preferred over
 *   the device's own computation, as on the Assessment screen)
 * @returns {CaseloadRow[]} by name
 */
export function caseloadRows(learners, { now, today, submittedAt = {}, serverDue = new Map() }) {
  const queue = waitingQueue(learners.map((l) => ({ workerId: l.workerId, workerName: l.name, items: l.items })), { submittedAt, now });
  return learners.map((l) => {
    const waiting = queue.filter((e) => e.workerId === l.workerId); // oldest first
    const reviews = l.enrolments.map((e) => {
      const cached = serverDue.get(e.id);
      const mine = cached ? { due: cached.next_review_due.slice(0, 10), state: cached.state } : dueFor(e, l.reviews, today);
      return { enrolmentId: e.id, standard: e.standard_code, due: mine.due, state: mine.state };
    }).sort((a, b) => a.due.localeCompare(b.due));
    const codes = new Set(l.enrolments.map((e) => e.standard_code));
    const progress = l.rule.filter((s) => !codes.size || codes.has(s.standard))
      .map((s) => ({ standard: s.standard, met: s.met, total: s.total, waiting: s.waiting }));
    const total = progress.reduce((n, s) => n + s.total, 0);
    return {
      workerId: l.workerId, name: l.name, waiting: waiting.length,
      oldestSince: waiting[0]?.since ?? null, oldestExact: waiting[0]?.exact ?? true, oldestWaitMs: waiting[0]?.waitedMs ?? 0,
      overdue: reviews.filter((r) => r.state === "overdue").length,
      dueSoon: reviews.filter((r) => r.state === "today" || r.state === "soon").length,
      reviews, nextDue: reviews[0]?.due ?? null, lastContact: lastContact(l), progress,
      progressShare: total ? progress.reduce((n, s) => n + s.met, 0) / total : 0,
    };
  }).sort((a, b) => a.name.localeCompare(b.name) || a.workerId - b.workerId);
}

/** The orders the caseload can be sorted in, with their words. */
export const SORTS = {
  name: "Name",
  waiting: "Items waiting (most first)",
  oldest: "Oldest wait (longest first)",
  reviews: "Reviews (overdue and soonest first)",
  contact: "Last contact (longest ago first)",
  progress: "Progress (least first)",
};

/**
 * The rows in one of the `SORTS` orders (ties by name). Pure: a new array.
 * @param {CaseloadRow[]} rows @param {keyof typeof SORTS} by
 */
export function sortCaseload(rows, by) {
  /** @type {Record<string, (a: CaseloadRow, b: CaseloadRow) => number>} */
  const orders = {
    name: () => 0,
    waiting: (a, b) => b.waiting - a.waiting,
    oldest: (a, b) => b.oldestWaitMs - a.oldestWaitMs,
    reviews: (a, b) => b.overdue - a.overdue || (a.nextDue ?? "9999").localeCompare(b.nextDue ?? "9999"),
    contact: (a, b) => (a.lastContact ?? "").localeCompare(b.lastContact ?? ""),
    progress: (a, b) => a.progressShare - b.progressShare,
  };
  const order = orders[by] ?? orders.name;
  return [...rows].sort((a, b) => order(a, b) || a.name.localeCompare(b.name) || a.workerId - b.workerId);
}
