/**
 * The JavaScript twin of the server's merge core (sync/merge.py): one mutation against one
 * record, decided purely. It passes the same golden cases (sync/golden/*.json).
 *
 * The PWA uses it to predict what the server will do with a queued edit (a locked record, a
 * field written elsewhere since the edit began) and to show a record as it will be once the
 * outbox is applied. The server stays the judge: its answer always replaces the prediction.
 *
 * The rules, in the order they are checked (the full prose is at the top of sync/merge.py):
 * 1. the kind must be registered and live in the scope kind the mutation names;
 * 2. field versions are server versions; phone clocks order nothing;
 * 3. create: new id only, creators only, required fields given, workflow fields at their
 *    default, no server fields; the creator becomes the author;
 * 4. update: every value checked first (one bad field rejects all); a locked record rejects;
 *    a scalar is written when unchanged since its base or last written by the same device,
 *    otherwise the server's value wins and the pushed one comes back as a conflict; sets merge
 *    as removes then adds; an edit to a tombstone restores it (applied, code
 *    `restored_after_delete`: nothing was lost); a client on an older schema (`actor.schema`)
 *    may not write a field its schema does not know;
 * 5. delete: refused in favour of a later edit from another device (`edit_kept`); locked
 *    records cannot be deleted; a tombstone keeps its fields;
 * 6. transition: from the current state along an allowed rule, with a reason where needed
 *    (and `<target>_at` stamped with the time, e.g. evidence.submitted_at);
 * 7. `flags_future`: a phone time after the server's clock is flagged, never refused;
 * 8. a mutation that changes nothing is applied with no new record state;
 * 9. a conflict outcome carries `code` (its first conflict's reason) and a message.
 * 10. decisions keep the rules of lib/decisions.js (the evidence a decision judges, or the
 *     latest decision of evidence moving to accepted, is passed as `related`).
 * 11. a held review signed by both on its text closes by itself.
 * 12. comments keep the rules of lib/comments.js (the evidence they are about is `related`).
 * @module
 */

import { refusal as commentRefusal } from "./comments.js";
import { acceptanceRefusal, closesItself, closingRefusal, refusal } from "./decisions.js";
import { REGISTRY } from "./registry.js";
import { FieldError, checkValue } from "./values.js";

/** @typedef {[number, string]} FieldVersion [server version, device id] */

/**
 * @typedef {object} RecordState
 * @property {string} entity
 * @property {string} id
 * @property {string} scope
 * @property {number} created_by
 * @property {Record<string, any>} fields
 * @property {Record<string, FieldVersion>} versions
 * @property {number} version
 * @property {boolean} [deleted]
 */

/** @typedef {{user_id: number, device_id: string, relations: string[], schema?: number}} Actor */
/** @typedef {{field: string, reason: string, lost?: any, kept?: any}} Conflict */

/**
 * @typedef {object} Outcome
 * @property {"applied" | "conflict" | "rejected"} result
 * @property {string | null} code
 * @property {string | null} message
 * @property {RecordState | null} record the new state, or null when nothing changes
 * @property {Conflict[]} conflicts
 */

const FUTURE_GRACE_EXACT_MS = 5 * 60_000;
const FUTURE_GRACE_LOCAL_MS = 14 * 3_600_000;

/** @returns {Outcome} */
const outcome = (result, { code = null, message = null, record = null, conflicts = [] } = {}) =>
  ({ result, code, message, record, conflicts });
/** @param {string} code @param {string} message @returns {Outcome} */
export const reject = (code, message) => outcome("rejected", { code, message });

/**
 * Decide what `mutation` by `actor` does to `record` (null: no such record).
 * @param {RecordState | null} record
 * @param {any} mutation as it travels in POST /sync/push
 * @param {Actor} actor
 * @param {number} version the server version of this transaction
 * @param {Date} now
 * @param {RecordState | null} [related] the other record rule 10 needs; undefined: the caller
 *   did not look it up, and rule 10 is left to the server
 * @returns {Outcome}
 */
