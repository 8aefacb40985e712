import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { performance } from "node:perf_hooks";

import { findIdentifiers, nthPseudonym, pseudonymise } from "../js/lib/guard.js";
import { isValidNhsNumber } from "../js/lib/nhs-number.js";
import { nosTexts } from "./fixtures/criteria.js";

const NOW = new Date("2026-06-01T12:00:00Z");
const find = (/** @type {string} */ text) => findIdentifiers(text, { now: NOW });
const kinds = (/** @type {string} */ text) => find(text).map((f) => [f.kind, f.match]);

/** Evidence a careful worker might write: full of capitals, numbers and dates, no identifiers. */
const CLEAN_EVIDENCE = `
Reflective account: supporting a resident at lunch (P3, P7, K12)

On Monday 12 May 2025 I was on an early shift at the home. The Care Plan said that the
individual I support needs a soft diet and prompting. Today I sat with her at 12:30 in the
dining room and offered two choices. She chose the soup. I recorded 250ml of fluid on the
chart. Afterwards I told the Senior Carer and the Registered Manager what had happened.

I used what I learned on the Infection Control and Moving and Handling training, and the
Mental Capacity Act 2005. The Care Quality Commission expects records to be accurate. In
March I completed Level 3 of the Diploma in Adult Care. I followed the Personal Protective
Equipment guidance and the MAR chart. Whilst I was there the GP visited; the NHS 111
service was called at 14:45. I made 2 cups of tea and walked 3 times down the road with her.
Next time I will ask the Speech and Language Therapist for advice. On 03/04/2024 we reviewed
the plan. Person A was happy with the outcome. Grace and dignity matter. Will I do it again?
May I say it went well. P12 2nd observation is booked for 14/07/2026.
`;

describe("the NOS texts (a negative corpus)", () => {
  test("produce no finding at all in any of the five bundled standards", () => {
    // Measured: 0 findings over ~15,000 words. Before "united", "nations" and "convention"
    // joined the vocabulary, the one finding was "United Nations Convention" (SCDLMCB6).
    const hits = nosTexts().flatMap(({ code, text }) => find(text).map((f) => `${code}: ${f.kind} ${f.match}`));
    assert.deepEqual(hits, []);
  });

  test("produce no finding in realistic evidence that identifies nobody", () => {
    assert.deepEqual(kinds(CLEAN_EVIDENCE), []);
  });
});

describe("names", () => {
  const cases = [
    ["Today I helped Mrs Smith to the lounge.", "Mrs Smith"],
    ["I spoke to Mr. J. Smith-Jones about it.", "Mr. J. Smith-Jones"],
    ["Dr A. Patel reviewed her medication.", "Dr A. Patel"],
    ["I knocked before going in to Miss O'Brien.", "Miss O'Brien"],
    ["Mrs Green liked the garden.", "Mrs Green"],
    ["Margaret Thompson was upset this morning.", "Margaret Thompson"],
    ["I sat with Margaret Thompson and listened.", "Margaret Thompson"],
    ["Later Ade Okonkwo arrived with his son.", "Ade Okonkwo"],
    ["then Zoë Brontë asked for a drink", "Zoë Brontë"],
    ["We spoke about Mary Anne Dunlop and her garden.", "Mary Anne Dunlop"],
    ["Dorothy said she was cold.", "Dorothy"],
    ["I helped Mohammed to wash.", "Mohammed"],
    ["Will Smith needed two carers.", "Will Smith"],
  ];
  for (const [text, name] of cases) {
    test(`are found in "${text}"`, () => {
      assert.deepEqual(kinds(text), [["name", name]]);
    });
  }

  test("stop before a possessive", () => {
    assert.deepEqual(kinds("Then Margaret Thompson's daughter came."), [["name", "Margaret Thompson"]]);
  });

  test("are told apart from a title with a full name, a pair and a single given name", () => {
    const messages = find("Mrs Smith, then Margaret Thompson, then Dorothy.").map((f) => f.message);
    assert.deepEqual(messages, ["Name (title and name)", "Possible full name", "Possible first name"]);
  });

  const notNames = [
    "The Care Quality Commission inspected us.",
    "I read the Mental Capacity Act again.",
    "the United Nations Convention on the Rights of the Child",
    "Today I went through Infection Control training.",
    "Grace was shown in everything we did.",
    "Will you help me?",
    "May I come in?",
    "On Monday, in March, I was on nights.",
    "Person A and Person B shared a table.",
    "Additional Information",
    "Afterwards Sunnyside Lodge phoned the office.",
    "Mrs S was pleased.",
    "We sang Happy Birthday at New Year.",
    "I did the Oliver McGowan training.",
    "We used the Abbey Pain Scale on a Microsoft Teams call.",
  ];
  for (const text of notNames) {
    test(`are not found in "${text}"`, () => {
      assert.deepEqual(kinds(text), []);
    });
  }
});

