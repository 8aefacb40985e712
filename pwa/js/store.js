// The device's IndexedDB: records by scope, the outbox, drafts, cursors, files, the standards.
// One database per signed-in person. Every write resolves only once its transaction has
// committed; no transaction ever waits on the network (the controller awaits the network
// between transactions).

import { openDb, transaction } from "./lib/idb.js";
import { SENT_KEPT, acknowledge, emptyOutbox, number, renumber } from "./lib/outbox.js";

const VERSION = 1;
const STORES = {
  records: { keyPath: ["scope", "id"] },
  outbox: { keyPath: "n" },
  sent: { keyPath: "n" },
  drafts: { keyPath: "id" },
  blobs: { keyPath: "sha" },
  library: { keyPath: "code" },
  meta: {},
};

/** Meta keys about the person's unsent work, kept when the session ends (the rest came from the server). */
const KEPT_META = ["device", "unsentSince"];

/** @param {number} userId */
export const dbName = (userId) => `carefolio-u${userId}`;

/** @param {string} scope */
const scopeRange = (scope) => IDBKeyRange.bound([scope], [scope, []]);

/**
 * A new version of a standard this device shows replaces the old one as soon as the library
 * scope brings it (the standards shown are the person's own, chosen by GET /api/standards).
 * @param {IDBObjectStore} library @param {any[]} records
 */
function refreshStandards(library, records) {
  for (const r of records) {
    if (r.entity !== "standard" || r.deleted || !r.fields?.data) continue;
    const held = library.get(r.id);
    held.onsuccess = () => held.result && library.put(r.fields.data);
  }
}

/** What an operation of a store closed for good (its session ended) fails with: nothing of
 * it ran, and the screen that asked is being replaced by the sign-in screen. */
export class StoreClosed extends Error {
  constructor() {
    super("This person's storage on the phone is closed: the session ended.");
    this.name = "StoreClosed";
  }
}

/** The connection was closed under the store (by the browser, under memory pressure, or by
 * another tab upgrading): nothing of the transaction ran, so it can be tried again. */
const closedUnderUs = (/** @type {any} */ e) => e?.name === "InvalidStateError";

/** @param {string} name */
async function connect(name) {
  const db = await openDb(name, VERSION, STORES);
  // Another tab (a newer version of the app) wants to upgrade: let it; the next write reconnects.
  db.onversionchange = () => db.close();
  return db;
}

/** The device's storage for one person. */
export class Store {
  /** @param {IDBDatabase} db @param {string} name */
  constructor(db, name) {
    this.db = db;
    this.name = name;
  }

  /** @param {number} userId */
  static async open(userId) {
    return new Store(await connect(dbName(userId)), dbName(userId));
  }

  /**
   * One transaction; if the browser closed the connection (Safari does under memory pressure),
   * reconnect and try once more. A second failure goes to the caller, which says so on screen.
   * @template T
   * @param {() => Promise<T>} attempt
   * @returns {Promise<T>}
   */
  async reconnecting(attempt) {
    try {
      return await attempt();
    } catch (e) {
      if (!closedUnderUs(e)) throw e;
      if (!this.name) throw new StoreClosed();
      this.db = await connect(this.name);
      return attempt();
    }
  }

  /** @param {string[]} names @param {IDBTransactionMode} mode @param {(s: Record<string, IDBObjectStore>) => any} run */
  tx(names, mode, run) {
    return this.reconnecting(() => transaction(this.db, names, mode, run));
  }

  /** Close for good (the session ended): no reconnecting after this. */
  close() {
    this.name = "";
    this.db.close();
  }

  /** @param {string} key */
  meta(key) {
    return this.tx(["meta"], "readonly", (s) => s.meta.get(key));
  }

  /** @param {string} key @param {any} value */
  setMeta(key, value) {
    return this.tx(["meta"], "readwrite", (s) => s.meta.put(value, key));
  }

  /**
   * Bind the store to the session's device id; mutations queued under an earlier session's
   * device are renumbered for this one.
   * @param {string} deviceId
   */
  bindDevice(deviceId) {
    return this.tx(["meta", "outbox", "sent"], "readwrite", (s) => {
      const req = s.meta.get("device");
      const all = s.outbox.getAll();
      all.onsuccess = () => {
        const counter = req.result;
        if (!counter) {
          const { next_n, acked } = emptyOutbox(deviceId);
          s.meta.put({ device_id: deviceId, next_n, acked }, "device");
          return;
        }
        if (counter.device_id === deviceId) return;
        const moved = renumber({ ...counter, outbox: all.result, sent: [] }, deviceId);
        s.outbox.clear();
        s.sent.clear();
        for (const m of moved.outbox) s.outbox.put(m);
        s.meta.put({ device_id: deviceId, next_n: moved.next_n, acked: moved.acked }, "device");
      };
    });
  }

