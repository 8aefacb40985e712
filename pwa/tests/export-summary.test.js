import assert from "node:assert/strict";
import { test } from "node:test";

import { escapeHtml, fileShas, phoneCopy } from "../js/lib/export-summary.js";

const ME = { user_id: 7, display_name: "Wren <Worker>" };
const NOW = new Date("2026-12-01T09:30:00Z");
const DATA = {
  enrolled: ["SCDHSC0389"],
  rule: [{ standard: "SCDHSC0389", version: 1, total: 71, met: 1, waiting: 2, none: 68, criteria: [] },
    { standard: "SCDLMCB4", version: 1, total: 135, met: 0, waiting: 0, none: 135, criteria: [] }],
  items: [
    { id: "e1", view: { fields: {}, onServer: true }, state: "accepted", decisions: [{ fields: { outcome: "accepted", feedback: "Clear & kind." } }],
      fields: { kind: "observation", title: "Family visit", status: "accepted", criteria: ["SCDHSC0389/1/P1"], description: "<script>x</script>", attachments: ["a".repeat(64)] } },
    { id: "e2", view: null, state: "draft", decisions: [],
      fields: { kind: "witness_testimony", title: "Hoist, seen by the nurse", witness: { name: "Sam", role: "Nurse", statement: "Explained each step.", signature_sha256: "b".repeat(64) } } },
  ],
  reviews: [{ id: "r1", fields: { status: "held", held_on: "2026-11-20", notes: "Good progress." } }],
  standards: [],
};

test("the phone's summary names every item, says what is not sent yet, and escapes every value", () => {
  const { html } = phoneCopy(DATA, ME, NOW);
  for (const words of ["Family visit", "Hoist, seen by the nurse", "On this phone only", "Accepted", "Clear &amp; kind.",
    "Witness: Sam, Nurse (signed)", "Good progress.", "1 of 71 criteria met", "needs a signal", "Portfolio of Wren &lt;Worker&gt;"]) {
    assert.ok(html.includes(words), words);
  }
  assert.ok(!html.includes("<script>x"), "text is never markup");
  assert.ok(!html.includes("SCDLMCB4"), "only the standards the worker is enrolled on");
});

test("the phone's JSON holds every item with its decisions, the reviews and the coverage", () => {
  const { json } = phoneCopy(DATA, ME, NOW);
  assert.equal(json.format, "carefolio-phone-copy/1");
  assert.equal(json.exported_at, "2026-12-01T09:30:00.000Z");
  assert.deepEqual(json.items.map((i) => [i.id, i.on_server]), [["e1", true], ["e2", false]]);
  assert.deepEqual(json.items[0].decisions, [{ outcome: "accepted", feedback: "Clear & kind." }]);
  assert.deepEqual(json.coverage.map((c) => c.standard), ["SCDHSC0389"]);
  assert.equal(json.reviews[0].fields.notes, "Good progress.");
});

test("escapeHtml escapes the five characters that matter", () => {
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
});

test("the phone's summary shows the photos and signatures the phone holds and names the rest", () => {
  assert.deepEqual(fileShas(DATA.items), ["a".repeat(64), "b".repeat(64)]);
  const images = new Map([["b".repeat(64), "data:image/png;base64,AAAA"]]);
  const { html } = phoneCopy(DATA, ME, NOW, images);
  assert.ok(html.includes('<img src="data:image/png;base64,AAAA" alt="Witness signature">'));
  assert.ok(html.includes("1 photo(s) or file(s) not on this phone: in the full export."));
});
