/**
 * The outbox: the device's mutations not yet acknowledged by the server, as pure functions.
 *
 * - Each device numbers its mutations 1, 2, 3 ... with no gaps (`number`). The store writes the
 *   numbered mutation to IndexedDB, with the new counter, before any screen says "saved".
 * - An edit carries, per field it sets, the field version the device held when the edit began
 *   (`diffFields`): that is what lets the server tell a follow-on edit from a concurrent one.
 * - A push answer acknowledges everything up to `last_applied` (`acknowledge`). Acknowledged
 *   mutations are kept a while in `sent`, so that if the server was restored from a backup
 *   older than them (its counter went backwards) they are queued again, not lost.
 * - A new session on the same phone gets a new device id; mutations still queued under the old
 *   one are renumbered for the new device (`renumber`), in their order.
 * @module
 */

import { equal } from "./merge.js";

export const SENT_KEPT = 1000;
export const BATCH = 500;

/**
 * @typedef {object} OutboxState
 * @property {string} device_id
 * @property {number} next_n the number the next mutation gets
 * @property {number} acked the server's last applied number for this device, as last heard
 * @property {any[]} outbox mutations not yet acknowledged, in order of n
 * @property {any[]} sent acknowledged mutations kept for a server restored from a backup
 */

/** @param {string} deviceId @returns {OutboxState} */
export function emptyOutbox(deviceId) {
  return { device_id: deviceId, next_n: 1, acked: 0, outbox: [], sent: [] };
}

/**
 * Give `mutation` the device's next number.
 * @param {{next_n: number}} counter
 * @param {object} mutation without `n`
 * @returns {{mutation: any, next_n: number}}
 */
export function number(counter, mutation) {
  return { mutation: { ...mutation, n: counter.next_n }, next_n: counter.next_n + 1 };
}

/**
 * What changed between `before` and `after`, as the parts of an update mutation.
 * Set fields (named in `sets`) become adds and removes; other fields become `set`, each with
 * the version the device held for it (`versions`, 0 when the field was never pulled).
 * @param {Record<string, any>} before the fields the edit started from
 * @param {Record<string, any>} after the fields as edited
 * @param {Record<string, number>} versions field -> version held when the edit began
 * @param {string[]} sets names of set fields
 * @returns {{set: Record<string, any>, base: Record<string, number>, add: Record<string, string[]>, remove: Record<string, string[]>} | null}
 *   null when nothing changed
 */
export function diffFields(before, after, versions, sets) {
  /** @type {Record<string, any>} */ const set = {};
  /** @type {Record<string, number>} */ const base = {};
  /** @type {Record<string, string[]>} */ const add = {};
  /** @type {Record<string, string[]>} */ const remove = {};
  for (const [name, value] of Object.entries(after)) {
    const old = before[name] ?? (sets.includes(name) ? [] : null);
    if (sets.includes(name)) {
      const was = new Set(old);
      const now = new Set(value ?? []);
      const added = [...now].filter((x) => !was.has(x)).sort();
      const removed = [...was].filter((x) => !now.has(x)).sort();
      if (added.length) add[name] = added;
      if (removed.length) remove[name] = removed;
    } else if (!equal(value ?? null, old)) {
      set[name] = value;
      base[name] = versions[name] ?? 0;
    }
  }
  const changed = [set, add, remove].some((part) => Object.keys(part).length > 0);
  return changed ? { set, base, add, remove } : null;
}

/**
 * @typedef {object} PushAnswer
 * @property {number} last_applied
 * @property {{n: number, result: string, code?: string, message?: string, scope?: string}[]} results
 */

/**
 * Apply a push answer to the outbox.
 * @param {OutboxState} state
 * @param {PushAnswer} answer
 * @returns {{state: OutboxState, done: any[], requeued: any[], progressed: boolean}}
 *   `done`: mutations now acknowledged; `requeued`: ones the server lost in a restore;
 *   `progressed`: false when the batch did not go through (a gap), so pushing again now is
 *   pointless
 */
export function acknowledge(state, answer) {
  if (answer.last_applied < state.acked) {
    const requeued = state.sent.filter((m) => m.n > answer.last_applied);
    const byN = new Map([...requeued, ...state.outbox].map((m) => [m.n, m]));
    return {
      state: {
        ...state,
        acked: answer.last_applied,
        sent: state.sent.filter((m) => m.n <= answer.last_applied),
        outbox: [...byN.values()].sort((a, b) => a.n - b.n),
      },
      done: [],
      requeued,
      progressed: requeued.length > 0,
    };
  }
  const done = state.outbox.filter((m) => m.n <= answer.last_applied);
  const gap = answer.results.some((r) => r.result === "gap");
  return {
    state: {
      ...state,
      acked: Math.max(state.acked, answer.last_applied),
      outbox: state.outbox.filter((m) => m.n > answer.last_applied),
      sent: [...state.sent, ...done].slice(-SENT_KEPT),
    },
    done,
    requeued: [],
    progressed: done.length > 0 && !gap,
  };
}

/**
 * Renumber queued mutations for a new device id (a new session on the same phone).
 * @param {OutboxState} state
 * @param {string} deviceId
 * @param {number} [serverLast] the new device's last applied number (0 for a new device)
 * @returns {OutboxState}
 */
export function renumber(state, deviceId, serverLast = 0) {
  if (state.device_id === deviceId) return state;
  const outbox = state.outbox.map((m, i) => ({ ...m, n: serverLast + 1 + i }));
  return { device_id: deviceId, next_n: serverLast + 1 + outbox.length, acked: serverLast, outbox, sent: [] };
}

/** The first batch to push. @param {OutboxState} state */
export function nextBatch(state) {
  return state.outbox.slice(0, BATCH);
}

/**
 * The queued mutations for one record, in order.
 * @param {any[]} outbox @param {string} scope @param {string} id
 */
export function pendingFor(outbox, scope, id) {
  return outbox.filter((m) => m.scope === scope && m.id === id);
}
