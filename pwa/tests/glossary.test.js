// Glossary terms found in criterion texts, to explain them where they appear.
import assert from "node:assert/strict";
import { test } from "node:test";

import { findTerms, splitByTerms } from "../js/lib/glossary.js";

const GLOSSARY = [
  { term: "Active participation", definition: "a way of working ..." },
  { term: "participation", definition: "taking part" },
  { term: "Carers", definition: "those who provide unpaid support" },
  { term: "A person’s background", definition: "their unique mix ..." },
];

test("a term is found whatever its case and the longer term wins over the one inside it", () => {
  const found = findTerms("Support active participation with carers", GLOSSARY);
  assert.deepEqual(found.map((f) => f.term.term), ["Active participation", "Carers"]);
});

test("a singular glossary term matches its plural", () => {
  assert.equal(findTerms("work with the carer and other carers", [{ term: "carer", definition: "" }]).length, 2);
});

test("a term inside another word is not a match", () => {
  assert.equal(findTerms("non-participationist", [{ term: "participation", definition: "" }]).length, 0);
});

test("a straight apostrophe in the text matches a curly one in the term", () => {
  assert.equal(findTerms("know a person's background well", GLOSSARY).length, 1);
});

test("the text splits into plain and term pieces that join back to the original", () => {
  const text = "Support active participation with carers today";
  const pieces = splitByTerms(text, findTerms(text, GLOSSARY));
  assert.equal(pieces.map((p) => p.text).join(""), text);
  assert.deepEqual(pieces.filter((p) => p.term).map((p) => p.text), ["active participation", "carers"]);
});