export function apply(record, mutation, actor, version, now, related) {
  const out = applyOne(record, mutation, actor, version, now);
  if (out.record && mutation.op === "create" && mutation.entity === "comment") {
    const refused = commentRefusal(mutation.fields ?? {}, related === undefined ? undefined : related && !related.deleted ? related.fields : null);
    return refused ? reject(...refused) : out;
  }
  if (!out.record || (related === undefined && !(mutation.entity === "review" && mutation.op === "transition"))) return out;
  const refused = decisionRules(record, mutation, related && !related.deleted ? related : null);
  return refused ? reject(...refused) : out;
}

/** @param {RecordState | null} before @param {any} m @param {RecordState | null} related */
function decisionRules(before, m, related) {
  if (m.op === "create" && m.entity === "decision") {
    return refusal({ ...m.fields, feedback: m.fields?.feedback ?? "" }, related?.fields ?? null);
  }
  if (m.op === "transition" && m.entity === "evidence" && m.to === "accepted" && before) {
    return acceptanceRefusal(before.fields, before.versions?.status?.[0] ?? 0, related?.fields ?? null, related?.version ?? 0);
  }
  if (m.op === "transition" && m.entity === "review" && m.to === "signed" && before) return closingRefusal(before.fields);
  return null;
}

/** @returns {Outcome} */
function applyOne(record, mutation, actor, version, now) {
  const kind = REGISTRY[mutation.entity];
  if (!kind) return reject("unknown_entity", `No entity kind '${mutation.entity}'.`);
  if (mutation.scope.split(":")[0] !== kind.scope_kind) {
    return reject("wrong_scope", `${mutation.entity} records live in ${kind.scope_kind} scopes.`);
  }
  if (record && record.entity !== mutation.entity) return reject("wrong_entity", `Record ${record.id} is a ${record.entity}.`);
  const m = { set: {}, base: {}, add: {}, remove: {}, fields: {}, field: "status", base_version: 0, ...mutation };
  try {
    switch (m.op) {
      case "create": return create(kind, record, m, actor, version, now);
      case "update": return update(kind, record, m, actor, version, now);
      case "delete": return remove(kind, record, m, actor, version);
      case "transition": return transition(kind, record, m, actor, version, now);
      default: return reject("unknown_op", `No operation '${m.op}'.`);
    }
  } catch (error) {
    if (error instanceof FieldError) return reject("invalid_field", error.message);
    throw error;
  }
}

/** @param {RecordState | null} record @param {Actor} actor @returns {Set<string>} */
export function relations(record, actor) {
  const found = new Set(actor.relations);
  if (record && record.created_by === actor.user_id) found.add("author");
  return found;
}

/** @param {string[]} allowed @param {Set<string>} who */
const any = (allowed, who) => allowed.some((r) => who.has(r));
const specOf = (/** @type {any} */ kind, /** @type {string} */ name) => kind.fields.find((/** @type {any} */ f) => f.name === name);

function create(kind, record, m, actor, version, now) {
  if (record) return reject("already_exists", `A record with id ${m.id} already exists.`);
  if (!any(kind.creators, new Set(actor.relations))) return reject("forbidden", `You may not create ${m.entity} records here.`);
  /** @type {Record<string, any>} */
  const values = {};
  for (const spec of kind.fields) {
    if (Object.hasOwn(m.fields, spec.name)) {
      known(m.entity, spec, actor);
      values[spec.name] = checkedInitial(m.entity, spec, m.fields[spec.name]);
    }
    else if (spec.required) throw new FieldError(spec.name, "is required");
    else values[spec.name] = structuredClone(spec.default);
  }
  const unknown = Object.keys(m.fields).filter((name) => !specOf(kind, name)).sort();
  if (unknown.length) throw new FieldError(unknown[0], `is not a field of ${m.entity}`);
  /** @type {FieldVersion} */
  const stamp = [version, actor.device_id];
  const state = {
    entity: m.entity, id: m.id, scope: m.scope, created_by: actor.user_id, fields: values,
    versions: Object.fromEntries(Object.keys(values).map((name) => [name, stamp])), version, deleted: false,
  };
  derive(kind, state, version, actor.device_id, now);
  return outcome("applied", { record: state });
}

function known(entity, spec, actor) {
  const schema = actor.schema ?? Infinity; // no schema given: the registry's own (every field)
  if (spec.since > schema) throw new FieldError(spec.name, `is not a field of ${entity} in schema ${schema} (update the app to write it)`);
}

