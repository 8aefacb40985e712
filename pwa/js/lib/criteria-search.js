/**
 * Search over criteria texts, forgiving of a phone keyboard.
 *
 * Every word of the query must match a word of the criterion (or its ref, or its standard's
 * code). A word matches exactly (3 points), as a prefix of a criterion word while the worker
 * is still typing (2), or, for query words of 5 letters or more, within one edit: a letter
 * wrong, missing, extra, or two neighbours swapped, of a word or of a word's beginning (1).
 * A query word equal to a criterion's ref ("p3", "K12") scores 5. Results are ranked by
 * points, then in the order the criteria were indexed. Small words ("the", "and", "of") are
 * ignored unless the query has nothing else. Case, accents and curly quotes do not matter.
 *
 * The index keeps each distinct word once with the criteria that use it, so a query costs
 * one pass over the vocabulary (a few thousand words for a whole library) per query word.
 * @module
 */

/** @typedef {import("./coverage.js").Criterion} Criterion */

/**
 * @typedef {object} CriteriaIndex
 * @property {{key: string, criterion: Criterion, ref: string}[]} entries in the given order
 * @property {Map<string, number[]>} postings word -> entry positions using it
 */

/**
 * @typedef {object} SearchOptions
 * @property {string} [standard] only criteria of this standard code
 * @property {string} [group] only criteria under this group heading
 * @property {"performance" | "knowledge"} [kind]
 * @property {number} [limit] at most this many results (default 50)
 */

/** @typedef {{key: string, criterion: Criterion, score: number}} SearchResult */

const STOPWORDS = new Set("a an and are as at be by for from in is it of on or the to with you your".split(" "));
const FUZZY_MIN = 5;

/**
 * Lowercase, strip accents and possessive 's, and split into words.
 * @param {string} text
 * @returns {string[]}
 */
export function words(text) {
  return (
    text
      .normalize("NFD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(/['’]s\b/g, "")
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/**
 * Index criteria for searching.
 * @param {Criterion[]} criteria
 * @returns {CriteriaIndex}
 */
export function buildIndex(criteria) {
  /** @type {Map<string, number[]>} */
  const postings = new Map();
  const entries = criteria.map((criterion, at) => {
    const key = `${criterion.standard}/${criterion.version}/${criterion.ref}`;
    const vocabulary = new Set([...words(criterion.text), ...words(criterion.standard), ...words(criterion.ref)]);
    for (const word of vocabulary) {
      const list = postings.get(word);
      if (list) list.push(at);
      else postings.set(word, [at]);
    }
    return { key, criterion, ref: criterion.ref.toLowerCase() };
  });
  return { entries, postings };
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
  const all = words(query);
  const terms = all.some((w) => !STOPWORDS.has(w)) ? all.filter((w) => !STOPWORDS.has(w)) : all;
  if (terms.length === 0) {
    return index.entries
      .filter((e) => allowed(e.criterion))
      .slice(0, limit)
      .map((e) => ({ key: e.key, criterion: e.criterion, score: 0 }));
  }
  /** @type {Map<number, number> | null} */
  let scores = null;
  for (const term of new Set(terms)) {
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
 * The best score of one query word for every criterion it matches.
 * @param {CriteriaIndex} index @param {string} term
 * @returns {Map<number, number>} entry position -> points
 */
function scoreTerm(index, term) {
  /** @type {Map<number, number>} */
  const best = new Map();
  for (const [word, positions] of index.postings) {
    const points = matchWord(term, word);
    if (points === 0) continue;
    for (const at of positions) {
      const bonus = index.entries[at].ref === term ? 5 : points;
      if ((best.get(at) ?? 0) < bonus) best.set(at, bonus);
    }
  }
  return best;
}

/**
 * Points for a query word against one indexed word: 3 exact, 2 prefix, 1 near miss, 0 none.
 * @param {string} term @param {string} word
 */
export function matchWord(term, word) {
  if (term === word) return 3;
  if (word.startsWith(term)) return 2;
  if (term.length < FUZZY_MIN || word.length < term.length - 1) return 0;
  for (const length of [term.length - 1, term.length, term.length + 1]) {
    if (length <= word.length && withinOneEdit(term, word.slice(0, length))) return 1;
  }
  return 0;
}

/**
 * Whether `a` becomes `b` by at most one substitution, insertion, deletion or swap of two
 * neighbouring letters (optimal string alignment distance <= 1).
 * @param {string} a @param {string} b
 */
export function withinOneEdit(a, b) {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length > b.length) return a.slice(i + 1) === b.slice(i);
  if (a.length < b.length) return a.slice(i) === b.slice(i + 1);
  if (a.slice(i + 1) === b.slice(i + 1)) return true;
  return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}
