import { h } from "../dom.js";
import { buildIndex, criterionKey, searchCriteria } from "../lib/coverage.js";
import { LANGUAGES, languageNote } from "../lib/language.js";

const SHOWN = 30;
/** The search box's examples: each finds criteria (pwa/tests/criteria-search.test.js). */
export const EXAMPLES = ["privacy", "P3", "communicate"];
const STATUS_WORDS = { draft: "has draft evidence", submitted: "evidence submitted", referred: "evidence referred back", accepted: "met" };

/**
 * Pick the criteria an item evidences: search across the standards, filter by standard and
 * group, show only criteria still lacking evidence, tick several.
 * @param {{criteria: any[], statusOf: Map<string, string>, standards: any[], selected: string[], onChange: (keys: string[]) => void}} options
 */
export function criteriaPicker({ criteria, statusOf, standards, selected, onChange }) {
  const chosen = new Set(selected);
  const index = buildIndex(criteria, Object.fromEntries(standards.map((s) => [s.code, s.glossary ?? []])));
  const byKey = new Map(criteria.map((c) => [criterionKey(c), c]));
  const query = h("input", { id: "criteria-q", type: "search", autocomplete: "off", placeholder: `e.g. ${EXAMPLES.join(", ")}` });
  const standard = h("select", { id: "criteria-standard" }, h("option", { value: "" }, "All my standards"),
    ...standards.map((s) => h("option", { value: s.code }, `${s.code}: ${s.title}`)));
  const group = h("select", { id: "criteria-group" });
  const missing = h("input", { id: "criteria-missing", type: "checkbox" });
  const results = h("ul", { class: "plain picks", id: "criteria-results" });
  const count = h("p", { class: "muted small", role: "status" });
  const chips = h("ul", { class: "plain chips", "aria-label": "Chosen criteria" });

  function groups() {
    const names = [...new Set(criteria.filter((c) => !standard.value || c.standard === standard.value).map((c) => c.group))];
    group.replaceChildren(h("option", { value: "" }, "All groups"), ...names.map((g) => h("option", { value: g }, g.length > 70 ? `${g.slice(0, 70)}…` : g)));
  }

  function render() {
    const filters = { standard: standard.value || undefined, group: group.value || undefined };
    let found = query.value.trim()
      ? searchCriteria(index, query.value, { ...filters, limit: 500 }).map((r) => r.criterion)
      : criteria.filter((c) => (!filters.standard || c.standard === filters.standard) && (!filters.group || c.group === filters.group));
    if (missing.checked) found = found.filter((c) => !statusOf.has(criterionKey(c)));
    count.textContent = `${found.length} criteria${found.length > SHOWN ? `, showing the first ${SHOWN}: search or filter to narrow` : ""}`;
    results.replaceChildren(...found.slice(0, SHOWN).map((c) => {
      const key = criterionKey(c);
      const id = `pick-${key.replace(/\W/g, "-")}`;
      const box = h("input", { type: "checkbox", id, checked: chosen.has(key) });
      box.addEventListener("change", () => { if (box.checked) chosen.add(key); else chosen.delete(key); changed(); });
      const status = statusOf.get(key);
      return h("li", { lang: c.language ?? "en" }, box, h("label", { for: id, class: "pick" },
        h("strong", {}, `${c.standard} ${c.ref} `), c.text,
        h("span", { class: `small ${status ? "muted" : "missing"}` }, ` (${status ? STATUS_WORDS[status] : "no evidence yet"})`)));
    }));
  }

  function changed() {
    showChips();
    onChange([...chosen].sort());
  }

  function showChips() {
    chips.replaceChildren(...[...chosen].sort().map((key) => {
      const c = byKey.get(key);
      const remove = h("button", { type: "button", class: "chip", "aria-label": `Remove ${key.replace(/\/\d+\//, " ")}` },
        c ? `${c.standard} ${c.ref}` : key, " ✕");
      remove.addEventListener("click", () => { chosen.delete(key); changed(); render(); });
      return h("li", {}, remove);
    }));
  }

  query.addEventListener("input", render);
  standard.addEventListener("change", () => { groups(); render(); });
  group.addEventListener("change", render);
  missing.addEventListener("change", render);
  groups();
  render();
  showChips();
  const language = standards.find((s) => s.language && s.language !== "en")?.language
    ?? standards.find((s) => s.missingLanguage)?.missingLanguage ?? "en";
  const note = language === "en" ? null : h("p", { class: "muted small", id: "picker-language" },
    `Criteria in ${LANGUAGES[/** @type {"cy"} */ (language)] ?? language} (your choice on the Standards screen). `, languageNote(standards, language));
  return h("fieldset", { class: "field picker" }, h("legend", {}, "Criteria this evidences"),
    note, chips,
    h("label", { for: "criteria-q" }, "Search criteria"), query,
    h("label", { for: "criteria-standard" }, "Standard"), standard,
    h("label", { for: "criteria-group" }, "Group"), group,
    h("div", { class: "check" }, missing, h("label", { for: "criteria-missing" }, "Only criteria with no evidence yet")),
    count, results);
}
