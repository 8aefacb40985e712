/**
 * When to retry a failed sync request.
 *
 * Exponential backoff with "full jitter" (a random delay between 0 and the current ceiling, the
 * ceiling doubling from BASE_MS up to CAP_MS), so that a ward of phones coming back into signal
 * at once does not retry in lockstep. A server's Retry-After (delay-seconds or an HTTP date,
 * RFC 9110 §10.2.3) is a floor: the client never retries sooner than the server asked, and a
 * jittered delay longer than that floor is kept. An absurd Retry-After is clamped to
 * MAX_RETRY_AFTER_MS so a bad header cannot park the outbox for days.
 * @module
 */

export const BASE_MS = 2_000;
export const CAP_MS = 5 * 60_000;
export const MAX_RETRY_AFTER_MS = 60 * 60_000;

/**
 * @typedef {object} DelayOptions
 * @property {string | number | null} [retryAfter] the server's Retry-After header, if any
 * @property {() => number} [random] uniform in [0, 1); injectable for tests
 * @property {number} [now] epoch milliseconds, to resolve an HTTP-date Retry-After
 * @property {number} [base] first ceiling in ms
 * @property {number} [cap] largest ceiling in ms
 */

/**
 * The delay before retry number `attempt` (0 for the first retry), in whole milliseconds.
 * @param {number} attempt a non-negative integer
 * @param {DelayOptions} [options]
 * @returns {number}
 */
export function nextDelay(
  attempt,
  { retryAfter = null, random = Math.random, now = Date.now(), base = BASE_MS, cap = CAP_MS } = {},
) {
  if (!Number.isInteger(attempt) || attempt < 0) throw new RangeError(`attempt must be a non-negative integer: ${attempt}`);
  const ceiling = Math.min(cap, base * 2 ** Math.min(attempt, 60));
  const jittered = Math.floor(random() * ceiling);
  const floor = parseRetryAfter(retryAfter, now);
  return floor === null ? jittered : Math.max(Math.min(floor, MAX_RETRY_AFTER_MS), jittered);
}

/**
 * A Retry-After header value as milliseconds from `now`, or null when absent or malformed.
 * A date in the past means "now" (0).
 * @param {string | number | null | undefined} value "120" or "Wed, 21 Oct 2026 07:28:00 GMT"
 * @param {number} now epoch milliseconds
 * @returns {number | null}
 */
export function parseRetryAfter(value, now) {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? Math.ceil(value * 1000) : null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(text)) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
