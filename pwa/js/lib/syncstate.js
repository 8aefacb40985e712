/**
 * The sync status in plain words, and what to do after a failed request. Pure: the
 * controller (sync.js) passes in what it knows and the time.
 * @module
 */

/**
 * @typedef {object} SyncError
 * @property {number} status HTTP status, 0 when there was no answer (offline)
 * @property {string} code
 * @property {string} [message]
 * @property {string | null} [retryAfter]
 */

/**
 * @typedef {object} SyncStatus
 * @property {boolean} online
 * @property {boolean} syncing
 * @property {number} pending mutations and files waiting to go
 * @property {number | null} lastSyncedAt epoch ms of the last complete push and pull
 * @property {SyncError | null} error the last failure, cleared by a success
 */

/**
 * How a failure is handled: retry with backoff, wait for the person (sign in, update), or wait
 * for the network.
 * @param {SyncError} error
 * @returns {"retry" | "sign-in" | "update" | "offline" | "stop"}
 */
export function reaction(error) {
  if (error.status === 0) return "offline";
  if (error.status === 401) return "sign-in";
  if (error.status === 426) return "update";
  if (error.status === 403 && error.code.startsWith("device_")) return "sign-in";
  if (error.status >= 500 || error.status === 429 || error.status === 409) return "retry";
  if (error.status === 400 && error.code.endsWith("_unsupported")) return "retry";
  return "stop";
}

/**
 * What a failure means, for the worker, in plain words.
 * @param {SyncError} error
 * @param {number} pending
 */
export function explain(error, pending) {
  const kept = pending === 1 ? "Your change is kept on this phone." : pending > 1 ? `Your ${pending} changes are kept on this phone.` : "";
  switch (reaction(error)) {
    case "offline": return `No signal. ${kept || "Everything is saved on this phone."}`.trim();
    case "sign-in": return `Sign in again to sync. ${kept}`.trim();
    case "update": return `This app needs updating before it can sync. ${kept}`.trim();
    case "retry": return `The server is busy; trying again soon. ${kept}`.trim();
    default: return `Sync stopped: ${error.message || error.code}. ${kept}`.trim();
  }
}

/** @param {number} ms @returns {string} */
export function ago(ms) {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  return days === 1 ? "yesterday" : `${days} days ago`;
}

/**
 * The one-line status for the header bar, and its tone.
 * @param {SyncStatus} s
 * @param {number} now epoch ms
 * @returns {{text: string, tone: "ok" | "busy" | "warn" | "error"}}
 */
export function describe(s, now) {
  const waiting = s.pending === 1 ? "1 change waits" : `${s.pending} changes wait`;
  if (!s.online) return { text: s.pending ? `Offline · ${waiting}` : "Offline", tone: "warn" };
  if (s.syncing) return { text: "Syncing…", tone: "busy" };
  if (s.error) {
    const r = reaction(s.error);
    if (r === "sign-in") return { text: "Sign in to sync", tone: "error" };
    if (r === "update") return { text: "Update needed", tone: "error" };
    if (r === "offline") return { text: s.pending ? `No signal · ${waiting}` : "No signal", tone: "warn" };
    return { text: s.pending ? `Sync failed · ${waiting}` : "Sync failed", tone: "error" };
  }
  if (s.pending) return { text: waiting, tone: "busy" };
  if (s.lastSyncedAt === null) return { text: "Not synced yet", tone: "warn" };
  return { text: `Synced ${ago(now - s.lastSyncedAt)}`, tone: "ok" };
}