function checkedInitial(entity, spec, value) {
  if (spec.kind === "server") throw new FieldError(spec.name, "is set by the server");
  if (spec.kind === "workflow" && value !== spec.default) throw new FieldError(spec.name, `starts as '${spec.default}'; use a transition`);
  return checkValue(entity, spec, value);
}

function update(kind, record, m, actor, version, now) {
  if (!record) return reject("not_found", `No record ${m.id}.`);
  if (!record.deleted && locked(kind, record)) return reject("locked", "This record is locked (assessed); the edit was kept aside.");
  const who = relations(record, actor);
  const scalars = Object.entries(m.set).map(([name, v]) => [name, writable(kind, m.entity, name, "scalar", actor, who, v)]);
  const adds = Object.fromEntries(Object.entries(m.add).map(([name, v]) => [name, writable(kind, m.entity, name, "set", actor, who, v)]));
  const removes = Object.fromEntries(Object.entries(m.remove).map(([name, v]) => [name, writable(kind, m.entity, name, "set", actor, who, v)]));
  const fields = { ...record.fields };
  const versions = { ...record.versions };
  /** @type {FieldVersion} */
  const stamp = [version, actor.device_id];
  /** @type {Conflict[]} */
  const conflicts = [];
  for (const [name, value] of scalars) {
    const current = Object.hasOwn(fields, name) ? fields[name] : null;
    if (equal(value, current)) continue;
    const last = versions[name];
    if (!last || last[0] <= (m.base[name] ?? 0) || last[1] === actor.device_id) {
      fields[name] = value;
      versions[name] = stamp;
    } else conflicts.push(conflict(name, "concurrent_edit", value, current));
  }
  for (const name of new Set([...Object.keys(adds), ...Object.keys(removes)])) {
    const drop = new Set(removes[name] ?? []);
    const members = (fields[name] ?? []).filter((/** @type {string} */ x) => !drop.has(x));
    const merged = [...new Set([...members, ...(adds[name] ?? [])])].sort();
    if (!equal(merged, fields[name])) {
      fields[name] = merged;
      versions[name] = stamp;
    }
  }
  if (!record.deleted && equal(fields, record.fields)) return edited(conflicts, null, false);
  const state = { ...record, fields, versions, version, deleted: false };
  derive(kind, state, version, actor.device_id, now);
  return edited(conflicts, state, Boolean(record.deleted));
}

/** The outcome of an update: a conflict when a value lost, else applied (noting a restore). */
function edited(conflicts, record, restored) {
  if (conflicts.length) {
    return outcome("conflict", {
      code: "concurrent_edit", message: "Changed elsewhere at the same time; the other value was kept, yours aside.", record, conflicts,
    });
  }
  if (restored) return outcome("applied", { code: "restored_after_delete", message: "The record had been deleted elsewhere; this edit restored it.", record });
  return outcome("applied", { record });
}

/** A conflict as the server encodes it: null values are left out. @returns {Conflict} */
function conflict(field, reason, lost, kept) {
  /** @type {Conflict} */
  const c = { field, reason };
  if (lost !== null && lost !== undefined) c.lost = lost;
  if (kept !== null && kept !== undefined) c.kept = kept;
  return c;
}

function writable(kind, entity, name, want, actor, who, value) {
  const spec = specOf(kind, name);
  if (!spec) throw new FieldError(name, `is not a field of ${entity}`);
  known(entity, spec, actor);
  if (spec.kind !== want) throw new FieldError(name, `is a ${spec.kind} field`);
  if (!any(spec.writers, who)) throw new FieldError(name, "you may not change this field");
  return checkValue(entity, spec, value);
}

