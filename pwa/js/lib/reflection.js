/**
 * Reflective-account models as data, and pure helpers over a worker's answers.
 *
 * A reflective account is structured by one model; each stage has a stable key (stored and
 * synced, never renamed), a label (shown) and one to three prompts written for a care worker.
 * A worker's answers are a plain object from stage key to text: `{description: "..."}`.
 * @module
 */

/** @typedef {"gibbs" | "driscoll" | "kolb"} ModelKey */

/**
 * @typedef {object} Stage
 * @property {string} key stable identifier, stored with the answer
 * @property {string} label
 * @property {readonly string[]} prompts
 */

/**
 * @typedef {object} Model
 * @property {ModelKey} key
 * @property {string} label
 * @property {readonly Stage[]} stages
 */

/** @param {ModelKey} key @param {string} label @param {[string, string, string[]][]} stages */
const model = (key, label, stages) =>
  Object.freeze({
    key,
    label,
    stages: Object.freeze(
      stages.map(([k, l, prompts]) => Object.freeze({ key: k, label: l, prompts: Object.freeze(prompts) })),
    ),
  });

/** @type {Readonly<Record<ModelKey, Model>>} */
export const MODELS = Object.freeze({
  gibbs: model("gibbs", "Gibbs' reflective cycle", [
    ["description", "Description", [
      "What happened? Describe the situation without naming the person you support.",
      "Where were you, who else was involved, and what was your role?",
    ]],
    ["feelings", "Feelings", [
      "What were you thinking and feeling at the time?",
      "How do you think the person you were supporting felt?",
    ]],
    ["evaluation", "Evaluation", [
      "What went well, and what did not go so well?",
      "How did the person respond to the support you gave?",
    ]],
    ["analysis", "Analysis", [
      "Why do you think things went the way they did?",
      "Which training, policies or standards helped you make sense of it?",
    ]],
    ["conclusion", "Conclusion", [
      "What have you learned from this?",
      "What else could you have done?",
    ]],
    ["action_plan", "Action plan", [
      "If this happened again, what would you do?",
      "What will you do next to develop your practice, and by when?",
    ]],
  ]),
  driscoll: model("driscoll", "Driscoll's What? So what? Now what?", [
    ["what", "What?", [
      "What happened, and what did you do?",
      "What was your role, and what was the outcome for the person you support?",
    ]],
    ["so_what", "So what?", [
      "What did this mean for the person, for you and for your team?",
      "What have you learned about your practice from it?",
      "How does it link to your training, your setting's policies or the standards?",
    ]],
    ["now_what", "Now what?", [
      "What will you do differently, or keep doing, as a result?",
      "What support or learning do you need next?",
    ]],
  ]),
  kolb: model("kolb", "Kolb's learning cycle", [
    ["concrete_experience", "Concrete experience", [
      "Describe what you did and what happened, step by step.",
    ]],
    ["reflective_observation", "Reflective observation", [
      "Looking back, what did you notice about how it went?",
      "How did it feel for you and for the person you support?",
    ]],
    ["abstract_conceptualisation", "Abstract conceptualisation", [
      "What does this tell you about good practice?",
      "Which training, theory or policy explains what you saw?",
    ]],
    ["active_experimentation", "Active experimentation", [
      "What will you try next time, and how will you know if it worked?",
    ]],
  ]),
});

/** @typedef {Readonly<Record<string, string | undefined>>} Answers */

/**
 * The stages of a model, in order.
 * @param {ModelKey} modelKey
 * @returns {readonly Stage[]}
 * @throws {RangeError} for a model that does not exist
 */
export function stagesFor(modelKey) {
  if (!Object.hasOwn(MODELS, modelKey)) throw new RangeError(`unknown reflective model: ${modelKey}`);
  return MODELS[modelKey].stages;
}

/** @param {string | undefined} text */
const isAnswered = (text) => typeof text === "string" && text.trim().length > 0;

/**
 * Whether every stage of the model has a non-blank answer.
 * @param {ModelKey} modelKey
 * @param {Answers} answers stage key -> text
 */
export function isComplete(modelKey, answers) {
  return stagesFor(modelKey).every((stage) => isAnswered(answers[stage.key]));
}

/**
 * @typedef {object} Summary
 * @property {ModelKey} model
 * @property {string} label the model's label
 * @property {number} answered stages with a non-blank answer
 * @property {number} total stages in the model
 * @property {string[]} missing labels of the stages still blank, in order
 * @property {boolean} complete
 * @property {string} excerpt the first answer, whitespace collapsed, cut at a word to <= 140 chars
 * @property {string} text every answered stage as "Label\nanswer", blank lines between
 */

/** How long an excerpt may be, in characters, for a list row on a phone. */
export const EXCERPT_LENGTH = 140;

/**
 * A summary of a reflective account, for list views and for export.
 * Answers under keys that are not stages of the model are ignored.
 * @param {ModelKey} modelKey
 * @param {Answers} answers
 * @returns {Summary}
 */
export function summarise(modelKey, answers) {
  const stages = stagesFor(modelKey);
  const answered = stages.filter((s) => isAnswered(answers[s.key]));
  const first = answered.length ? String(answers[answered[0].key]) : "";
  return {
    model: modelKey,
    label: MODELS[modelKey].label,
    answered: answered.length,
    total: stages.length,
    missing: stages.filter((s) => !isAnswered(answers[s.key])).map((s) => s.label),
    complete: answered.length === stages.length,
    excerpt: excerpt(first, EXCERPT_LENGTH),
    text: answered.map((s) => `${s.label}\n${String(answers[s.key]).trim()}`).join("\n\n"),
  };
}

/**
 * Collapse whitespace and cut at a word boundary, adding "…" when cut.
 * @param {string} text @param {number} max
 */
function excerpt(text, max) {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, "")}…`;
}
