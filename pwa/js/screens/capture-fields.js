import { h } from "../dom.js";
import { FIELD_LIMITS } from "../lib/limits.js";
import { MODELS } from "../lib/reflection.js";
import { guardHint } from "./guard-hint.js";

const E = FIELD_LIMITS.evidence;

/**
 * The free-text and small fields of each kind of evidence. Each builder returns the nodes and
 * a `read()` giving its part of the evidence fields. Every text field carries the
 * confidentiality guard.
 */

/** @param {string} id @param {string} label @param {string} value @param {{hint?: string, rows?: number, save: () => void}} o */
export function textArea(id, label, value, { hint, rows = 6, save }) {
  const area = h("textarea", { id, name: id, rows, "aria-describedby": hint ? `${id}-hint` : undefined });
  area.value = value ?? "";
  return {
    area,
    node: h("div", { class: "field" }, h("label", { for: id }, label),
      hint ? h("p", { class: "muted small", id: `${id}-hint` }, hint) : null, area, guardHint(area, save)),
  };
}

/** @param {string} id @param {string} label @param {string} value @param {Record<string, any>} [attrs] */
export function textInput(id, label, value, attrs = {}) {
  const input = h("input", { id, name: id, ...attrs });
  input.value = value ?? "";
  return { input, node: h("div", { class: "field" }, h("label", { for: id }, label), input) };
}

/** @param {Record<string, any>} fields @param {() => void} save */
function description(fields, save, label, hint) {
  const { area, node } = textArea("description", label, fields.description, { hint, save });
  return { nodes: [node], read: () => ({ description: area.value }) };
}

/** @param {Record<string, any>} fields */
function duration(fields) {
  const { input, node } = textInput("duration", "How long, in minutes (optional)", fields.duration_minutes ?? "",
    { type: "number", inputmode: "numeric", min: 0, max: 100000 });
  const read = () => {
    const n = Number.parseInt(input.value, 10);
    return { duration_minutes: Number.isFinite(n) && n >= 0 ? n : null };
  };
  return { nodes: [node], read };
}

/** A reflection guided by a chosen model: one text box per stage, its prompts as the hint. */
function reflection(fields, save) {
  const answers = { ...(fields.reflection?.stages ?? {}) };
  let model = fields.reflection?.model ?? "gibbs";
  const select = h("select", { id: "model" }, ...Object.values(MODELS).map((m) => h("option", { value: m.key, selected: m.key === model }, m.label)));
  const stages = h("div", {});
  /** @type {Map<string, HTMLTextAreaElement>} */
  let areas = new Map();
  const keep = () => { for (const [key, area] of areas) answers[key] = area.value; };
  const render = () => {
    areas = new Map();
    stages.replaceChildren(...MODELS[model].stages.map((stage) => {
      const { area, node } = textArea(`stage-${stage.key}`, stage.label, answers[stage.key] ?? "", { hint: stage.prompts.join(" "), rows: 5, save });
      areas.set(stage.key, area);
      return node;
    }));
  };
  select.addEventListener("change", () => { keep(); model = select.value; render(); save(); });
  render();
  const read = () => {
    keep();
    const wanted = new Set(MODELS[model].stages.map((s) => s.key));
    return { reflection: { model, stages: Object.fromEntries(Object.entries(answers).filter(([k, v]) => wanted.has(k) && v)) } };
  };
  return { nodes: [h("div", { class: "field" }, h("label", { for: "model" }, "Reflective model"), select), stages], read };
}

function witness(fields, save, extras) {
  const w = fields.witness ?? {};
  const name = textInput("witness-name", "Witness's name", w.name, { autocomplete: "off", maxlength: E["witness.name"] });
  const role = textInput("witness-role", "Witness's job role", w.role, { maxlength: E["witness.role"] });
  const relationship = textInput("witness-relationship", "How they know your work (optional)", w.relationship, { maxlength: E["witness.relationship"] });
  const statement = textArea("witness-statement", "What the witness saw", w.statement, { hint: "In the witness's own words.", save });
  let signature = w.signature_sha256 ?? null;
  let signedAt = w.signed_at ?? null;
  let bound = w.signed_digest ?? null; // the digest of the signed fields at signing (lib/signatures.js)
  const signedFields = () => ({ name: name.input.value, role: role.input.value, relationship: relationship.input.value, statement: statement.area.value });
  const pad = extras.signature({ sha: signature, bound, signedFields,
    onSigned: (sha, digest) => { signature = sha; bound = sha ? digest : null; signedAt = sha ? new Date().toISOString().slice(0, 19) + "Z" : null; save(); } });
  for (const node of [name.node, role.node, relationship.node, statement.node]) node.addEventListener("input", () => pad.check?.(bound));
  const read = () => ({ witness: { ...signedFields(), signature_sha256: signature, signed_at: signedAt, signed_digest: bound } });
  return { nodes: [name.node, role.node, relationship.node, statement.node, pad], read };
}

function location(fields, save) {
  const l = fields.location ?? {};
  const type = textInput("record-type", "What kind of record", l.record_type, { maxlength: E["location.record_type"], placeholder: "e.g. care plan review" });
  const where = textInput("record-location", "Where it is kept", l.location, { maxlength: E["location.location"], placeholder: "e.g. locked office, care plan folder" });
  const custodian = textInput("record-custodian", "Who looks after it (job role, optional)", l.custodian, { maxlength: E["location.custodian"] });
  const notes = description(fields, save, "What the record shows about your practice");
  return {
    nodes: [type.node, where.node, custodian.node, ...notes.nodes],
    read: () => ({ location: { record_type: type.input.value, location: where.input.value, custodian: custodian.input.value }, ...notes.read() }),
  };
}

/**
 * @param {string} kind
 * @param {Record<string, any>} fields
 * @param {() => void} save
 * @param {{signature: (o: any) => HTMLElement, photo: () => HTMLElement}} extras
 * @param {{observer?: boolean}} [options] an assessor recording what they saw of a worker
 * @returns {{nodes: (HTMLElement | null)[], read: () => Record<string, any>}}
 */
export function kindFields(kind, fields, save, extras, { observer = false } = {}) {
  const parts = {
    observation: () => [observer
      ? description(fields, save, "What I observed", "What the worker did, step by step. Do not name the person they support.")
      : description(fields, save, "What I did", "Describe your practice step by step. Do not name the person you support."), duration(fields)],
    reflective_account: () => [reflection(fields, save)],
    witness_testimony: () => [witness(fields, save, extras)],
    professional_discussion: () => [description(fields, save, "Discussion notes", "The questions discussed and your answers."), duration(fields)],
    product_evidence: () => [{ nodes: [extras.photo()], read: () => ({}) }, description(fields, save, "What the photo shows and why it is evidence")],
    evidence_location: () => [location(fields, save)],
  }[kind]?.() ?? [];
  return {
    nodes: parts.flatMap((p) => p.nodes),
    read: () => Object.assign({}, ...parts.map((p) => p.read())),
  };
}
