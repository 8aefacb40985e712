/**
 * The confidentiality guard: warns, while a worker types, when evidence text looks like it
 * identifies the person cared for. It never blocks; it points at the words and offers
 * pseudonymisation.
 *
 * What it looks for, most specific first (when two findings overlap the earlier kind wins):
 *   nhs      ten digits (3-3-4 spacing allowed) whose modulus-11 check digit is valid;
 *   dob      a date next to "born", "DOB", "d.o.b.", "date of birth", "birthday"; or any full
 *            date whose year makes it a plausible date of birth (5 to 120 years ago);
 *   phone    UK numbers: 01/02/03/07/08 with 10 or 11 digits, or +44;
 *   postcode UK postcodes, case-insensitive, space optional;
 *   address  "12 Acacia Avenue", "Flat 3, 12 ...", "Acacia Avenue", "Room 12";
 *   name     a title and a name ("Mrs Smith", "Dr A. Patel"); a pair or triple of capitalised
 *            words ("Margaret Thompson") unless it starts a sentence with a word that is not a
 *            known given name, or contains a word of care, place or organisation vocabulary
 *            ("Care Quality Commission", "United Nations"); a known given name on its own.
 *
 * Everything here is pure: text in, findings out. docs/pwa-guard.md lists the known limits.
 * @module
 */

import { AMBIGUOUS_NAMES, GIVEN_NAMES } from "./given-names.js";
import { isValidNhsNumber } from "./nhs-number.js";
import { findDates } from "./dates.js";
import { NOT_PERSON, SEPARATORS, TITLES } from "./guard-vocabulary.js";

/** @typedef {"name" | "dob" | "nhs" | "phone" | "postcode" | "address"} IdentifierKind */

/**
 * @typedef {object} Finding
 * @property {IdentifierKind} kind
 * @property {number} start offset of the first character (UTF-16 code units)
 * @property {number} end offset just past the last character
 * @property {string} match `text.slice(start, end)`
 * @property {string} message a short warning to show the worker
 */

/** Overlapping findings: the kind with the higher rank wins. */
const RANK = { nhs: 6, dob: 5, phone: 4, postcode: 3, address: 2, name: 1 };