describe("dates of birth", () => {
  const nearKeyword = [
    ["DOB: 12/03/41.", "12/03/41"],
    ["She was born on the 12th of March 1941.", "12th of March 1941"],
    ["d.o.b. 3.4.1939", "3.4.1939"],
    ["D.O.B 3.4.39", "3.4.39"],
    ["Date of birth 1939-04-03", "1939-04-03"],
    ["He was born in 1941.", "1941"],
    ["born in March 1941", "March 1941"],
    ["Her birthday is 3 June.", "3 June"],
    ["12/03/2024 (DOB)", "12/03/2024"],
  ];
  for (const [text, date] of nearKeyword) {
    test(`next to a birth keyword are found in "${text}"`, () => {
      assert.deepEqual(find(text).map((f) => [f.kind, f.match, f.message]), [["dob", date, "Date of birth"]]);
    });
  }

  const fullDates = ["12 March 1941", "12/03/1941", "March 12, 1941", "1st Jan 1950", "1941-03-12", "12-Mar-1941"];
  for (const date of fullDates) {
    test(`as a full date with a birth year are flagged as possible: "${date}"`, () => {
      assert.deepEqual(find(`It was ${date}.`).map((f) => [f.kind, f.match, f.message]), [
        ["dob", date, "Possible date of birth"],
      ]);
    });
  }

  test("are not suspected in dates from the last five years, which evidence is full of", () => {
    assert.deepEqual(kinds("On 12/03/2025 and 1 June 2022 I supported her."), []);
    assert.deepEqual(kinds("On 1 June 2021 I supported her."), [["dob", "1 June 2021"]]);
  });

  test("are not suspected in dates more than 120 years old", () => {
    assert.deepEqual(kinds("The home opened on 1 June 1905."), []);
    assert.deepEqual(kinds("The home opened on 1 June 1906."), [["dob", "1 June 1906"]]);
  });

  test("are not suspected in a bare year or month without a birth keyword", () => {
    assert.deepEqual(kinds("She moved here in 1941, in March 1962."), []);
  });

  test("must have a real day and month", () => {
    assert.deepEqual(kinds("DOB 31/31/1941 or 13/25/1941"), []);
    assert.deepEqual(kinds("DOB 03/25/1941"), [["dob", "03/25/1941"]]);
  });
});

describe("NHS numbers", () => {
  test("with a valid check digit are found, spaced, hyphenated or run together", () => {
    assert.deepEqual(kinds("NHS 943 476 5919, 943-476-5919 or 9434765919"), [
      ["nhs", "943 476 5919"],
      ["nhs", "943-476-5919"],
      ["nhs", "9434765919"],
    ]);
  });

  test("with a check digit of 0 (remainder 0) are found", () => {
    assert.equal(isValidNhsNumber("200 000 0010"), true);
    assert.deepEqual(kinds("number 2000000010"), [["nhs", "2000000010"]]);
  });

  test("with a wrong check digit are not found", () => {
    assert.deepEqual(kinds("NHS 943 476 5918 or 485 777 3456"), []);
  });

  test("whose check digit would be 10 are never valid", () => {
    // 0,0,0,0,0,0,0,0,6 weighs 12, remainder 1: no tenth digit can make it valid.
    for (let d = 0; d <= 9; d++) assert.equal(isValidNhsNumber(`000000006${d}`), false, `digit ${d}`);
  });

  test("are not found after any single-digit typo or swap of neighbours", () => {
    const valid = "9434765919";
    for (let i = 0; i < 10; i++) {
      for (let d = 0; d <= 9; d++) {
        const typo = valid.slice(0, i) + d + valid.slice(i + 1);
        if (typo !== valid) assert.equal(isValidNhsNumber(typo), false, typo);
      }
      if (i < 9 && valid[i] !== valid[i + 1]) {
        const swapped = valid.slice(0, i) + valid[i + 1] + valid[i] + valid.slice(i + 2);
        assert.equal(isValidNhsNumber(swapped), false, swapped);
      }
    }
  });

  test("are not taken from a longer run of digits", () => {
    assert.deepEqual(kinds("ref 194347659190"), []);
  });
});

