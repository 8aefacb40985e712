/**
 * Dates that may be dates of birth, for the confidentiality guard.
 *
 * A date next to a birth keyword ("born", "DOB", "d.o.b.", "date of birth", "birthday") is a
 * date of birth whatever its form: 12/03/41, March 1941, even a bare year ("born in 1941").
 * Without a keyword only a full date counts (day, month and four-digit year), and only when
 * its year is a plausible birth year: between 120 and 5 years before the current one. That
 * leaves out the recent dates that evidence is full of ("on 12/03/2025 I supported ...").
 * @module
 */

const MONTHS = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
const DAY = "(?:0?[1-9]|[12]\\d|3[01])(?:st|nd|rd|th)?";
const YEAR4 = "(?:1[89]\\d\\d|20\\d\\d)";

/**
 * Date forms, each a capturing group so that the match says which form it is. A "full" form
 * has a day, a month and a four-digit year.
 */
const FORMS = [
  { full: true, re: `\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{4}` }, // 12/03/1941, 12-3-1941, 12.03.1941
  { full: false, re: `\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{2}` }, // 12/03/41
  { full: true, re: `(?:1[89]|20)\\d\\d-[01]\\d-[0-3]\\d` }, // 1941-03-12
  { full: true, re: `${DAY}(?:[ -]+of)?[ -]+(?:${MONTHS})\\.?,?[ -]+${YEAR4}` }, // 12th of March 1941
  { full: false, re: `${DAY}(?:[ -]+of)?[ -]+(?:${MONTHS})\\.?,?[ -]+['’]?\\d\\d` }, // 12 Mar '41
  { full: true, re: `(?:${MONTHS})\\.?[ ]+${DAY},?[ ]+${YEAR4}` }, // March 12, 1941
  { full: false, re: `(?:${MONTHS})\\.?,?[ ]+${YEAR4}` }, // March 1941
  { full: false, re: YEAR4 }, // 1941
  { full: false, re: `${DAY}(?:[ -]+of)?[ -]+(?:${MONTHS})` }, // 3 June
  { full: false, re: `(?:${MONTHS})\\.?[ ]+${DAY}` }, // June 3rd
];
const DATE_RE = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${FORMS.map((f) => `(${f.re})`).join("|")})(?![\\p{L}\\p{N}])`,
  "giu",
);
const BIRTH_RE = /(?<![\p{L}\p{N}])(?:born|d\.?[ ]?o\.?[ ]?b|date of birth|birth ?date|birthday)(?![\p{L}])/giu;

/** How far a date may be from its keyword: "born on the 12th of" / "12/03/1941 (DOB)". */
const BEFORE = 30;
const AFTER = 8;

/**
 * @typedef {object} DateMatch
 * @property {number} start
 * @property {number} end
 * @property {boolean} nearBirth next to a birth keyword
 */

/**
 * Dates in `text` that may be dates of birth, in order.
 * @param {string} text
 * @param {number} currentYear the year now (time is an argument)
 * @returns {DateMatch[]}
 */
export function findDates(text, currentYear) {
  const keywords = [...text.matchAll(BIRTH_RE)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  /** @type {DateMatch[]} */
  const out = [];
  for (const m of text.matchAll(DATE_RE)) {
    const start = m.index;
    const end = start + m[0].length;
    const nearBirth = keywords.some(
      (k) => (k.end <= start && start - k.end <= BEFORE) || (end <= k.start && k.start - end <= AFTER),
    );
    const full = FORMS[m.slice(1).findIndex((group) => group !== undefined)].full;
    const plausible = full && isBirthYear(Number(/(?:1[89]|20)\d\d/.exec(m[0])?.[0]), currentYear);
    if ((nearBirth || plausible) && isDayAndMonth(m[0])) out.push({ start, end, nearBirth });
  }
  return out;
}

/**
 * Whether numeric day and month are in range (either order, as dates arrive UK or US style).
 * @param {string} s
 */
function isDayAndMonth(s) {
  const numeric = /^(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}$/.exec(s);
  if (!numeric) return true;
  const [a, b] = [Number(numeric[1]), Number(numeric[2])];
  return a >= 1 && b >= 1 && ((a <= 31 && b <= 12) || (a <= 12 && b <= 31));
}

/**
 * A year 5 to 120 years before the current one.
 * @param {number} year @param {number} currentYear
 */
function isBirthYear(year, currentYear) {
  const age = currentYear - year;
  return age >= 5 && age <= 120;
}