  /**
   * Number and queue mutations, and (in the same transaction) drop a draft they replace.
   * Resolves once they are durably in the outbox: only then may a screen say "saved".
   * @param {object[]} partials mutations without `n`
   * @param {{dropDraft?: string}} [options]
   * @returns {Promise<{mutations: any[]}>}
   */
  queue(partials, { dropDraft } = {}) {
    return this.tx(["meta", "outbox", "drafts"], "readwrite", (s) => {
      const out = { mutations: /** @type {any[]} */ ([]) };
      const req = s.meta.get("device");
      req.onsuccess = () => {
        let counter = req.result;
        if (!counter) throw new Error("no device bound: sign in first");
        for (const partial of partials) {
          const { mutation, next_n } = number(counter, partial);
          counter = { ...counter, next_n };
          s.outbox.put(mutation);
          out.mutations.push(mutation);
        }
        s.meta.put(counter, "device");
        if (dropDraft) s.drafts.delete(dropDraft);
      };
      // When the oldest unsent change was queued (the home screen warns after three days).
      const count = s.outbox.count();
      count.onsuccess = () => { if (count.result === 0) s.meta.put(Date.now(), "unsentSince"); };
      return out;
    });
  }

  /** @returns {Promise<any[]>} */
  outbox() {
    return this.tx(["outbox"], "readonly", (s) => s.outbox.getAll());
  }

  /**
   * Apply a push answer: acknowledged mutations leave the outbox (kept in `sent`), mutations a
   * restored server lost come back. Resolves with what `acknowledge` decided.
   * @param {import("./lib/outbox.js").PushAnswer} answer
   */
  acknowledge(answer) {
    return this.tx(["meta", "outbox", "sent"], "readwrite", (s) => {
      const out = { progressed: false, restored: false };
      const counter = s.meta.get("device");
      const box = s.outbox.getAll();
      const sent = s.sent.getAll();
      sent.onsuccess = () => {
        const before = { ...counter.result, outbox: box.result, sent: sent.result };
        const { state, done, requeued, progressed } = acknowledge(before, answer);
        for (const m of done) { s.outbox.delete(m.n); s.sent.put(m); }
        for (const m of requeued) { s.sent.delete(m.n); s.outbox.put(m); }
        for (const m of sent.result.slice(0, Math.max(0, sent.result.length + done.length - SENT_KEPT))) s.sent.delete(m.n);
        s.meta.put({ device_id: state.device_id, next_n: Math.max(state.next_n, answer.last_applied + 1), acked: state.acked }, "device");
        if (requeued.length) s.meta.delete("cursors");
        if (state.outbox.length === 0) s.meta.delete("unsentSince");
        else if (requeued.length) s.meta.put(Date.now(), "unsentSince");
        out.progressed = progressed;
        out.restored = requeued.length > 0;
      };
      return out;
    });
  }

  /** @returns {Promise<Record<string, string | null>>} */
  async cursors() {
    return (await this.meta("cursors")) ?? {};
  }

  /**
   * Apply one pull answer: purge revoked scopes, reset scopes the server restarted, replace
   * records, and move the cursors, all in one transaction.
   * @param {any} answer PullResponse
   */
  applyPull(answer) {
    return this.tx(["records", "meta", "blobs", "library"], "readwrite", (s) => {
      const req = s.meta.get("cursors");
      if (answer.revoked.length) {
        // Files downloaded for a portfolio no longer visible go with it; unsent ones stay.
        const files = s.blobs.getAll();
        files.onsuccess = () => {
          for (const f of files.result) if (f.uploaded && answer.revoked.includes(f.scope)) s.blobs.delete(f.sha);
        };
      }
      req.onsuccess = () => {
        const cursors = { ...(req.result ?? {}) };
        for (const scope of answer.revoked) {
          s.records.delete(scopeRange(scope));
          delete cursors[scope];
        }
        const seen_at = Date.now();
        for (const changes of answer.scopes) {
          if (changes.reset) s.records.delete(scopeRange(changes.scope));
          if (changes.scope.startsWith("library:")) refreshStandards(s.library, changes.records);
          for (const r of changes.records) {
            s.records.put({ scope: changes.scope, id: r.id, entity: r.entity, version: r.version, deleted: Boolean(r.deleted),
              created_by: r.created_by ?? null, fields: r.fields ?? {}, versions: r.versions ?? {}, seen_at });
          }
          cursors[changes.scope] = changes.cursor;
        }
        s.meta.put(cursors, "cursors");
      };
    });
  }

  /** @param {string} scope @returns {Promise<any[]>} */
  records(scope) {
    return this.tx(["records"], "readonly", (s) => s.records.getAll(scopeRange(scope)));
  }

  /** @param {string} scope @param {string} id */
  record(scope, id) {
    return this.tx(["records"], "readonly", (s) => s.records.get([scope, id]));
  }

