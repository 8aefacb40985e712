/**
 * What the worker sees of a record: the server's copy (as last pulled) with the device's
 * queued mutations laid over it, and the one state word shown on the item.
 *
 * Queued edits are applied optimistically here (no checks: the server judges, and its
 * answer arrives as the pulled record, a conflict or a rejection record).
 * @module
 */

import { REGISTRY } from "./registry.js";
import { STATE_WORDS } from "./words.js";

/**
 * @typedef {object} LocalRecord a record as pulled
 * @property {string} scope
 * @property {string} id
 * @property {string} entity
 * @property {number} version
 * @property {boolean} [deleted]
 * @property {number} [created_by]
 * @property {Record<string, any>} fields
 * @property {Record<string, number>} versions
 */

/**
 * @typedef {object} View
 * @property {string} scope
 * @property {string} id
 * @property {string} entity
 * @property {Record<string, any>} fields
 * @property {Record<string, number>} versions the server's field versions (0: not on the server)
 * @property {boolean} deleted
 * @property {boolean} onServer
 * @property {number} pending queued mutations for it
 * @property {number | null} seenAt when this device pulled its current state (epoch ms)
 */

/**
 * @param {LocalRecord | null | undefined} record
 * @param {any[]} pending the record's queued mutations, in order
 * @returns {View | null} null when there is neither a record nor a create
 */
export function project(record, pending) {
  if (!record && !pending.some((m) => m.op === "create")) return null;
  const first = record ?? pending[0];
  /** @type {View} */
  const view = {
    scope: first.scope, id: first.id, entity: first.entity, fields: { ...(record?.fields ?? {}) },
    versions: { ...(record?.versions ?? {}) }, deleted: Boolean(record?.deleted), onServer: Boolean(record),
    pending: pending.length, seenAt: record?.seen_at ?? null,
  };
  for (const m of pending) {
    if (m.op === "create" && !record) view.fields = { ...defaults(m.entity), ...m.fields };
    else if (m.op === "update") {
      Object.assign(view.fields, m.set ?? {});
      for (const [name, members] of Object.entries(m.remove ?? {})) {
        view.fields[name] = (view.fields[name] ?? []).filter((/** @type {string} */ x) => !members.includes(x));
      }
      for (const [name, members] of Object.entries(m.add ?? {})) {
        view.fields[name] = [...new Set([...(view.fields[name] ?? []), ...members])].sort();
      }
      view.deleted = false;
    } else if (m.op === "transition") view.fields[m.field ?? "status"] = m.to;
    else if (m.op === "delete") view.deleted = true;
  }
  return view;
}

/** @param {string} entity @returns {Record<string, any>} */
export function defaults(entity) {
  const kind = REGISTRY[entity];
  if (!kind) return {};
  return Object.fromEntries(kind.fields.map((f) => [f.name, structuredClone(f.default)]));
}

/**
 * @typedef {"draft" | "waiting" | "synced" | "submitted" | "accepted" | "referred" | "conflict" | "rejected"} ItemState
 */

/** The words shown for each state: one vocabulary, kept in words.js. */
export const STATE_LABELS = STATE_WORDS;

/**
 * The one state word of an evidence item. Problems come first (a conflict or a rejection
 * the worker has not dealt with), then unsent work, then the assessment status.
 * @param {View | null} view null for a capture never saved (a draft)
 * @param {{conflicts?: number, rejections?: number, uploads?: number}} [open] counts of
 *   undismissed conflicts and rejections, and files not yet uploaded, for this item
 * @returns {ItemState}
 */
export function itemState(view, { conflicts = 0, rejections = 0, uploads = 0 } = {}) {
  if (!view) return "draft";
  if (conflicts > 0) return "conflict";
  if (rejections > 0) return "rejected";
  if (view.pending > 0 || uploads > 0) return "waiting";
  const status = view.fields.status;
  if (status === "submitted" || status === "accepted" || status === "referred") return status;
  return "synced";
}

/**
 * The inbox records (conflicts or rejections) about one record that are still open.
 * @param {LocalRecord[]} inbox records of the user: scope
 * @param {string} entity "conflict" or "rejection"
 * @param {string} recordId
 */
export function openNotes(inbox, entity, recordId) {
  return inbox.filter((r) => r.entity === entity && !r.deleted && r.fields.record_id === recordId && !r.fields.dismissed);
}
