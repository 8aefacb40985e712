// The kinds of evidence a worker captures, as the screens name and explain them.

export const KIND_LABELS = {
  observation: "Observation of my practice",
  reflective_account: "Reflective account",
  witness_testimony: "Witness testimony",
  professional_discussion: "Professional discussion notes",
  product_evidence: "Product evidence (photo)",
  evidence_location: "Where a record is kept",
};

export const KIND_HINTS = {
  observation: "What you did, step by step, as it happened.",
  reflective_account: "Think back on something that happened, guided by a model.",
  witness_testimony: "A colleague who saw your practice writes what they saw and signs.",
  professional_discussion: "Notes of a discussion with your assessor.",
  product_evidence: "A photo of a document you produced (no names on it).",
  evidence_location: "Say where a confidential record is kept, instead of copying it.",
};

/** The kinds as an assessor reads them (someone else's evidence). */
export const KIND_NAMES = {
  ...KIND_LABELS,
  observation: "Observation",
};
