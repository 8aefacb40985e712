/**
 * Who recorded an evidence item: the worker (their own), or an assessor who observed them
 * (the record's author is the assessor). Pure: the names come from the cached enrolments.
 * @module
 */

/**
 * The observer's name when someone other than the worker recorded the item, else null.
 * @param {{created_by?: number | null}} item
 * @param {number} workerId the portfolio's worker
 * @param {{assessor_id?: number | null, assessor_name?: string | null}[]} enrolments
 * @param {number} [me] the signed-in person: "you" when they recorded it
 * @returns {string | null}
 */
export function observerOf(item, workerId, enrolments, me) {
  const author = item.created_by;
  if (author === null || author === undefined || author === workerId) return null;
  if (author === me) return "you";
  return enrolments.find((e) => e.assessor_id === author && e.assessor_name)?.assessor_name ?? "your assessor";
}

/**
 * "Observed by Sam Assessor" ("Recorded by" for a kind other than an observation), or null for
 * the worker's own item. @param {{created_by?: number | null, fields?: Record<string, any>}} item
 * @param {number} workerId @param {any[]} enrolments @param {number} [me]
 */
export function observedWords(item, workerId, enrolments, me) {
  const who = observerOf(item, workerId, enrolments, me);
  if (!who) return null;
  return `${!item.fields?.kind || item.fields.kind === "observation" ? "Observed" : "Recorded"} by ${who}`;
}
