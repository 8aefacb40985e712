// The language a worker reads their standards in: Welsh where the standard has it, else English.
import assert from "node:assert/strict";
import { test } from "node:test";

import { inLanguage, languageNote } from "../js/lib/language.js";

const WITH_WELSH = {
  code: "SCDHSC0389", version: 1, title: "Work with carers",
  criteria: [
    { ref: "P1", kind: "performance", group: "Support individuals", text: "work with the individual" },
    { ref: "P2", kind: "performance", group: "Support individuals", text: "support the individual" },
  ],
  glossary: [{ term: "Carers", definition: "unpaid" }],
  languages: { cy: { title: "Gweithio gyda gofalwyr", criteria: { P1: "gweithio gyda'r unigolyn" }, groups: { P1: "Cefnogi unigolion" }, glossary: [] } },
};
const ENGLISH_ONLY = { code: "SCDHSC3110", version: 1, title: "Promote relationships", criteria: [{ ref: "P1", kind: "performance", group: "G", text: "promote" }], glossary: [] };

test("English is the English text, whatever other languages a standard has", () => {
  const [s] = inLanguage([WITH_WELSH], "en");
  assert.deepEqual(s.criteria.map((c) => [c.text, c.language]), [["work with the individual", "en"], ["support the individual", "en"]]);
  assert.equal(languageNote([s], "en"), "");
});

test("Welsh gives the Welsh text and group per criterion, English where a criterion has none, and says so", () => {
  const [s, other] = inLanguage([WITH_WELSH, ENGLISH_ONLY], "cy");
  assert.equal(s.title, "Gweithio gyda gofalwyr");
  assert.deepEqual(s.criteria.map((c) => [c.ref, c.text, c.group, c.language]), [
    ["P1", "gweithio gyda'r unigolyn", "Cefnogi unigolion", "cy"],
    ["P2", "support the individual", "Support individuals", "en"],
  ]);
  assert.equal(s.criteria[0].english.text, "work with the individual");
  assert.deepEqual(s.glossary, WITH_WELSH.glossary, "an empty Welsh glossary falls back to the English one");
  assert.deepEqual(other.criteria.map((c) => [c.text, c.language]), [["promote", "en"]]);
  assert.equal(other.missingLanguage, "cy");
  const note = languageNote([s, other], "cy");
  assert.match(note, /No Welsh record of SCDHSC3110: shown in English/);
  assert.match(note, /Some criteria of SCDHSC0389 have no Welsh text/);
});

test("the refs, and so the evidence keys, are the same in every language", () => {
  const refs = (/** @type {string} */ l) => inLanguage([WITH_WELSH], l)[0].criteria.map((c) => `${c.ref}/${c.kind}`);
  assert.deepEqual(refs("cy"), refs("en"));
});