describe("phone numbers", () => {
  const phones = [
    "07700 900123",
    "07700900123",
    "0113 496 0000",
    "020 7946 0958",
    "(0113) 496 0000",
    "+44 7700 900123",
    "+44 (0)20 7946 0958",
    "+447700900123",
  ];
  for (const phone of phones) {
    test(`are found: "${phone}"`, () => {
      assert.deepEqual(kinds(`Call ${phone} today.`), [["phone", phone]]);
    });
  }

  test("are not found in doses, volumes, times or too few digits", () => {
    assert.deepEqual(kinds("2 x 500mg at 0700, 1000ml, 0.5 ml, call 07700 9001"), []);
  });

  test("with another prefix are not UK numbers", () => {
    assert.deepEqual(kinds("ref 09123 456789 or 05123 456789"), []);
  });
});

describe("postcodes", () => {
  for (const postcode of ["LS1 4AP", "SW1A 1AA", "M1 1AE", "B33 8TH", "ls1 4ap", "EC1A1BB"]) {
    test(`are found: "${postcode}"`, () => {
      assert.deepEqual(kinds(`She lives near ${postcode} now.`), [["postcode", postcode]]);
    });
  }

  test("are not criteria refs followed by an ordinal", () => {
    assert.deepEqual(kinds("This covers P12 2nd and K3 4th time."), []);
  });
});

describe("addresses", () => {
  const addresses = [
    ["She lives at 12 Acacia Avenue.", "12 Acacia Avenue"],
    ["Lives at Flat 3, 12 Acacia Avenue, Leeds.", "Flat 3, 12 Acacia Avenue"],
    ["His flat is Flat 3 now.", "Flat 3"],
    ["I went to 4b High Street to shop.", "4b High Street"],
    ["She grew up on Acacia Avenue.", "Acacia Avenue"],
    ["The lady in Room 12 was asleep.", "Room 12"],
    ["Lives at 221B Baker St. now", "221B Baker St."],
  ];
  for (const [text, address] of addresses) {
    test(`are found in "${text}"`, () => {
      assert.deepEqual(kinds(text), [["address", address]]);
    });
  }

  test("are not a number of things on a road", () => {
    assert.deepEqual(kinds("We walked 3 times down the road and 2 laps of the park."), []);
  });
});

