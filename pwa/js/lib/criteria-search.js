/**
 * Search over criteria that finds what people type. The one algorithm: the server's
 * `standards/search.py` is its twin, and both run the golden cases in
 * `standards/golden/search-cases.json`.
 *
 * Where a criterion is found, and the weight of each place: its text, ref and standard code
 * (2); its group heading (1); the definitions of its standard's glossary terms that appear in
 * its text (1), so "sign language" finds criteria that say "communicate".
 *
 * Words: lower case, accents and a possessive 's dropped, split on anything but letters and
 * digits; a hyphenated word also counts joined ("Safe-guarding" gives safe, guarding and
 * safeguarding), a number such as "1.2" (a unit's criterion) also whole; a plural also counts as its singular (families: family; needs: need), on
 * both sides, so "rights" finds "right" and "right" finds "rights".
 *
 * How well a query word matches an indexed word: the same word 3; the beginning of it, while
 * the worker is still typing, 2; a near miss 1: within one edit (a letter wrong, missing,
 * extra, or two neighbours swapped) for query words of 5 to 7 letters, two for longer ones,
 * of the word or of its beginning. A few words people use that the standards do not
 * (`RELATED`: "privacy" for confidentiality and dignity) match those words at 1, as do
 * words of 4 letters or more that match them ("priv", "privcy").
 *
 * Points: for each query word, its best match quality times the weight of the place, over
 * the criterion's places (a query word equal to the criterion's ref: 10); a criterion must
 * match every query word, and its points are the sum. Ranked by points, then in the order
 * the criteria were indexed. Small words ("the", "and") are ignored unless the query has
 * nothing else.
 * @module
 */

/** @typedef {import("./coverage.js").Criterion} Criterion */
/** @typedef {{term: string, definition: string}} Term */

/**
 * @typedef {object} CriteriaIndex
 * @property {{key: string, criterion: Criterion, ref: string}[]} entries in the given order
 * @property {Map<string, Map<number, number>>} postings word -> entry position -> weight
 */

/**
 * @typedef {object} SearchOptions
 * @property {string} [standard] only criteria of this standard code
 * @property {string} [group] only criteria under this group heading
 * @property {"performance" | "knowledge"} [kind]
 * @property {number} [limit] at most this many results (default 50)
 */

/** @typedef {{key: string, criterion: Criterion, score: number}} SearchResult */

export const STOPWORDS = [
  "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on", "or",
  "the", "to", "with", "you", "your",
];

/** Words people type that the standards do not use, and the standards' words for them. */
export const RELATED = {
  privacy: ["confidential", "confidentiality", "confidentially", "dignity", "private"],
  private: ["confidential", "confidentiality", "confidentially", "privacy"],
  abuse: ["harm", "safeguarding"],
  safeguard: ["abuse", "harm", "protect", "protection"],
  protection: ["safeguarding"],
  respect: ["dignity", "dignified"],
  choice: ["preference", "wish"],
  consent: ["agree", "agreement", "permission"],
};

const STOP = new Set(STOPWORDS);
const WEIGHT = { text: 2, group: 1, glossary: 1 };
const REF_POINTS = 10;
const RELATED_MIN = 4;

/**
 * A plural's singular (families: family, boxes: box, needs: need); other words unchanged.
 * @param {string} word
 */
export function singular(word) {
  if (word.length <= 3 || /\d/.test(word)) return word;
  if (word.endsWith("ies") && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(ss|sh|ch|x|z)es$/.test(word)) return word.slice(0, -2);
  if (/(ss|us|is)$/.test(word)) return word;
  return word.endsWith("s") ? word.slice(0, -1) : word;
}

/**
 * Lowercase, strip accents and possessive 's, and split into words; a hyphenated word is
 * given whole (joined) after its parts.
 * @param {string} text
 * @returns {string[]}
 */