const L = "\\p{Lu}";
const l = "\\p{Ll}";
/** A capitalised word: Smith, McDonald, O'Brien, D’Souza, Smith-Jones, Zoë. */
const NAME_WORD = `${L}(?:${l}+(?:${L}${l}+)?|['’]${L}${l}+)(?:-${L}${l}+)?`;
const RUN_RE = new RegExp(`(?<![\\p{L}\\p{N}'’])${NAME_WORD}(?:[ \\t]+${NAME_WORD})*(?![\\p{L}\\p{N}])`, "gu");
const TITLE_RE = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:Mrs|Mr|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Lady|Lord)\\.?[ \\t]+` +
    `(?:${L}\\.?[ \\t]+){0,2}${NAME_WORD}(?:[ \\t]+${NAME_WORD}){0,2}(?![\\p{L}\\p{N}])`,
  "gu",
);

const NHS_RE = /(?<![\d+])\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)/g;
const PHONE_RE = /(?<![\d+])(?:\+44[ -]?(?:\(0\)[ -]?)?|\(?0)(?:\d[ \-)]{0,2}){8,10}\d(?!\d)/g;
const POSTCODE_RE =
  /(?<![\p{L}\p{N}])(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})(?![\p{L}\p{N}])/giu;

const SUFFIXES = `Road Street Avenue Lane Close Drive Way Crescent Court Place Gardens Grove
  Terrace Hill Square Mews Walk Row Park View Rise Green Parade Vale`
  .split(/\s+/)
  .filter(Boolean);
const ABBREVIATIONS = ["Rd", "St", "Ave", "Ln", "Cres", "Gdns", "Sq"];
const suffix = (/** @type {string[]} */ words) =>
  words.map((w) => `[${w[0]}${w[0].toLowerCase()}]${w.slice(1)}`).join("|");
const FLAT = `(?:Flat|Apartment|Apt\\.?)[ ]?\\d+[A-Za-z]?`;
const STREET_WORDS = `(?:${L}[\\p{L}'’-]*[ ]+){1,3}`;
const ADDRESS_RE = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:(?:${FLAT},?[ ]+)?\\d{1,4}[A-Za-z]?,?[ ]+${STREET_WORDS}(?:(?:${suffix(SUFFIXES)})\\b|(?:${suffix(ABBREVIATIONS)})\\b\\.?)` +
    `|${FLAT}\\b|Room[ ]\\d{1,4}[A-Za-z]?\\b` +
    `|(?:${L}${l}+[ ]+){1,2}(?:Road|Street|Avenue|Lane|Drive|Crescent|Grove|Terrace|Gardens|Mews|Close)\\b)`,
  "gu",
);

/**
 * Find text that may identify a person: sorted by position, never overlapping.
 * @param {string} text
 * @param {{now?: Date}} [options] `now` dates the "plausible birth year" window
 * @returns {Finding[]}
 */
export function findIdentifiers(text, { now = new Date() } = {}) {
  /** @type {Finding[]} */
  const found = [
    ...findNhsNumbers(text),
    ...findDates(text, now.getUTCFullYear()).map(({ start, end, nearBirth }) =>
      finding(text, "dob", start, end, nearBirth ? "Date of birth" : "Possible date of birth"),
    ),
    ...findPhones(text),
    ...findPostcodes(text),
    ...matches(text, ADDRESS_RE, "address", (m) =>
      m.startsWith("Room") ? "Room number: may identify a resident" : "Address"),
    ...findTitledNames(text),
    ...findNamePairs(text),
  ];
  return removeOverlaps(found);
}

/**
 * @param {string} text @param {IdentifierKind} kind @param {number} start @param {number} end
 * @param {string} message
 * @returns {Finding}
 */
function finding(text, kind, start, end, message) {
  return { kind, start, end, match: text.slice(start, end), message };
}

/**
 * @param {string} text @param {RegExp} re @param {IdentifierKind} kind
 * @param {(match: string) => string | null} describe null to skip the match
 * @returns {Finding[]}
 */
function matches(text, re, kind, describe) {
  const out = [];
  for (const m of text.matchAll(re)) {
    const message = describe(m[0]);
    if (message) out.push(finding(text, kind, m.index, m.index + m[0].length, message));
  }
  return out;
}

/** @param {string} text */
function findNhsNumbers(text) {
  return matches(text, NHS_RE, "nhs", (m) => (isValidNhsNumber(m) ? "NHS number" : null));
}

/** @param {string} text */
function findPhones(text) {
  return matches(text, PHONE_RE, "phone", (m) => {
    const national = m.replace(/^\+44/, "0").replace(/\(0\)/, "").replace(/\D/g, "").replace(/^00/, "0");
    const ok = /^0[1237]\d{8,9}$/.test(national) || /^08\d{8,9}$/.test(national);
    return ok ? "Phone number" : null;
  });
}

/** @param {string} text */
function findPostcodes(text) {
  // "P12 2nd" and "K3 4th" are criteria followed by an ordinal, not postcodes.
  return matches(text, POSTCODE_RE, "postcode", (m) => (/\d(st|nd|rd|th)$/.test(m) ? null : "Postcode"));
}

/** @param {string} text */
function findTitledNames(text) {
  /** @type {Finding[]} */
  const out = [];
  for (const m of text.matchAll(TITLE_RE)) {
    // The title, its initials and the first word after them are always the name ("Mrs Green",
    // "Dr Hall"); later words join it up to the first that cannot be part of a name.
    const words = [...m[0].matchAll(/\S+/g)];
    let end = 0;
    let surname = false;
    for (const w of words.slice(1)) {
      const bare = w[0].replace(/\.$/, "").toLowerCase();
      if (surname && (NOT_PERSON.has(bare) || SEPARATORS.has(bare))) break;
      if (bare.length > 1) surname = true;
      end = w.index + w[0].length;
    }
    out.push(finding(text, "name", m.index, m.index + end, "Name (title and name)"));
  }
  return out;
}

/**
 * Capitalised words in a row, split at separators, judged as names.
 * @param {string} text
 * @returns {Finding[]}
 */
function findNamePairs(text) {
  /** @type {Finding[]} */
  const out = [];
  for (const run of text.matchAll(RUN_RE)) {
    let words = [...run[0].matchAll(/\S+/g)].map((w) => ({
      word: w[0],
      lower: w[0].toLowerCase(),
      start: run.index + w.index,
      end: run.index + w.index + w[0].length,
    }));
    if (words.some((w) => NOT_PERSON.has(w.lower))) continue;
    if (startsSentence(text, run.index) && !isGivenName(words[0].lower)) words = words.slice(1);
    for (const segment of splitAt(words, (w) => SEPARATORS.has(w.lower) || TITLES.has(w.lower))) {
      const first = segment[0];
      const last = segment[segment.length - 1];
      if (segment.length >= 2 && segment.length <= 3) {
        out.push(finding(text, "name", first.start, last.end, "Possible full name"));
      } else if (segment.length === 1 && GIVEN_NAMES.has(first.lower)) {
        out.push(finding(text, "name", first.start, first.end, "Possible first name"));
      }
    }
  }
  return out;
}

/** @param {string} lower */
function isGivenName(lower) {
  return GIVEN_NAMES.has(lower) || AMBIGUOUS_NAMES.has(lower);
}

/**
 * @template T
 * @param {T[]} items @param {(item: T) => boolean} isSeparator
 * @returns {T[][]} the non-empty stretches between separators
 */
function splitAt(items, isSeparator) {
  /** @type {T[][]} */
  const out = [[]];
  for (const item of items) {
    if (isSeparator(item)) out.push([]);
    else out[out.length - 1].push(item);
  }
  return out.filter((part) => part.length > 0);
}

/**
 * Whether the word at `index` is the first of a sentence, a line, a list item or a quotation.
 * @param {string} text @param {number} index
 */
function startsSentence(text, index) {
  let i = index - 1;
  while (i >= 0 && (text[i] === " " || text[i] === "\t")) i--;
  return i < 0 || /[.!?:;\n\r•*–—"“‘'(\[-]/.test(text[i]);
}

/**
 * Keep the best of overlapping findings (higher rank, then longer, then earlier), in order.
 * @param {Finding[]} findings
 * @returns {Finding[]}
 */
function removeOverlaps(findings) {
  const best = [...findings].sort(
    (a, b) => RANK[b.kind] - RANK[a.kind] || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  /** @type {Finding[]} */
  const kept = [];
  for (const f of best) {
    if (!kept.some((k) => f.start < k.end && k.start < f.end)) kept.push(f);
  }
  return kept.sort((a, b) => a.start - b.start);
}

const PLACEHOLDERS = {
  dob: "[date of birth removed]",
  nhs: "[NHS number removed]",
  phone: "[phone number removed]",
  postcode: "[postcode removed]",
  address: "[address removed]",
};

/**
 * Replace what the guard found: names by pseudonyms, other identifiers by placeholders.
 *
 * The same person gets the same pseudonym throughout: "Margaret Thompson", "Margaret" and
 * "Thompson" share one (their words are subsets of each other's) unless their titles differ
 * ("Mr Smith" and "Mrs Smith" are two people). Pseudonyms count on from the one given:
 * "Person A", "Person B" ... "Person Z", "Person AA"; "Resident 1", "Resident 2".
 * Findings that no longer match the text (it was edited since) are skipped, not guessed at.
 * @param {string} text
 * @param {Finding[]} [findings] default: `findIdentifiers(text)`
 * @param {{pseudonym?: string}} [options]
 * @returns {string}
 */
export function pseudonymise(text, findings = findIdentifiers(text), { pseudonym = "Person A" } = {}) {
  /** @type {{words: Set<string>, title: string | null, label: string}[]} */
  const people = [];
  const labelFor = (/** @type {string} */ name) => {
    const { words, title } = nameParts(name);
    const same = people.find(
      (p) => (!title || !p.title || title === p.title) && (isSubset(words, p.words) || isSubset(p.words, words)),
    );
    if (same) return same.label;
    people.push({ words, title, label: nthPseudonym(pseudonym, people.length) });
    return people[people.length - 1].label;
  };
  let out = "";
  let at = 0;
  for (const f of [...findings].sort((a, b) => a.start - b.start)) {
    if (f.start < at || text.slice(f.start, f.end) !== f.match) continue;
    out += text.slice(at, f.start) + (f.kind === "name" ? labelFor(f.match) : PLACEHOLDERS[f.kind]);
    at = f.end;
  }
  return out + text.slice(at);
}

/**
 * @param {string} name e.g. "Mrs J. Smith"
 * @returns {{words: Set<string>, title: string | null}}
 */
function nameParts(name) {
  const words = name.toLowerCase().split(/\s+/).map((w) => w.replace(/\.$/, ""));
  const title = TITLES.has(words[0]) ? words[0] : null;
  return { words: new Set(words.filter((w) => !TITLES.has(w) && w.length > 1)), title };
}

/** @param {Set<string>} a @param {Set<string>} b */
function isSubset(a, b) {
  return a.size > 0 && [...a].every((w) => b.has(w));
}

/**
 * The n-th pseudonym (0-based) counting on from the first.
 * @param {string} first e.g. "Person A" or "Resident 1"
 * @param {number} n
 * @returns {string}
 */
export function nthPseudonym(first, n) {
  const letters = /^(.*?)([A-Z]+)$/.exec(first);
  const number = /^(.*?)(\d+)$/.exec(first);
  if (number) return number[1] + String(Number(number[2]) + n);
  if (letters) return letters[1] + toLetters(fromLetters(letters[2]) + n);
  return n === 0 ? first : `${first} ${n + 1}`;
}

/** @param {string} s "A" -> 0, "Z" -> 25, "AA" -> 26 */
function fromLetters(s) {
  return [...s].reduce((acc, c) => acc * 26 + c.charCodeAt(0) - 64, 0) - 1;
}

/** @param {number} n 0 -> "A", 26 -> "AA" */
function toLetters(n) {
  let s = "";
  for (n += 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
