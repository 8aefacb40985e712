/**
 * Progress reviews on the device: when they are due (the twin of server/reviews/schedule.py)
 * and the rule years of apprenticeships. Pure; dates are "YYYY-MM-DD" strings, compared as calendar dates.
 *
 * - `weeks_12`: every 84 days; `calendar_3_months`: the same day three calendar months on,
 *   clamped to the end of a shorter month (30 November → 28/29 February); `custom`: the
 *   agreed number of days.
 * - The interval counts from the last review held (status `held` or `signed`) on or after the
 *   enrolment's start, or from the start when none was held. A review counts for the
 *   enrolments whose standard it names in `standards`, or for all of them when it names none
 *   (recorded before reviews named their standards). A review that agreed an earlier next
 *   date than the rule's brings the due date forward to it; a later one does not postpone it.
 * - Recording and signing a review: review-signoff.js.
 * @module
 */

import { RULE_YEARS } from "./rule-years.js";

const DAY_MS = 86_400_000;

/**
 * The rule year of an apprenticeship that started on `start` (the latest that began on or
 * before it; the twin of `rule_year` in server/reviews/rule_years.py, from the published table).
 * @param {string} start @returns {import("./rule-years.js").RuleYear}
 */
export function ruleYear(start) {
  const day = start.slice(0, 10);
  return /** @type {import("./rule-years.js").RuleYear} */ (RULE_YEARS.filter((y) => y.starts_from <= day).at(-1));
}

/** The review rule an enrolment gets when none is chosen: its rule year's for an
 * apprenticeship, the organisation's otherwise. @param {boolean} apprenticeship @param {string} start @param {string} organisationDefault */
export const defaultRule = (apprenticeship, start, organisationDefault) => (apprenticeship ? ruleYear(start).default_rule : organisationDefault);

/** The words the screens use for an enrolment ("end_point_assessment", "gateway"); today's
 * for one not an apprenticeship. @param {boolean} apprenticeship @param {string} start @returns {Record<string, string>} */
export const yearWords = (apprenticeship, start) => (apprenticeship ? ruleYear(start) : RULE_YEARS[0]).words;

/** @param {string} iso @returns {number} UTC ms of the date */
const ms = (iso) => Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
/** @param {number} t @returns {string} */
const iso = (t) => new Date(t).toISOString().slice(0, 10);

/** The same day `months` calendar months on, clamped to the end of a shorter month. */
export function addMonths(/** @type {string} */ start, /** @type {number} */ months) {
  const [y, m, d] = start.slice(0, 10).split("-").map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return iso(Date.UTC(year, month, Math.min(d, last)));
}

/** @param {string} day @param {number} days */
export const addDays = (day, days) => iso(ms(day) + days * DAY_MS);

/**
 * @param {string} start enrolment start date
 * @param {string} rule weeks_12 | calendar_3_months | custom
 * @param {number | null} intervalDays for custom
 * @param {string | null} lastHeld
 * @returns {string}
 */
export function nextReviewDue(start, rule, intervalDays, lastHeld) {
  const anchor = lastHeld && lastHeld.slice(0, 10) >= start.slice(0, 10) ? lastHeld.slice(0, 10) : start.slice(0, 10);
  if (rule === "weeks_12") return addDays(anchor, 84);
  if (rule === "calendar_3_months") return addMonths(anchor, 3);
  if (rule === "custom") {
    if (!intervalDays || intervalDays < 1) throw new RangeError("a custom review rule needs a positive interval in days");
    return addDays(anchor, intervalDays);
  }
  throw new RangeError(`unknown review rule ${rule}`);
}

/** @returns {"overdue" | "today" | "soon" | "later"} */
export function stage(/** @type {string} */ due, /** @type {string} */ today, soonDays = 14) {
  if (due < today) return "overdue";
  if (due === today) return "today";
  return (ms(due) - ms(today)) / DAY_MS <= soonDays ? "soon" : "later";
}

export const daysOverdue = (/** @type {string} */ due, /** @type {string} */ today) => Math.max(0, Math.round((ms(today) - ms(due)) / DAY_MS));

/** @param {{fields: Record<string, any>}} r */
export const isHeld = (r) => (r.fields.status === "held" || r.fields.status === "signed") && Boolean(r.fields.held_on);

/** Whether a review counts for an enrolment on `code`. @param {{fields: Record<string, any>}} r @param {string} code */
export const covers = (r, code) => !r.fields.standards?.length || r.fields.standards.includes(code);

/**
 * The last review held that covers `code` (latest `held_on`; of two on one day, the one with
 * the earlier agreed next date), or null.
 * @param {{fields: Record<string, any>}[]} reviews @param {string} [code]
 */
export function lastHeldReview(reviews, code) {
  const day = (/** @type {any} */ r) => String(r.fields.held_on).slice(0, 10);
  const agreed = (/** @type {any} */ r) => (r.fields.next_review_due ? String(r.fields.next_review_due).slice(0, 10) : "9999-12-31");
  const held = reviews.filter((r) => isHeld(r) && (code === undefined || covers(r, code)));
  held.sort((a, b) => day(a).localeCompare(day(b)) || agreed(b).localeCompare(agreed(a)));
  return held.at(-1) ?? null;
}

/**
 * The date of the last review held (covering the standard `code`, when given), or null.
 * @param {{fields: Record<string, any>}[]} reviews @param {string} [code]
 */
export function lastHeld(reviews, code) {
  const last = lastHeldReview(reviews, code);
  return last ? String(last.fields.held_on).slice(0, 10) : null;
}

/**
 * When the next review is due: by the enrolment's rule from the last review held (or the
 * start), or sooner when that review agreed an earlier date; a later agreed date does not
 * postpone the rule's (the twin of `review_due` in server/reviews/schedule.py).
 * @param {{start_date: string, review_rule: string, review_interval_days: number | null}} enrolment
 * @param {{fields: Record<string, any>} | null} last
 */
export function reviewDue(enrolment, last) {
  const held = last ? String(last.fields.held_on).slice(0, 10) : null;
  const due = nextReviewDue(enrolment.start_date, enrolment.review_rule, enrolment.review_interval_days, held);
  const agreed = last?.fields.next_review_due ? String(last.fields.next_review_due).slice(0, 10) : null;
  if (!held || !agreed || held < enrolment.start_date.slice(0, 10)) return due;
  return held < agreed && agreed < due ? agreed : due;
}

/**
 * When an enrolment's next review is due, from what the device holds.
 * @param {{start_date: string, review_rule: string, review_interval_days: number | null, standard_code?: string}} enrolment
 * @param {{fields: Record<string, any>}[]} reviews the worker's review records
 * @param {string} today
 */
export function dueFor(enrolment, reviews, today) {
  const due = reviewDue(enrolment, lastHeldReview(reviews, enrolment.standard_code));
  return { due, state: stage(due, today), daysOverdue: daysOverdue(due, today) };
}
