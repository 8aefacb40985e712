/**
 * The value types of the synced fields, the twin of the msgspec types in sync/entities.py.
 *
 * `checkValue(entity, spec, value)` returns the value as the server stores it (structs filled
 * with their defaults, sets sorted and without repeats) or throws a FieldError, exactly where
 * the server would answer `invalid_field`. Fields without a type here accept any JSON value
 * (the server's `Any`).
 * @module
 */

export class FieldError extends Error {
  /** @param {string} field @param {string} message */
  constructor(field, message) {
    super(`${field}: ${message}`);
    this.field = field;
  }
}

/** @typedef {(value: any, name: string) => any} Check */

/** @param {string} name @param {string} message @returns {never} */
const fail = (name, message) => { throw new FieldError(name, message); };

/** @param {number} max @returns {Check} */
const text = (max) => (v, name) =>
  typeof v === "string" && [...v].length <= max ? v : fail(name, `expected text of at most ${max} characters`);
/** @param {Check} check @returns {Check} */
const optional = (check) => (v, name) => (v === null ? null : check(v, name));
/** @param {RegExp} re @returns {Check} */
const matching = (re) => (v, name) => (typeof v === "string" && re.test(v) ? v : fail(name, `expected a string matching ${re}`));
/** @param {string[]} options @returns {Check} */
const oneOf = (options) => (v, name) => (options.includes(v) ? v : fail(name, `expected one of ${options.join(", ")}`));
/** @type {Check} */
const bool = (v, name) => (typeof v === "boolean" ? v : fail(name, "expected true or false"));
/** @type {Check} */
const anything = (v) => v;
/** @param {number} min @param {number} max @returns {Check} */
const integer = (min, max) => (v, name) =>
  Number.isInteger(v) && v >= min && v <= max ? v : fail(name, `expected a whole number from ${min} to ${max}`);

const TITLE = text(200);
const TEXT = text(20_000);
const SHORT = text(200);
export const PHONE_TIME = /^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;
const phoneTime = (/** @type {any} */ v, /** @type {string} */ name) =>
  typeof v === "string" && [...v].length <= 40 && PHONE_TIME.test(v) ? v : fail(name, "expected a date or date-time");
export const CRITERION_KEY = /^[A-Z][A-Z0-9]{1,15}\/[0-9]{1,3}\/(?:[PK][0-9]{1,3}|[0-9]{1,2}[.][0-9]{1,2})$/;
const SHA256 = /^[0-9a-f]{64}$/;
const SIGNED_DIGEST = /^sha256:[0-9a-f]{64}$/;

/** @type {Record<string, readonly string[]>} */
export const REFLECTION_STAGES = {
  gibbs: ["description", "feelings", "evaluation", "analysis", "conclusion", "action_plan"],
  driscoll: ["what", "so_what", "now_what"],
  kolb: ["concrete_experience", "reflective_observation", "abstract_conceptualisation", "active_experimentation"],
};

/**
 * A struct: an object with exactly the given fields (unknown ones refused), defaults filled in.
 * @param {Record<string, [Check, any?]>} fields name -> [check, default]; no default: required
 * @returns {Check}
 */
function struct(fields) {
  return (v, name) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) fail(name, "expected an object");
    const unknown = Object.keys(v).filter((k) => !Object.hasOwn(fields, k));
    if (unknown.length) fail(name, `unknown field ${unknown[0]}`);
    /** @type {Record<string, any>} */
    const out = {};
    for (const [key, spec] of Object.entries(fields)) {
      if (Object.hasOwn(v, key)) out[key] = spec[0](v[key], `${name}.${key}`);
      else if (spec.length > 1) out[key] = structuredClone(spec[1]);
      else fail(name, `object missing required field ${key}`);
    }
    return out;
  };
}

/** @param {Check} keys @param {Check} values @returns {Check} */
const mapping = (keys, values) => (v, name) => {
  if (v === null || typeof v !== "object" || Array.isArray(v)) fail(name, "expected an object");
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [keys(k, name), values(x, `${name}.${k}`)]));
};

/** @type {Check} */
const reflection = (v, name) => {
  const out = struct({ model: [oneOf(Object.keys(REFLECTION_STAGES))], stages: [mapping(text(10_000), TEXT), {}] })(v, name);
  const unknown = Object.keys(out.stages).filter((k) => !REFLECTION_STAGES[out.model].includes(k)).sort();
  if (unknown.length) fail(name, `stages not in the ${out.model} model: ${unknown.join(", ")}`);
  return out;
};

const witness = struct({
  name: [SHORT], role: [SHORT], relationship: [SHORT, ""], statement: [TEXT, ""],
  signature_sha256: [optional(matching(SHA256)), null], signed_at: [optional(phoneTime), null],
  signed_digest: [optional(matching(SIGNED_DIGEST)), null],
});
const location = struct({ record_type: [SHORT], location: [SHORT], custodian: [SHORT, ""] });
const EVIDENCE_KINDS = ["observation", "reflective_account", "witness_testimony", "professional_discussion",
  "product_evidence", "evidence_location"];

/** @type {Record<string, Record<string, Check>>} entity -> field -> check (set fields: per member) */
const TYPES = {
  evidence: {
    kind: oneOf(EVIDENCE_KINDS), title: TITLE, occurred_at: optional(phoneTime), description: TEXT,
    reflection: optional(reflection), witness: optional(witness), location: optional(location),
    duration_minutes: optional(integer(0, 100_000)), criteria: matching(CRITERION_KEY),
    attachments: matching(SHA256), status: text(Infinity),
  },
  decision: {
    evidence_id: text(64), outcome: oneOf(["accepted", "referred"]), feedback: TEXT,
    judgements: mapping(matching(CRITERION_KEY), oneOf(["met", "not_met", "partly_met", "removed"])),
    decided_at: optional(phoneTime),
  },
  review: {
    scheduled_for: optional(phoneTime), held_on: optional(phoneTime), notes: TEXT, actions: TEXT,
    next_review_due: optional(phoneTime), worker_signed_at: optional(phoneTime),
    assessor_signed_at: optional(phoneTime), status: text(Infinity),
    worker_signed_digest: optional(matching(SIGNED_DIGEST)), assessor_signed_digest: optional(matching(SIGNED_DIGEST)),
  },
  comment: { evidence_id: text(64), body: text(2_000), written_at: optional(phoneTime) },
  conflict: { dismissed: bool },
  rejection: { dismissed: bool },
};

/**
 * The value as stored, or a FieldError.
 * @param {string} entity
 * @param {import("./registry.js").FieldSpec} spec
 * @param {any} value
 * @returns {any}
 */
export function checkValue(entity, spec, value) {
  const check = TYPES[entity]?.[spec.name] ?? anything;
  if (spec.kind === "set") {
    if (!Array.isArray(value)) fail(spec.name, "expected an array");
    return [...new Set(value.map((member) => check(member, spec.name)))].sort();
  }
  return check(value, spec.name);
}