  /**
   * Save a draft as the worker types. Called on every keystroke: each call opens its own
   * transaction at once (IndexedDB runs them in order) and asks for its commit straight
   * away, so a tab closed mid-word loses at most the keystroke being typed.
   * @param {any} draft
   * @returns {Promise<void>}
   */
  putDraft(draft) {
    return this.reconnecting(() => new Promise((resolve, reject) => {
      const tx = this.db.transaction(["drafts"], "readwrite");
      tx.objectStore("drafts").put({ ...draft, savedAt: Date.now() });
      tx.oncomplete = () => resolve(undefined);
      tx.onerror = tx.onabort = () => reject(tx.error ?? new Error("draft not saved"));
      tx.commit?.();
    }));
  }

  /** @param {string} id */
  draft(id) {
    return this.tx(["drafts"], "readonly", (s) => s.drafts.get(id));
  }

  drafts() {
    return this.tx(["drafts"], "readonly", (s) => s.drafts.getAll());
  }

  /** @param {string} id */
  dropDraft(id) {
    return this.tx(["drafts"], "readwrite", (s) => s.drafts.delete(id));
  }

  /** @param {{sha: string, blob: Blob, type: string, recordId: string, scope: string}} file */
  putBlob(file) {
    return this.tx(["blobs"], "readwrite", (s) => s.blobs.put({ ...file, uploaded: false }));
  }

  /** A file downloaded from the server (another worker's photo), kept for offline reading. */
  putCachedBlob(/** @type {{sha: string, blob: Blob, type: string, recordId: string, scope: string}} */ file) {
    return this.tx(["blobs"], "readwrite", (s) => s.blobs.put({ ...file, uploaded: true }));
  }

  /** @param {string} sha */
  blob(sha) {
    return this.tx(["blobs"], "readonly", (s) => s.blobs.get(sha));
  }

  /** @returns {Promise<any[]>} files not yet uploaded */
  async pendingBlobs() {
    const all = await this.tx(["blobs"], "readonly", (s) => s.blobs.getAll());
    return all.filter((/** @type {any} */ b) => !b.uploaded);
  }

  /** @param {string} sha */
  markUploaded(sha) {
    return this.tx(["blobs"], "readwrite", (s) => {
      const req = s.blobs.get(sha);
      req.onsuccess = () => req.result && s.blobs.put({ ...req.result, uploaded: true });
    });
  }

  /** @param {any[]} standards */
  putStandards(standards) {
    return this.tx(["library"], "readwrite", (s) => {
      s.library.clear();
      for (const standard of standards) s.library.put(standard);
    });
  }

  /**
   * Delete what came from the server (records, standards, cursors, cached reads, downloaded
   * files) in one transaction; keep the outbox, `sent`, drafts, files not yet uploaded and the
   * device counter. Resolves with the counts of unsent work kept.
   * @returns {Promise<{outbox: number, drafts: number, files: number}>}
   */
  dropServerData() {
    return this.tx(["records", "library", "blobs", "meta", "outbox", "drafts"], "readwrite", (s) => {
      const kept = { outbox: 0, drafts: 0, files: 0 };
      s.records.clear();
      s.library.clear();
      const files = s.blobs.getAll();
      files.onsuccess = () => {
        for (const f of files.result) {
          if (f.uploaded) s.blobs.delete(f.sha);
          else kept.files += 1;
        }
      };
      const keys = s.meta.getAllKeys();
      keys.onsuccess = () => { for (const key of keys.result) if (!KEPT_META.includes(String(key))) s.meta.delete(key); };
      const outbox = s.outbox.count();
      outbox.onsuccess = () => { kept.outbox = outbox.result; };
      const drafts = s.drafts.count();
      drafts.onsuccess = () => { kept.drafts = drafts.result; };
      return kept;
    });
  }

  /** @returns {Promise<any[]>} */
  standards() {
    return this.tx(["library"], "readonly", (s) => s.library.getAll());
  }
}

/**
 * A session ended (signed out here, revoked elsewhere, or unknown to a server restored from a
 * backup): what came from the server goes, and the person's work that has not reached it stays
 * for their next sign-in on this phone. A phone never deletes unsent work, whatever the
 * server answers (docs/pwa.md, "Signing out keeps unsent work").
 * @param {number} userId
 * @returns {Promise<{outbox: number, drafts: number, files: number}>} what was kept
 */
export async function keepOnlyUnsent(userId) {
  const store = await Store.open(userId);
  try {
    const kept = await store.dropServerData();
    // Acknowledged mutations (`sent`) stay too: a restored server may have lost them.
    const sent = await store.tx(["sent"], "readonly", (s) => s.sent.count());
    if (!kept.outbox && !kept.drafts && !kept.files && !sent) {
      store.close();
      await deleteDatabase(dbName(userId));
    }
    return kept;
  } finally {
    store.close();
  }
}

/** @param {string} name */
function deleteDatabase(name) {
  return new Promise((resolve, reject) => {
    const req = indexedDB.deleteDatabase(name);
    req.onsuccess = () => resolve(undefined);
    req.onerror = () => reject(req.error);
  });
}
