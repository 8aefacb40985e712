import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { EXCERPT_LENGTH, MODELS, isComplete, stagesFor, summarise } from "../js/lib/reflection.js";

describe("reflective models", () => {
  test("have the stages of Gibbs, Driscoll and Kolb in order", () => {
    const labels = (/** @type {any} */ key) => stagesFor(key).map((s) => s.label);
    assert.deepEqual(labels("gibbs"), ["Description", "Feelings", "Evaluation", "Analysis", "Conclusion", "Action plan"]);
    assert.deepEqual(labels("driscoll"), ["What?", "So what?", "Now what?"]);
    assert.deepEqual(labels("kolb"), [
      "Concrete experience",
      "Reflective observation",
      "Abstract conceptualisation",
      "Active experimentation",
    ]);
  });

  test("keep stable, unique snake_case keys (they are stored and synced)", () => {
    assert.deepEqual(
      Object.fromEntries(Object.values(MODELS).map((m) => [m.key, m.stages.map((s) => s.key)])),
      {
        gibbs: ["description", "feelings", "evaluation", "analysis", "conclusion", "action_plan"],
        driscoll: ["what", "so_what", "now_what"],
        kolb: ["concrete_experience", "reflective_observation", "abstract_conceptualisation", "active_experimentation"],
      },
    );
  });

  test("give every stage one to three prompts, each a question or an instruction", () => {
    for (const model of Object.values(MODELS)) {
      for (const stage of model.stages) {
        assert.ok(stage.prompts.length >= 1 && stage.prompts.length <= 3, `${model.key}.${stage.key}`);
        for (const prompt of stage.prompts) assert.match(prompt, /^[A-Z].*[?.]$/, prompt);
      }
    }
  });

  test("are frozen so a screen cannot change them by accident", () => {
    assert.throws(() => {
      /** @type {any} */ (MODELS.gibbs.stages[0]).label = "Changed";
    }, TypeError);
    assert.throws(() => {
      /** @type {any} */ (MODELS.kolb.stages).push({});
    }, TypeError);
  });

  test("reject a model that does not exist, including inherited property names", () => {
    assert.throws(() => stagesFor(/** @type {any} */ ("schon")), RangeError);
    assert.throws(() => stagesFor(/** @type {any} */ ("toString")), RangeError);
  });
});

describe("isComplete", () => {
  test("is true only when every stage has a non-blank answer", () => {
    const answers = { what: "I helped with lunch.", so_what: "She ate more.", now_what: "Offer choices." };
    assert.equal(isComplete("driscoll", answers), true);
    assert.equal(isComplete("driscoll", { ...answers, now_what: "  \n\t" }), false);
    assert.equal(isComplete("driscoll", { what: "x", so_what: "y" }), false);
    assert.equal(isComplete("gibbs", answers), false);
  });
});

describe("summarise", () => {
  test("counts answered stages and names the missing ones in order", () => {
    const summary = summarise("gibbs", { feelings: "Nervous.", description: "Lunch.", conclusion: " " });
    assert.equal(summary.answered, 2);
    assert.equal(summary.total, 6);
    assert.equal(summary.complete, false);
    assert.deepEqual(summary.missing, ["Evaluation", "Analysis", "Conclusion", "Action plan"]);
    assert.equal(summary.label, "Gibbs' reflective cycle");
  });

  test("joins the answers in stage order, with their labels, ignoring unknown keys", () => {
    const summary = summarise("driscoll", { now_what: " Offer choices. ", what: "Lunch.", extra: "ignored" });
    assert.equal(summary.text, "What?\nLunch.\n\nNow what?\nOffer choices.");
  });

  test("excerpts the first answer, whitespace collapsed, cut at a word", () => {
    const long = "I supported the person at lunch.\n\n" + "She chose the soup and ate slowly ".repeat(10);
    const { excerpt } = summarise("kolb", { concrete_experience: long });
    assert.ok(excerpt.length <= EXCERPT_LENGTH, `${excerpt.length}`);
    assert.ok(excerpt.endsWith("…"));
    assert.ok(excerpt.startsWith("I supported the person at lunch. She chose"));
    assert.ok(long.replace(/\s+/g, " ").startsWith(excerpt.slice(0, -1)), "cut on a word boundary");
    assert.equal(summarise("kolb", { concrete_experience: "  Short  one. " }).excerpt, "Short one.");
  });

  test("of an empty account is empty and incomplete", () => {
    assert.deepEqual(summarise("driscoll", {}), {
      model: "driscoll",
      label: "Driscoll's What? So what? Now what?",
      answered: 0,
      total: 3,
      missing: ["What?", "So what?", "Now what?"],
      complete: false,
      excerpt: "",
      text: "",
    });
  });
});
