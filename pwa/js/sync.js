// The sync controller: the only module that talks to /sync/*. Push the outbox, upload files,
// pull every scope, at start, when the network returns, on a timer with backoff, and when the
// live channel says something changed. One tab syncs at a time (Web Locks); the others hear
// about it on a BroadcastChannel. The network is awaited between IndexedDB transactions,
// never inside one.

import { nextDelay } from "./lib/backoff.js";
import * as receipts from "./receipts.js";
import { nextBatch } from "./lib/outbox.js";
import { reaction } from "./lib/syncstate.js";

export const PROTOCOL = 1;
export const SCHEMA = 3;
const HEADERS = { "Carefolio-Protocol": String(PROTOCOL), "Carefolio-Schema": String(SCHEMA), "X-Carefolio": "1" };
const PERIOD_MS = 60_000;
const CHUNK_BYTES = 512 * 1024;
const STANDARDS_MAX_AGE_MS = 24 * 3_600_000;
const LOCK = "carefolio-sync";

export class SyncHttpError extends Error {
  /** @param {number} status @param {string} code @param {string} message @param {string | null} retryAfter */
  constructor(status, code, message, retryAfter = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

/** @param {string} method @param {string} path @param {{json?: any, body?: BodyInit, headers?: Record<string, string>}} [options] */
async function call(method, path, { json, body, headers = {} } = {}) {
  let response;
  try {
    response = await fetch(path, {
      method, credentials: "same-origin", cache: "no-store",
      headers: { ...HEADERS, ...(json === undefined ? {} : { "Content-Type": "application/json" }), ...headers },
      body: json === undefined ? body : JSON.stringify(json),
    });
  } catch {
    throw new SyncHttpError(0, "offline", "No connection.");
  }
  if (response.ok) return response;
  const data = await response.json().catch(() => null);
  const error = data?.error ?? { code: "http_error", message: `The server answered ${response.status}.` };
  throw new SyncHttpError(response.status, error.code, error.message, response.headers.get("retry-after"));
}

export class SyncController extends EventTarget {
  /**
   * @param {import("./store.js").Store} store
   * @param {{user_id: number, roles: string[]} | null} [me] the signed-in person (assessor
   *   and manager reads are fetched for them)
   */
  constructor(store, me = null) {
    super();
    this.store = store;
    this.me = me;
    /** @type {import("./lib/syncstate.js").SyncStatus} */
    this.status = { online: navigator.onLine, syncing: false, pending: 0, lastSyncedAt: null, error: null };
    this.attempt = 0;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.timer = undefined;
    /** @type {EventSource | null} */
    this.events = null;
    this.channel = "BroadcastChannel" in globalThis ? new BroadcastChannel(LOCK) : null;
    this.stopped = false;
    /** Whether this cycle changed anything the screens show (else they are not redrawn: a
     * redraw can swallow a tap or wipe a message the person is reading). */
    this.dirty = false;
  }

  async start() {
    this.status.lastSyncedAt = (await this.store.meta("lastSyncedAt")) ?? null;
    await this.refreshPending();
    this.channel?.addEventListener("message", () => this.changed());
    addEventListener("online", this.onOnline);
    addEventListener("offline", this.onOffline);
    document.addEventListener("visibilitychange", this.onVisible);
    if (navigator.onLine) this.listen();
    this.soon(0);
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.events?.close();
    this.channel?.close();
    removeEventListener("online", this.onOnline);
    removeEventListener("offline", this.onOffline);
    document.removeEventListener("visibilitychange", this.onVisible);
  }

  /** Back on screen: sync now (phones pause timers in the background; no Background Sync is
   * relied on). */
  onVisible = () => { if (document.visibilityState === "visible") this.soon(0); };

  onOnline = () => { this.update({ online: true }); this.listen(); this.attempt = 0; this.soon(0); };
  onOffline = () => { this.update({ online: false }); this.events?.close(); this.events = null; };

  /** The live channel: a hint to pull now. */
  listen() {
    if (this.events || !("EventSource" in globalThis)) return;
    this.events = new EventSource(`/sync/events?protocol=${PROTOCOL}&schema=${SCHEMA}`);
    this.events.addEventListener("changed", () => this.soon(200));
  }

  /** Sync after `ms` (the earliest request wins). @param {number} ms */
  soon(ms) {
    if (this.stopped) return;
    const at = Date.now() + ms;
    if (this.timer !== undefined && this.dueAt <= at) return;
    clearTimeout(this.timer);
    this.dueAt = at;
    this.timer = setTimeout(() => { this.timer = undefined; this.run(); }, ms);
  }

  /** Local data changed (a save here, or a sync in another tab). */
  async changed() {
    await this.refreshPending();
    this.dispatchEvent(new Event("data"));
  }

  /** A screen queued something: tell everyone, and push soon. */
  async queued() {
    await this.changed();
    this.soon(300);
  }

  async refreshPending() {
    const [box, files] = await Promise.all([this.store.outbox(), this.store.pendingBlobs()]);
    this.update({ pending: box.length + files.length });
  }

  /** @param {Partial<import("./lib/syncstate.js").SyncStatus>} patch */
  update(patch) {
    Object.assign(this.status, patch);
    this.dispatchEvent(new Event("status"));
  }

  /** One sync now, unless another tab is syncing. @returns {Promise<void>} */
  async run() {
    if (!navigator.onLine) {
      this.update({ online: false });
      return;
    }
    const work = async (/** @type {Lock | null} */ lock) => {
      if (!lock) return this.soon(5_000);
      return this.cycle();
    };
    if (navigator.locks) await navigator.locks.request(LOCK, { ifAvailable: true }, work);
    else await this.cycle();
  }

  async cycle() {
    this.update({ syncing: true, online: true });
    try {
      await this.push();
      await this.sendReceipts();
      await this.upload();
      await this.pull();
      await this.fetchStandards();
      await this.fetchAssessment();
      await this.cacheAttachments();
      const now = Date.now();
      await this.store.setMeta("lastSyncedAt", now);
      this.attempt = 0;
      this.update({ lastSyncedAt: now, error: null });
      this.soon(PERIOD_MS);
    } catch (error) {
      // The session ended under this cycle (sign-out closes the store): its work is over, and
      // what it had not sent stays in the database for the next sign-in.
      if (this.stopped) return;
      if (!(error instanceof SyncHttpError)) throw error;
      this.failed(error);
    } finally {
      if (!this.stopped) await this.settle();
    }
  }

  /** After a cycle: count what waits, and tell the screens (and other tabs) if it changed anything. */
  async settle() {
    await this.refreshPending();
    this.update({ syncing: false });
    if (this.dirty) {
      this.dirty = false;
      this.channel?.postMessage("synced");
      this.dispatchEvent(new Event("data"));
    }
  }

  /** @param {SyncHttpError} error */
  failed(error) {
    this.update({ error: { status: error.status, code: error.code, message: error.message } });
    const r = reaction(error);
    if (r === "retry" || r === "offline" || r === "stop") {
      this.soon(nextDelay(this.attempt, { retryAfter: error.retryAfter }));
      this.attempt += 1;
    }
    if (r === "update") navigator.serviceWorker?.getRegistration().then((reg) => reg?.update());
    if (r === "sign-in") this.dispatchEvent(new Event("signed-out"));
  }

  async push() {
    for (;;) {
      const box = await this.store.outbox();
      if (!box.length) return;
      const device = await this.store.meta("device");
      const mutations = nextBatch({ outbox: box });
      const response = await call("POST", "/sync/push", {
        json: { device_id: device.device_id, mutations, client_time: new Date().toISOString() },
      });
      const answer = await response.json();
      const { progressed, restored } = await this.store.acknowledge(answer);
      if (progressed || restored) this.dirty = true;
      if (restored) continue;
      if (!progressed) {
        const gap = answer.results.find((/** @type {any} */ r) => r.result === "gap");
        if (gap) throw new SyncHttpError(409, "gap", gap.message ?? "The server expects other changes first.");
        return;
      }
    }
  }

  /** Reminder receipts (shown, tapped) the service worker or a link queued: sent, then
   * forgotten. A batch the server refuses for good (a 4xx other than sign-in or "too many")
   * is dropped: receipts are not the person's work, and must never hold up a sync. */
  async sendReceipts() {
    for (;;) {
      const batch = await receipts.waiting();
      if (!batch.length) return;
      try {
        await call("POST", "/api/push/receipts", {
          json: { receipts: batch.map(({ delivery, event, at }) => ({ delivery, event, at })) },
        });
      } catch (error) {
        const refused = error instanceof SyncHttpError && error.status >= 400 && error.status < 500
          && ![401, 403, 429].includes(error.status);
        if (!refused) throw error;
      }
      await receipts.forget(batch.map((r) => r.id));
      if (batch.length < receipts.MAX_BATCH) return;
    }
  }

  /** Upload files whose records the server already holds, resuming where an upload stopped. */
  async upload() {
    const box = await this.store.outbox();
    const waiting = new Set(box.map((m) => m.id));
    for (const file of await this.store.pendingBlobs()) {
      if (waiting.has(file.recordId)) continue;
      const path = `/sync/attachments/${file.sha}`;
      try {
        const head = await call("HEAD", path);
        let offset = Number(head.headers.get("upload-offset") ?? 0);
        const complete = head.headers.get("upload-complete") === "?1";
        const blob = /** @type {Blob} */ (file.blob);
        while (!complete && offset < blob.size) {
          const end = Math.min(blob.size, offset + CHUNK_BYTES);
          const response = await call("PUT", path, {
            body: blob.slice(offset, end), headers: { "Content-Range": `bytes ${offset}-${end - 1}/${blob.size}` },
          });
          offset = (await response.json()).offset;
        }
        await this.store.markUploaded(file.sha);
        this.dirty = true;
      } catch (error) {
        if (error instanceof SyncHttpError && error.status === 404) continue; // its record was not accepted
        throw error;
      }
    }
  }

  async pull() {
    for (let page = 0; page < 1000; page += 1) {
      const cursors = await this.store.cursors();
      const response = await call("POST", "/sync/pull", { json: { scopes: cursors, limit: 1000 } });
      const answer = await response.json();
      await this.store.applyPull(answer);
      if (answer.revoked.length || answer.scopes.some((/** @type {any} */ c) => c.records.length || c.reset)) this.dirty = true;
      if (!answer.more) return;
    }
  }

  /**
   * What the screens need besides the sync scopes, cached for offline: the enrolments (names,
   * standards, review rules), and for assessors and managers the server's queue (exact
   * submission times) and the reviews due. A read the person may not make is skipped.
   */
  async fetchAssessment() {
    const roles = this.me?.roles ?? [];
    const read = async (/** @type {string} */ path) => {
      try {
        return await (await call("GET", path)).json();
      } catch (error) {
        if (error instanceof SyncHttpError && error.status === 0) throw error;
        return null;
      }
    };
    const mine = await read("/api/me/enrolments");
    const all = roles.includes("administrator") ? await read("/api/admin/enrolments") : null;
    if (mine) {
      const byId = new Map([...(all ?? []), ...mine].map((e) => [e.id, e]));
      await this.keep("enrolments", [...byId.values()]);
      // enrolled on (or taken off) a standard since the standards were fetched: fetch them now
      const codes = [...new Set(mine.filter((e) => e.worker_id === this.me?.user_id).map((e) => e.standard_code))].sort();
      const held = (await this.store.meta("enrolled")) ?? [];
      if (roles.includes("worker") && JSON.stringify(codes) !== JSON.stringify([...held].sort())) {
        await this.store.setMeta("standardsAt", 0);
        await this.fetchStandards();
      }
    }
    if (roles.includes("assessor") || roles.includes("quality_assurer")) {
      const queue = await read("/api/assessment/queue");
      if (queue) await this.keep("serverQueue", Object.fromEntries(queue.map((q) => [q.evidence_id, q.submitted_at])));
    }
    if (roles.some((r) => ["assessor", "quality_assurer", "administrator"].includes(r))) {
      const due = await read("/api/reviews/due");
      if (due) {
        const held = await this.store.meta("reviewsDue");
        if (JSON.stringify(held?.rows) !== JSON.stringify(due)) this.dirty = true;
        await this.store.setMeta("reviewsDue", { at: Date.now(), rows: due });
      }
    }
  }

  /**
   * Keep on the device the photos and signatures of other workers' evidence waiting for
   * assessment, so an assessor can judge it with no signal. At most 40 files per sync.
   */
  async cacheAttachments() {
    if (!this.me) return;
    const own = `portfolio:${this.me.user_id}`;
    const cursors = await this.store.cursors();
    let budget = 40;
    for (const scope of Object.keys(cursors).filter((s) => s.startsWith("portfolio:") && s !== own)) {
      for (const r of await this.store.records(scope)) {
        if (r.entity !== "evidence" || r.deleted || r.fields.status !== "submitted") continue;
        const shas = [...(r.fields.attachments ?? []), r.fields.witness?.signature_sha256].filter(Boolean);
        for (const sha of shas) {
          if (budget <= 0 || (await this.store.blob(sha))) continue;
          budget -= 1;
          try {
            const blob = await (await call("GET", `/sync/attachments/${sha}`)).blob();
            await this.store.putCachedBlob({ sha, blob, type: blob.type, recordId: r.id, scope });
            this.dirty = true;
          } catch (error) {
            if (error instanceof SyncHttpError && error.status === 0) throw error;
          }
        }
      }
    }
  }

  /** Store a cached read, noting whether it differs from what the device held. @param {string} key @param {any} value */
  async keep(key, value) {
    if (JSON.stringify(await this.store.meta(key)) !== JSON.stringify(value)) this.dirty = true;
    await this.store.setMeta(key, value);
  }

  async fetchStandards() {
    const at = (await this.store.meta("standardsAt")) ?? 0;
    if (Date.now() - at < STANDARDS_MAX_AGE_MS && (await this.store.standards()).length) return;
    const response = await call("GET", "/api/standards");
    const data = await response.json();
    await this.store.putStandards(data.standards);
    this.dirty = true;
    await this.store.setMeta("enrolled", data.enrolled);
    await this.store.setMeta("standardsAt", Date.now());
  }
}