describe("findings", () => {
  const rich =
    "Mrs Smith (DOB 12/03/1941, NHS 943 476 5919) of Flat 3, 12 Acacia Avenue, Leeds LS1 4AP, " +
    "tel 07700 900123. Margaret Thompson visited; Mr Smith and Mrs Smith argued. Margaret smiled.";

  test("are sorted, do not overlap and match the text they point at", () => {
    for (const text of [rich, CLEAN_EVIDENCE, ...nosTexts().map((t) => t.text)]) {
      const found = find(text);
      for (let i = 0; i < found.length; i++) {
        assert.equal(text.slice(found[i].start, found[i].end), found[i].match);
        if (i > 0) assert.ok(found[i - 1].end <= found[i].start, `${found[i - 1].match} / ${found[i].match}`);
      }
    }
  });

  test("prefer the more specific kind when two overlap", () => {
    // Ten digits that are both a 10-digit landline and a valid NHS number.
    assert.deepEqual(kinds("ring 011 349 6001"), [["nhs", "011 349 6001"]]);
    // "Acacia Avenue" alone is an address too, inside the longer one.
    assert.deepEqual(kinds("Flat 3, 12 Acacia Avenue"), [["address", "Flat 3, 12 Acacia Avenue"]]);
  });

  test("of every kind are found together in one text", () => {
    assert.deepEqual(kinds(rich), [
      ["name", "Mrs Smith"],
      ["dob", "12/03/1941"],
      ["nhs", "943 476 5919"],
      ["address", "Flat 3, 12 Acacia Avenue"],
      ["postcode", "LS1 4AP"],
      ["phone", "07700 900123"],
      ["name", "Margaret Thompson"],
      ["name", "Mr Smith"],
      ["name", "Mrs Smith"],
      ["name", "Margaret"],
    ]);
  });

  test("are quick on a 5,000-word text", (t) => {
    const paragraph = `${CLEAN_EVIDENCE} Mrs Smith (DOB 12/03/1941) lives at 12 Acacia Avenue, LS1 4AP.`;
    const words = paragraph.split(/\s+/).filter(Boolean).length;
    const text = Array.from({ length: Math.ceil(5000 / words) }, () => paragraph).join("\n");
    find(text); // warm up the regular expressions and the JIT
    const times = [];
    for (let i = 0; i < 20; i++) {
      const start = performance.now();
      find(text);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const count = text.split(/\s+/).filter(Boolean).length;
    t.diagnostic(`findIdentifiers on ${count} words: median ${times[10].toFixed(2)} ms, max ${times[19].toFixed(2)} ms`);
    assert.ok(find(text).length > 0);
  });
});

describe("pseudonymise", () => {
  test("replaces names with pseudonyms and other identifiers with placeholders", () => {
    const text = "Mrs Smith (DOB 12/03/1941, NHS 943 476 5919) lives at 12 Acacia Avenue, LS1 4AP, tel 07700 900123.";
    assert.equal(
      pseudonymise(text, find(text)),
      "Person A (DOB [date of birth removed], NHS [NHS number removed]) lives at [address removed], " +
        "[postcode removed], tel [phone number removed].",
    );
  });

  test("gives the same person the same pseudonym however they are named", () => {
    const text = "Margaret Thompson was tired. Later Dorothy came. Margaret laughed and Mrs Thompson slept.";
    assert.equal(
      pseudonymise(text, find(text)),
      "Person A was tired. Later Person B came. Person A laughed and Person A slept.",
    );
  });

  test("keeps people with the same surname but different titles apart", () => {
    const text = "Mr Smith and Mrs Smith argued; Mrs Smith cried.";
    assert.equal(pseudonymise(text, find(text)), "Person A and Person B argued; Person B cried.");
  });

  test("counts on from the pseudonym given", () => {
    const text = "Margaret, Dorothy and Arthur played cards.";
    assert.equal(pseudonymise(text, find(text), { pseudonym: "Resident 1" }), "Resident 1, Resident 2 and Resident 3 played cards.");
    assert.equal(pseudonymise(text, find(text), { pseudonym: "Client X" }), "Client X, Client Y and Client Z played cards.");
  });

  test("names pseudonyms past Z as spreadsheets name columns", () => {
    assert.deepEqual([0, 1, 25, 26, 27, 51, 52, 701, 702].map((n) => nthPseudonym("Person A", n)), [
      "Person A", "Person B", "Person Z", "Person AA", "Person AB", "Person AZ", "Person BA", "Person ZZ", "Person AAA",
    ]);
    assert.deepEqual([0, 1, 2].map((n) => nthPseudonym("Someone", n)), ["Someone", "Someone 2", "Someone 3"]);
  });

  test("finds the identifiers itself when not given findings", () => {
    assert.equal(pseudonymise("Call 07700 900123."), "Call [phone number removed].");
  });

  test("skips findings that no longer match the edited text, and overlapping ones", () => {
    const findings = find("Mrs Smith is here.");
    assert.equal(pseudonymise("Mrs Smyth is here.", findings), "Mrs Smyth is here.");
    const overlapping = [
      { kind: "name", start: 0, end: 9, match: "Mrs Smith", message: "" },
      { kind: "phone", start: 4, end: 9, match: "Smith", message: "" },
    ];
    assert.equal(pseudonymise("Mrs Smith is here.", /** @type {any} */ (overlapping)), "Person A is here.");
  });

  test("leaves text in which the guard finds nothing more", () => {
    const text =
      "Mrs Smith (DOB 12/03/1941) and Margaret Thompson of 12 Acacia Avenue, LS1 4AP. Dorothy rang 07700 900123.";
    const once = pseudonymise(text, find(text));
    assert.deepEqual(find(once), []);
    assert.equal(pseudonymise(once, find(once)), once);
  });
});
