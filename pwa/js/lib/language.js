/**
 * The language a worker reads their standards in (the Active Offer: a Welsh-speaking worker
 * works from the Welsh record of a NOS). Pure.
 *
 * A cached standard carries its other languages beside the English (`languages.cy`: its
 * title and, by ref, each criterion's text and group, the same refs as the English, checked
 * by the server on import). `inLanguage` gives the standards as the worker reads them: each
 * criterion's text and group in the chosen language where the standard has that language,
 * else in English, each criterion saying which (`language`) and keeping its English
 * (`english`). Evidence links stay language-free: keys are CODE/VERSION/REF either way.
 * @module
 */

/** The languages a worker can choose, by code, in their own words. */
export const LANGUAGES = { en: "English", cy: "Cymraeg" };

/** @param {unknown} code @returns {"en" | "cy"} */
export const languageOf = (code) => (code === "cy" ? "cy" : "en");

/**
 * The standards as read in `language`.
 * @param {any[]} standards cached standards ({code, version, title, criteria, languages?})
 * @param {string} language "en" or "cy"
 * @returns {any[]} the same standards, each with `language` (what its text is in) and
 *   `missingLanguage` (the chosen language when the standard has no record in it)
 */
export function inLanguage(standards, language) {
  return standards.map((s) => {
    const other = language === "en" ? null : s.languages?.[language];
    if (!other) {
      const criteria = s.criteria.map((/** @type {any} */ c) => ({ ...c, language: "en" }));
      return { ...s, criteria, language: "en", missingLanguage: language === "en" ? null : language };
    }
    const criteria = s.criteria.map((/** @type {any} */ c) => {
      const text = other.criteria?.[c.ref];
      if (!text) return { ...c, language: "en" };
      return { ...c, text, group: other.groups?.[c.ref] || c.group, language, english: { text: c.text, group: c.group } };
    });
    const untranslated = criteria.filter((c) => c.language !== language).length;
    return { ...s, title: other.title || s.title, englishTitle: s.title, criteria, glossary: other.glossary?.length ? other.glossary : s.glossary,
      language, missingLanguage: null, untranslated };
  });
}

/**
 * What to tell the worker about the language of what they read, or "" when all is in it.
 * @param {any[]} standards as `inLanguage` gives them
 * @param {string} language
 */
export function languageNote(standards, language) {
  if (language === "en") return "";
  const name = LANGUAGES[/** @type {"cy"} */ (language)] ?? language;
  const missing = standards.filter((s) => s.missingLanguage === language).map((s) => s.code);
  const partly = standards.filter((s) => s.untranslated).map((s) => s.code);
  const parts = [];
  if (missing.length) parts.push(`No ${name === "Cymraeg" ? "Welsh" : name} record of ${missing.join(", ")}: shown in English (Dim cofnod Cymraeg: yn Saesneg).`);
  if (partly.length) parts.push(`Some criteria of ${partly.join(", ")} have no Welsh text: those are shown in English.`);
  return parts.join(" ");
}
