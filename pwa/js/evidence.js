// Saving evidence: turn a draft or an action into mutations, check them with the merge twin
// (so a save the server would refuse is explained at once and the draft is kept), and queue
// them durably before the screen confirms anything.

import { apply } from "./lib/merge.js";
import { diffFields } from "./lib/outbox.js";

const SETS = ["criteria", "attachments"];

/** A record state for the merge twin from a pulled record (field versions as [v, "server"]). */
function stateOf(record, scope) {
  if (!record) return null;
  return {
    entity: record.entity, id: record.id, scope, created_by: record.created_by, version: record.version,
    deleted: Boolean(record.deleted), fields: record.fields,
    versions: Object.fromEntries(Object.entries(record.versions ?? {}).map(([k, v]) => [k, [v, "server"]])),
  };
}

/**
 * What the server would say, predicted on the phone; null when it would accept.
 * @returns {string | null}
 */
function refusal(ctx, record, mutations, scope) {
  const actor = { user_id: ctx.me.user_id, device_id: ctx.me.device_id, relations: relationsTo(ctx, scope) };
  let state = stateOf(record, scope);
  for (const m of mutations) {
    const out = apply(state, { ...m, n: 1 }, actor, (state?.version ?? 0) + 1, new Date());
    if (out.result === "rejected") return out.message;
    state = out.record ?? state;
  }
  return null;
}

/**
 * How the signed-in person relates to a portfolio scope: its owner, or (another worker's)
 * their assessor or quality assurer. The server decides; this only predicts.
 * @param {any} ctx @param {string} scope
 */
export function relationsTo(ctx, scope) {
  if (scope === ctx.scope) return ["owner"];
  const roles = ctx.me?.roles ?? [];
  return [...(roles.includes("assessor") ? ["assessor"] : []), ...(roles.includes("quality_assurer") ? ["qa"] : [])];
}

/**
 * Queue a batch planned elsewhere (a decision, a review, a signature), after the merge twin
 * predicted each mutation against the records it touches. Resolves with a refusal message
 * (nothing queued) or null once the batch is durably in the outbox.
 * @param {any} ctx @param {any[]} mutations
 * @returns {Promise<string | null>}
 */
export async function queueChecked(ctx, mutations) {
  /** @type {Map<string, any>} */
  const states = new Map();
  const actor = (/** @type {string} */ scope) => ({ user_id: ctx.me.user_id, device_id: ctx.me.device_id, relations: relationsTo(ctx, scope) });
  const queued = await ctx.store.outbox();
  for (const m of mutations) {
    const key = `${m.scope} ${m.id}`;
    if (!states.has(key)) {
      // The record as this device will show it: pulled, then its own queued mutations.
      let state = stateOf(await ctx.store.record(m.scope, m.id), m.scope);
      for (const q of queued.filter((x) => x.scope === m.scope && x.id === m.id)) {
        state = apply(state, q, actor(m.scope), (state?.version ?? 0) + 1, new Date()).record ?? state;
      }
      states.set(key, state);
    }
    const state = states.get(key);
    const out = apply(state, { ...m, n: 1 }, actor(m.scope), (state?.version ?? 0) + 1, new Date());
    if (out.result === "rejected") return out.message;
    if (out.record) states.set(key, out.record);
  }
  await ctx.store.queue(mutations);
  await ctx.sync?.queued();
  return null;
}

/**
 * Save a capture: a create for new evidence, an update (with the versions held when the edit
 * began) for existing evidence, optionally followed by a submit. Resolves with an error
 * message (nothing queued, the draft kept) or null once the mutations are in the outbox.
 * @param {any} ctx
 * @param {{id: string, scope: string, isNew: boolean, fields: Record<string, any>, baseFields?: any, baseVersions?: any}} draft
 * @param {{submit?: boolean}} [options]
 * @returns {Promise<string | null>}
 */
export async function saveDraft(ctx, draft, { submit = false } = {}) {
  const head = { scope: draft.scope, entity: "evidence", id: draft.id };
  const record = draft.isNew ? null : await ctx.store.record(draft.scope, draft.id);
  /** @type {any[]} */
  const mutations = [];
  if (draft.isNew) mutations.push({ op: "create", ...head, fields: draft.fields });
  else {
    const diff = diffFields(draft.baseFields ?? {}, draft.fields, draft.baseVersions ?? {}, SETS);
    if (diff) mutations.push({ op: "update", ...head, ...diff });
  }
  if (submit) mutations.push({ op: "transition", ...head, to: "submitted" });
  const problem = record || draft.isNew ? refusal(ctx, record, mutations, draft.scope) : null;
  if (problem) return problem;
  await ctx.store.queue(mutations, { dropDraft: draft.id });
  await ctx.sync?.queued();
  return null;
}

/** Queue one transition of an item's status (submit, withdraw). */
export async function transition(ctx, scope, id, to, reason) {
  const record = await ctx.store.record(scope, id);
  const m = { op: "transition", scope, entity: "evidence", id, to, ...(reason ? { reason } : {}) };
  const problem = record ? refusal(ctx, record, [m], scope) : null;
  if (problem) return problem;
  await ctx.store.queue([m]);
  await ctx.sync?.queued();
  return null;
}

/**
 * Settle a conflict: optionally write a chosen value (the lost one, or a merge of both) based
 * on the current field version, then dismiss the conflict record.
 * @param {any} ctx
 * @param {any} note the conflict record (user: scope)
 * @param {{value?: any}} choice no value: keep what the server kept
 */
export async function settleConflict(ctx, note, choice) {
  const f = note.fields;
  /** @type {any[]} */
  const mutations = [];
  if ("value" in choice && f.field !== "*") {
    const record = await ctx.store.record(f.scope, f.record_id);
    const version = record?.versions?.[f.field] ?? 0;
    mutations.push({ op: "update", scope: f.scope, entity: f.entity, id: f.record_id,
      set: { [f.field]: choice.value }, base: { [f.field]: version } });
  }
  mutations.push(dismissal(note));
  await ctx.store.queue(mutations);
  await ctx.sync?.queued();
}

/** The mutation that marks a conflict or rejection record as dealt with. */
export function dismissal(note) {
  return { op: "update", scope: note.scope, entity: note.entity, id: note.id, set: { dismissed: true }, base: { dismissed: note.versions?.dismissed ?? 0 } };
}

/** Dismiss a rejection (after its text was copied, or when it no longer matters). */
export async function dismiss(ctx, note) {
  await ctx.store.queue([dismissal(note)]);
  await ctx.sync?.queued();
}