function remove(kind, record, m, actor, version) {
  if (!record) return reject("not_found", `No record ${m.id}.`);
  if (record.deleted) return outcome("applied");
  if (locked(kind, record)) return reject("locked", "This record is locked (assessed) and cannot be deleted.");
  if (!any(kind.deleters, relations(record, actor))) return reject("forbidden", `You may not delete this ${m.entity}.`);
  const edited = Object.entries(record.versions)
    .filter(([, [v, device]]) => v > m.base_version && device !== actor.device_id)
    .map(([name]) => name)
    .sort();
  if (edited.length) {
    return outcome("conflict", {
      code: "edit_kept", message: "Edited elsewhere; not deleted.", conflicts: [conflict("*", "edit_kept", "delete", edited)],
    });
  }
  return outcome("applied", { record: { ...record, version, deleted: true } });
}

function transition(kind, record, m, actor, version, now) {
  if (!record || record.deleted) return reject("not_found", `No record ${m.id}.`);
  const spec = specOf(kind, m.field);
  if (!spec || spec.kind !== "workflow") throw new FieldError(m.field, "is not a workflow field");
  const current = record.fields[m.field];
  if (current === m.to) return outcome("applied");
  const rules = kind.transitions.filter((r) => r.from === current && r.to === m.to);
  if (!rules.length) return reject("invalid_transition", `${m.field} cannot go from ${current} to ${m.to}.`);
  const allowed = rules.filter((r) => any(r.by, relations(record, actor)));
  if (!allowed.length) return reject("forbidden", `You may not move ${m.field} from ${current} to ${m.to}.`);
  if (allowed.some((r) => r.reason_required) && !(m.reason ?? "").trim()) {
    return reject("reason_required", `Moving ${m.field} to ${m.to} needs a reason.`);
  }
  /** @type {FieldVersion} */
  const stamp = [version, actor.device_id];
  const fields = { ...record.fields, [m.field]: m.to };
  const versions = { ...record.versions, [m.field]: stamp };
  const reasonField = `${m.field}_reason`;
  if (specOf(kind, reasonField)) {
    fields[reasonField] = m.reason ?? null;
    versions[reasonField] = stamp;
  }
  if (specOf(kind, `${m.to}_at`)) { // e.g. evidence.submitted_at, by the server's clock
    fields[`${m.to}_at`] = serverTime(now);
    versions[`${m.to}_at`] = stamp;
  }
  return outcome("applied", { record: { ...record, fields, versions, version, deleted: false } });
}

/** The server's clock as written into records: UTC, whole seconds, "Z". @param {Date} now */
export const serverTime = (now) => `${now.toISOString().slice(0, 19)}Z`;

function locked(kind, record) {
  return kind.fields.some((s) => s.kind === "workflow" && kind.locked_states.includes(record.fields[s.name]));
}

function derive(kind, state, version, device, now) {
  if (state.entity === "review" && closesItself(state.fields)) { // rule 11: signed by both, it closes
    state.fields.status = "signed";
    state.versions.status = [version, device];
  }
  if (!kind.flags_future) return;
  const flag = inFuture(state.fields[kind.flags_future], now);
  if (state.fields.occurred_in_future !== flag) {
    state.fields.occurred_in_future = flag;
    state.versions.occurred_in_future = [version, device];
  }
}

const MOMENT = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * True when a phone time (ISO date or date-time) lies after `now`: with 5 minutes' grace when
 * it has an offset, 14 hours' when it is a local time or a date (time zones east of UTC).
 * @param {unknown} phoneTime @param {Date} now
 */
export function inFuture(phoneTime, now) {
  if (typeof phoneTime !== "string") return false;
  const m = MOMENT.exec(phoneTime);
  if (!m) return false;
  const [y, mo, d, h = "0", mi = "0", s = "0", frac = "0"] = m.slice(1, 8);
  const utc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, Math.floor(Number(`0.${frac}`) * 1000));
  const back = new Date(utc);
  if (back.getUTCMonth() !== +mo - 1 || back.getUTCDate() !== +d || +h > 23 || +mi > 59 || +s > 59) return false;
  const zone = m[8];
  if (!zone) return utc > now.getTime() + FUTURE_GRACE_LOCAL_MS;
  const offset = zone === "Z" ? 0 : (zone[0] === "-" ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2))) * 60_000;
  return utc - offset > now.getTime() + FUTURE_GRACE_EXACT_MS;
}

/** Deep equality of JSON values (Python's ==). @param {any} a @param {any} b @returns {boolean} */
export function equal(a, b) {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && equal(a[k], b[k]));
}