export function words(text) {
  const plain = text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/['’]s\b/g, "");
  /** @type {string[]} */
  const out = [];
  for (const token of plain.match(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu) ?? []) {
    const parts = token.split("-");
    out.push(...parts);
    if (parts.length > 1) out.push(parts.join(""));
  }
  // a unit's criterion number ("1.2") also counts whole, so that typing it finds that ref
  out.push(...(plain.match(/\b\d{1,2}\.\d{1,2}\b/g) ?? []));
  return out;
}

/** @param {string[]} list the words and, where different, their singulars */
const withSingulars = (list) => list.flatMap((w) => (singular(w) === w ? [w] : [w, singular(w)]));

/** @param {string} text the words of a text that say something, as singulars */
const meaningful = (text) => words(text).filter((w) => !STOP.has(w)).map(singular);

/**
 * A standard's glossary prepared once for indexing: each term's words (to find it in a
 * criterion's text) and its definition's words (to index for the criteria that use it).
 * @param {Term[]} glossary
 * @returns {{term: Term, pattern: string, defined: string[]}[]}
 */
export function prepareGlossary(glossary) {
  return glossary.flatMap((term) => {
    const termWords = meaningful(term.term);
    return termWords.length ? [{ term, pattern: ` ${termWords.join(" ")} `, defined: withSingulars(words(term.definition).filter((w) => !STOP.has(w))) }] : [];
  });
}

/**
 * The glossary terms of a standard that appear in a criterion's text (their words, in order).
 * @param {string[]} textWords meaningful words of the criterion's text
 * @param {Term[]} glossary
 * @returns {Term[]}
 */
export function termsIn(textWords, glossary) {
  const joined = ` ${textWords.join(" ")} `;
  return prepareGlossary(glossary).filter((t) => joined.includes(t.pattern)).map((t) => t.term);
}

/**
 * Index criteria for searching.
 * @param {Criterion[]} criteria
 * @param {Record<string, Term[]>} [glossaries] standard code -> its glossary
 * @returns {CriteriaIndex}
 */
export function buildIndex(criteria, glossaries = {}) {
  /** @type {Map<string, Map<number, number>>} */
  const postings = new Map();
  const add = (/** @type {string[]} */ expanded, /** @type {number} */ at, /** @type {number} */ weight) => {
    for (const word of expanded) {
      let places = postings.get(word);
      if (!places) postings.set(word, (places = new Map()));
      if ((places.get(at) ?? 0) < weight) places.set(at, weight);
    }
  };
  /** @type {Map<string, ReturnType<typeof prepareGlossary>>} */
  const prepared = new Map();
  const entries = criteria.map((criterion, at) => {
    const key = `${criterion.standard}/${criterion.version}/${criterion.ref}`;
    add(withSingulars([...words(criterion.text), ...words(criterion.standard), ...words(criterion.ref)]), at, WEIGHT.text);
    add(withSingulars(words(criterion.group ?? "")), at, WEIGHT.group);
    if (!prepared.has(criterion.standard)) prepared.set(criterion.standard, prepareGlossary(glossaries[criterion.standard] ?? []));
    const terms = /** @type {ReturnType<typeof prepareGlossary>} */ (prepared.get(criterion.standard));
    if (terms.length) {
      const joined = ` ${meaningful(criterion.text).join(" ")} `;
      for (const t of terms) if (joined.includes(t.pattern)) add(t.defined, at, WEIGHT.glossary);
    }
    return { key, criterion, ref: criterion.ref.toLowerCase() };
  });
  return { entries, postings };
}

/**
 * The words of a query that are searched for (singulars, small words dropped unless that
 * leaves none).
 * @param {string} query
 */
export function queryTerms(query) {
  const all = words(query);
  const kept = all.some((w) => !STOP.has(w)) ? all.filter((w) => !STOP.has(w)) : all;
  return [...new Set(kept.map(singular))];
}

/**
 * Criteria matching `query`, best first.
 * @param {CriteriaIndex} index
 * @param {string} query
 * @param {SearchOptions} [options]
 * @returns {SearchResult[]}
 */
export function searchCriteria(index, query, { standard, group, kind, limit = 50 } = {}) {
  const allowed = (/** @type {Criterion} */ c) =>
    (!standard || c.standard === standard) && (!group || c.group === group) && (!kind || c.kind === kind);
  const terms = queryTerms(query);
  if (terms.length === 0) {
    return index.entries
      .filter((e) => allowed(e.criterion))
      .slice(0, limit)
      .map((e) => ({ key: e.key, criterion: e.criterion, score: 0 }));
  }
  /** @type {Map<number, number> | null} */
  let scores = null;
  for (const term of terms) {
    const termScores = scoreTerm(index, term);
    if (scores === null) scores = termScores;
    else {
      for (const [at, score] of scores) {
        const add = termScores.get(at);
        if (add === undefined) scores.delete(at);
        else scores.set(at, score + add);
      }
    }
    if (scores.size === 0) return [];
  }
  return [...(scores ?? [])]
    .filter(([at]) => allowed(index.entries[at].criterion))
    .sort(([a, sa], [b, sb]) => sb - sa || a - b)
    .slice(0, limit)
    .map(([at, score]) => ({ key: index.entries[at].key, criterion: index.entries[at].criterion, score }));
}

/**
 * The best points of one query word for every criterion it matches.
 * @param {CriteriaIndex} index @param {string} term
 * @returns {Map<number, number>} entry position -> points
 */
function scoreTerm(index, term) {
  /** @type {Map<number, number>} */
  const best = new Map();
  const related = relatedWords(term);
  for (const [word, places] of index.postings) {
    const quality = Math.max(matchWord(term, word), related.has(word) ? 1 : 0);
    if (quality === 0) continue;
    for (const [at, weight] of places) {
      const points = index.entries[at].ref === term ? REF_POINTS : quality * weight;
      if ((best.get(at) ?? 0) < points) best.set(at, points);
    }
  }
  return best;
}

/**
 * The standards' words for a word people use: from `RELATED`, for the word or for a word it
 * matches (typed part-way or mistyped: "priv", "privcy"); none for words under 4 letters.
 * @param {string} term
 * @returns {Set<string>}
 */
export function relatedWords(term) {
  if (term.length < RELATED_MIN) return new Set();
  return new Set(Object.entries(RELATED).filter(([word]) => matchWord(term, word) > 0).flatMap(([, also]) => also));
}

/**
 * How well a query word matches one indexed word: 3 the same, 2 its beginning, 1 a near
 * miss, 0 not at all.
 * @param {string} term @param {string} word
 */
export function matchWord(term, word) {
  if (term === word) return 3;
  if (word.startsWith(term)) return 2;
  const limit = term.length < 5 ? 0 : term.length < 8 ? 1 : 2;
  return limit > 0 && nearMiss(term, word, limit) ? 1 : 0;
}

/**
 * Whether `term` is within `limit` edits (substitution, insertion, deletion, swap of two
 * neighbours: optimal string alignment) of `word` or of a beginning of it.
 * @param {string} term @param {string} word @param {number} limit
 */
export function nearMiss(term, word, limit) {
  const width = Math.min(word.length, term.length + limit);
  if (width < term.length - limit) return false;
  let before = new Array(width + 1).fill(0);
  let previous = Array.from({ length: width + 1 }, (_, j) => j);
  let current = new Array(width + 1).fill(0);
  for (let i = 1; i <= term.length; i++) {
    current[0] = i;
    let lowest = i;
    for (let j = 1; j <= width; j++) {
      const cost = term[i - 1] === word[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && term[i - 1] === word[j - 2] && term[i - 2] === word[j - 1]) d = Math.min(d, before[j - 2] + 1);
      current[j] = d;
      if (d < lowest) lowest = d;
    }
    if (lowest > limit) return false;
    [before, previous, current] = [previous, current, before];
  }
  for (let j = Math.max(0, term.length - limit); j <= width; j++) if (previous[j] <= limit) return true;
  return false;
}
