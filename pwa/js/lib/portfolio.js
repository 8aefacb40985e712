/**
 * A worker's portfolio as the screens show it, assembled from what the device holds: the
 * pulled records of the portfolio scope, the person's inbox scope (conflicts, rejections),
 * the outbox, unsaved drafts, files not yet uploaded and the cached standards. Pure.
 * @module
 */

import { carriedKeys, computeCoverage, currentJudgements, currentKeys, mappedKeys, ruleCoverage } from "./coverage.js";
import { itemState, openNotes, project } from "./view.js";

/**
 * @typedef {object} Item
 * @property {string} id
 * @property {import("./view.js").View | null} view null for a draft or a refused create
 * @property {Record<string, any>} fields
 * @property {import("./view.js").ItemState} state
 * @property {any[]} conflicts open conflict records about it
 * @property {any[]} rejections open rejection records about it
 * @property {any[]} decisions assessment decisions about it, newest first
 * @property {any | null} draft an unsaved edit, if any
 * @property {number | null} seenAt when this device last pulled a change of it (epoch ms)
 * @property {number | null} [created_by] who recorded it, once on the server (null: not yet pushed)
 */

/**
 * @param {object} held
 * @param {string} held.scope the portfolio scope, e.g. "portfolio:7"
 * @param {any[]} held.records pulled records of that scope
 * @param {any[]} held.inbox pulled records of the person's user: scope
 * @param {any[]} held.outbox queued mutations (all scopes)
 * @param {any[]} held.drafts unsaved captures and edits
 * @param {any[]} held.blobs files not yet uploaded
 * @param {any[]} held.standards cached standards ({code, version, criteria, glossary})
 * @param {string[]} [held.enrolled] codes the worker is enrolled on
 */
export function assemble({ scope, records, inbox, outbox, drafts, blobs, standards, enrolled = [] }) {
  const mine = outbox.filter((m) => m.scope === scope);
  /** @type {Map<string, any[]>} */
  const pending = new Map();
  for (const m of mine) pending.set(m.id, [...(pending.get(m.id) ?? []), m]);
  const byId = new Map(records.map((r) => [r.id, r]));
  const ids = new Set([...records.filter((r) => r.entity === "evidence").map((r) => r.id),
    ...mine.filter((m) => m.entity === "evidence" && m.op === "create").map((m) => m.id)]);
  const decisions = entities("decision", records, mine, pending, byId);
  const reviews = entities("review", records, mine, pending, byId);
  const comments = entities("comment", records, mine, pending, byId);
  const draftOf = new Map(drafts.filter((d) => d.scope === scope).map((d) => [d.id, d]));
  /** @type {Item[]} */
  const items = [];
  for (const id of ids) {
    const view = project(byId.get(id), pending.get(id) ?? []);
    if (!view || view.deleted) continue;
    // created_by: who recorded it (an assessor's observation of the worker: lib/observer.js)
    items.push({ ...item(id, view, view.fields, inbox, blobs, decisions, draftOf.get(id) ?? null), created_by: byId.get(id)?.created_by ?? null });
  }
  for (const draft of draftOf.values()) {
    if (!ids.has(draft.id)) items.push(item(draft.id, null, draft.fields, inbox, blobs, decisions, draft));
  }
  for (const note of inbox) {
    const m = note.fields.mutation;
    if (note.entity !== "rejection" || note.deleted || note.fields.dismissed || m?.op !== "create") continue;
    if (note.fields.scope !== scope || ids.has(m.id) || draftOf.has(m.id)) continue;
    items.push({ ...item(m.id, null, m.fields ?? {}, inbox, blobs, decisions, null), state: "rejected" });
  }
  items.sort((a, b) => sortKey(b).localeCompare(sortKey(a)));
  const { criteria, moved, also } = libraryOf(standards);
  const counted = items.filter((i) => i.view).map((i) => ({ id: i.id, status: i.fields.status ?? "draft", criteria: currentKeys(i.fields.criteria ?? [], moved, also) }));
  const coverage = computeCoverage(criteria, counted);
  const rule = ruleCoverage(criteria, counted, decisions.map((d) => ({ evidence_id: d.fields.evidence_id, judgements: currentJudgements(d.fields.judgements, moved, also), order: d.version })));
  const problems = inbox.filter((r) => (r.entity === "conflict" || r.entity === "rejection") && !r.deleted && !r.fields.dismissed);
  return { scope, items, criteria, coverage, rule, standards, enrolled, problems, reviews, comments };
}

/** @type {WeakMap<any[], {criteria: any[], moved: Map<string, string>, also: Map<string, string[]>}>} */
const LIBRARIES = new WeakMap();

/** The criteria of the cached standards and the keys carried between versions, worked out
 * once per standards list (a caseload assembles forty portfolios against the same one), with
 * the NOS keys a unit criterion maps to. */
function libraryOf(/** @type {any[]} */ standards) {
  let found = LIBRARIES.get(standards);
  if (!found) {
    const criteria = standards.flatMap((s) => s.criteria.map((/** @type {any} */ c) =>
      ({ standard: s.code, version: s.version, ref: c.ref, kind: c.kind, group: c.group, text: c.text, language: c.language ?? "en" })));
    LIBRARIES.set(standards, (found = { criteria, moved: carriedKeys(standards), also: mappedKeys(standards) }));
  }
  return found;
}

/**
 * Records of one kind as the device shows them (pulled, with queued edits; created here and
 * not yet pushed), oldest first. A record still queued sorts after every pulled one.
 * @returns {(import("./view.js").View & {version: number, created_by: number | null})[]}
 */
function entities(entity, records, mine, pending, byId) {
  const ids = new Set([...records.filter((r) => r.entity === entity).map((r) => r.id),
    ...mine.filter((m) => m.entity === entity && m.op === "create").map((m) => m.id)]);
  const out = [];
  for (const id of ids) {
    const record = byId.get(id);
    const queued = pending.get(id) ?? [];
    const view = project(record, queued);
    if (!view || view.deleted) continue;
    out.push({ ...view, version: record?.version ?? 1e15 + (queued[0]?.n ?? 0), created_by: record?.created_by ?? null });
  }
  return out.sort((a, b) => a.version - b.version);
}

/** @returns {Item} */
function item(id, view, fields, inbox, blobs, decisions, draft) {
  const conflicts = openNotes(inbox, "conflict", id);
  const rejections = openNotes(inbox, "rejection", id);
  const uploads = blobs.filter((b) => b.recordId === id).length;
  return {
    id, view, fields, draft, conflicts, rejections, seenAt: view?.seenAt ?? null,
    decisions: decisions.filter((d) => d.fields.evidence_id === id).sort((a, b) => b.version - a.version),
    state: itemState(view, { conflicts: conflicts.length, rejections: rejections.length, uploads }),
  };
}

/** Newest practice first; undated drafts on top. @param {Item} i */
function sortKey(i) {
  return `${i.view ? 0 : 1}${i.fields.occurred_at ?? "9999"}${i.id}`;
}

/** Title to show for an item. @param {Record<string, any>} fields */
export function titleOf(fields) {
  if (fields.title?.trim()) return fields.title.trim();
  const text = fields.description || Object.values(fields.reflection?.stages ?? {}).find((s) => s) || "";
  return text ? `${text.slice(0, 60)}${text.length > 60 ? "…" : ""}` : "Untitled evidence";
}
