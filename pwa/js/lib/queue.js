/**
 * The assessor's queue, computed on the device from the synced portfolios: every evidence
 * item submitted and waiting for assessment, oldest first, with how long it has waited, and
 * filters by worker and by standard. Pure: the caller passes the portfolios, when each item
 * started waiting and `now`.
 *
 * When an item started waiting: the record's `submitted_at` (set by the server's clock at the
 * transition, synced with the record) gives the exact time; for items submitted before that
 * field existed, the server's queue cached at the last sync (`GET /api/assessment/queue`);
 * otherwise the time this device first pulled the item as submitted, which is never earlier
 * than the truth ("at least").
 * @module
 */

/**
 * @typedef {object} QueueSource one worker's portfolio as held on the device
 * @property {number} workerId
 * @property {string} workerName
 * @property {{id: string, fields: Record<string, any>, seenAt?: number | null}[]} items
 */

/**
 * @typedef {object} QueueEntry
 * @property {number} workerId
 * @property {string} workerName
 * @property {string} id evidence id
 * @property {Record<string, any>} fields
 * @property {string[]} standards codes of the criteria it is linked to
 * @property {number} since epoch ms it started waiting
 * @property {boolean} exact false when `since` is when this device first saw it
 * @property {number} waitedMs
 */

/** The standard codes of criterion keys ("SCDHSC0389/1/P3" → "SCDHSC0389"). @param {string[]} keys */
export function standardsOf(keys) {
  return [...new Set(keys.map((k) => k.split("/")[0]))].sort();
}

/**
 * @param {QueueSource[]} portfolios
 * @param {object} options
 * @param {Record<string, string>} [options.submittedAt] evidence id → ISO time (the server's
 *   queue cached at the last sync), for items whose record has no `submitted_at` (submitted
 *   before schema 3)
 * @param {number} options.now epoch ms
 * @param {number | null} [options.worker] only this worker
 * @param {string | null} [options.standard] only items linked to this standard
 * @returns {QueueEntry[]} oldest first
 */
export function waitingQueue(portfolios, { submittedAt = {}, now, worker = null, standard = null }) {
  /** @type {QueueEntry[]} */
  const out = [];
  for (const p of portfolios) {
    if (worker !== null && p.workerId !== worker) continue;
    for (const item of p.items) {
      if (item.fields.status !== "submitted") continue;
      const standards = standardsOf(item.fields.criteria ?? []);
      if (standard && !standards.includes(standard)) continue;
      const stamped = item.fields.submitted_at ?? submittedAt[item.id]; // the record's, else the cached queue's
      const server = stamped ? Date.parse(stamped) : Number.NaN;
      const exact = Number.isFinite(server);
      const since = exact ? server : item.seenAt ?? now;
      out.push({ workerId: p.workerId, workerName: p.workerName, id: item.id, fields: item.fields, standards,
        since, exact, waitedMs: Math.max(0, now - since) });
    }
  }
  return out.sort((a, b) => a.since - b.since || a.id.localeCompare(b.id));
}

/**
 * How long, in words: "under an hour", "5 hours", "1 day", "12 days".
 * @param {number} ms
 */
export function waitedWords(ms) {
  const hours = Math.floor(ms / 3_600_000);
  if (hours < 1) return "under an hour";
  if (hours < 48) return hours === 1 ? "1 hour" : `${hours} hours`;
  const days = Math.floor(hours / 24);
  return `${days} days`;
}

/**
 * @typedef {object} Enrolment as /api/me/enrolments answers
 * @property {number} id
 * @property {number} worker_id
 * @property {string} worker_name
 * @property {number | null} assessor_id
 * @property {string} standard_code
 * @property {string} start_date
 * @property {string} review_rule
 * @property {number | null} review_interval_days
 */

/**
 * The workers whose portfolios this device holds (other than the person's own), with their
 * names and enrolments from the cached enrolments. A portfolio the server revoked is gone
 * from `scopes`, so its worker is gone too, whatever the enrolment cache still says.
 * @param {string[]} scopes scopes held on the device
 * @param {Enrolment[]} enrolments
 * @param {number} selfId
 * @returns {{workerId: number, scope: string, name: string, enrolments: Enrolment[]}[]} by name
 */
export function workersOf(scopes, enrolments, selfId) {
  return scopes.filter((s) => s.startsWith("portfolio:") && s !== `portfolio:${selfId}`)
    .map((scope) => {
      const workerId = Number(scope.slice("portfolio:".length));
      const mine = enrolments.filter((e) => e.worker_id === workerId);
      return { workerId, scope, name: mine[0]?.worker_name || `Worker ${workerId}`, enrolments: mine };
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.workerId - b.workerId);
}
