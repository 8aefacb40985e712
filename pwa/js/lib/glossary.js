/**
 * Glossary terms of a standard where they appear in a criterion's text, so the screen can
 * explain them in place. Matching ignores case and a plural "s"; longer terms win over the
 * shorter terms inside them ("Active participation" before "participation"); matches never
 * overlap.
 * @module
 */

/** @typedef {{term: string, definition: string}} Term */
/** @typedef {{term: Term, start: number, end: number}} TermMatch */

/** @param {string} s */
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * @param {string} text
 * @param {Term[]} glossary
 * @returns {TermMatch[]} in text order
 */
export function findTerms(text, glossary) {
  /** @type {TermMatch[]} */
  const found = [];
  const byLength = [...glossary].filter((t) => t.term.trim().length > 2).sort((a, b) => b.term.length - a.term.length);
  for (const term of byLength) {
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${escape(term.term.trim()).replace(/’|'/g, "['’]")}s?(?![\\p{L}\\p{N}])`, "giu");
    for (const m of text.matchAll(re)) {
      const start = /** @type {number} */ (m.index);
      const end = start + m[0].length;
      if (found.some((f) => start < f.end && f.start < end)) continue;
      found.push({ term, start, end });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/**
 * The text cut into plain pieces and term pieces, for rendering.
 * @param {string} text
 * @param {TermMatch[]} matches from findTerms
 * @returns {({text: string, term?: Term})[]}
 */
export function splitByTerms(text, matches) {
  /** @type {({text: string, term?: Term})[]} */
  const pieces = [];
  let at = 0;
  for (const m of matches) {
    if (m.start > at) pieces.push({ text: text.slice(at, m.start) });
    pieces.push({ text: text.slice(m.start, m.end), term: m.term });
    at = m.end;
  }
  if (at < text.length) pieces.push({ text: text.slice(at) });
  return pieces;
}
