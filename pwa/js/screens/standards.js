import { h, mount } from "../dom.js";
import { loadPortfolio } from "../data.js";
import { criterionKey } from "../lib/coverage.js";
import { findTerms, splitByTerms } from "../lib/glossary.js";
import { LANGUAGES, languageNote } from "../lib/language.js";
import { choosePreferredLanguage } from "../profile.js";

const STATUS_WORDS = { draft: "Draft evidence", submitted: "Submitted", referred: "Referred back", accepted: "Accepted, but this criterion was not judged met" };
const RULE_WORDS = { met: "Met", waiting: "Submitted, waiting for assessment" };

/**
 * The worker's choice of language for criteria (the Active Offer), and what it means here.
 * @param {any} ctx @param {any} data @param {() => void} again renders the screen again
 */
function languageChoice(ctx, data, again) {
  const select = h("select", { id: "standards-language" },
    ...Object.entries(LANGUAGES).map(([code, name]) => h("option", { value: code, selected: code === data.language }, name)));
  select.addEventListener("change", () => {
    choosePreferredLanguage(ctx.me?.user_id, select.value === "cy" ? "cy" : "en");
    again();
  });
  const note = languageNote(data.standards, data.language);
  return h("div", { class: "field" }, h("label", { for: "standards-language" }, "Read criteria in / Darllen meini prawf yn"), select,
    note ? h("p", { class: "muted small", id: "language-note" }, note) : null);
}

/** The standards on this phone, with my progress on each. */
export async function standardsList(ctx) {
  const data = await loadPortfolio(ctx);
  const cov = new Map(data.coverage.standards.map((s) => [s.standard, s]));
  mount(h("h1", {}, "Standards"),
    data.standards.length ? languageChoice(ctx, data, () => standardsList(ctx)) : null,
    data.standards.length ? null : h("p", {}, "The standards load at your first sync with a signal."),
    h("ul", { class: "plain" }, ...data.standards.map((s) => {
      const c = cov.get(s.code);
      return h("li", { class: "card" }, h("a", { href: `#/standards/${s.code}`, class: "item-link" },
        h("span", { class: "item-title" }, `${s.code}: ${s.title}`),
        h("span", { class: "muted small" }, c ? `${c.evidenced.length} of ${c.total} criteria with evidence · ${c.missing.length} missing` : "")));
    })));
}

/** One standard: its criteria by group, glossary terms explained where they appear. */
export async function standard(ctx, params, [code]) {
  const again = () => standard(ctx, params, [code]);
  const data = await loadPortfolio(ctx);
  const s = data.standards.find((x) => x.code === code);
  if (!s) return mount(h("h1", {}, code), h("p", {}, "This standard is not on this phone yet."));
  const onlyMissing = params.get("missing") === "1";
  const toggle = h("a", { href: onlyMissing ? `#/standards/${code}` : `#/standards/${code}?missing=1`, class: "button secondary wide" },
    onlyMissing ? "Show all criteria" : "Show only criteria still missing evidence");
  const groups = new Map();
  const ruled = new Map(data.rule.flatMap((r) => r.criteria.map((c) => [c.key, c.state])));
  for (const c of s.criteria) {
    const key = criterionKey({ standard: s.code, version: s.version, ref: c.ref });
    const status = data.coverage.statusOf.get(key);
    if (onlyMissing && status) continue;
    const list = groups.get(c.group) ?? [];
    list.push({ c, status, state: ruled.get(key) ?? "none" });
    groups.set(c.group, list);
  }
  mount(
    h("p", {}, h("a", { href: "#/standards" }, "← Standards")),
    h("h1", {}, `${s.code}: ${s.title}`), languageChoice(ctx, { ...data, standards: [s] }, again), toggle,
    ...[...groups].map(([group, rows], gi) => h("section", { "aria-labelledby": `g-${gi}` },
      h("h2", { id: `g-${gi}` }, group || "Criteria"),
      h("ul", { class: "plain criteria" }, ...rows.map(({ c, status, state }) => criterion(c, status, state, s.glossary, data.language))))),
    groups.size ? null : h("p", {}, "Every criterion has evidence."),
  );
}

/** A criterion with its state by the assessment rule (met, waiting) or what evidence it has. */
function criterion(c, status, state, glossary, language) {
  const matches = findTerms(c.text, glossary);
  const text = splitByTerms(c.text, matches).map((p) => (p.term ? h("span", { class: "term" }, p.text) : p.text));
  const terms = [...new Map(matches.map((m) => [m.term.term, m.term])).values()];
  return h("li", { class: "card criterion", lang: c.language ?? "en" },
    h("p", {}, h("strong", {}, `${c.ref} `), ...text),
    language !== "en" && c.language === "en" ? h("p", { class: "small muted", lang: "en" }, "In English: no Welsh text for this criterion") : null,
    h("p", { class: `small ${status ? "muted" : "missing"}` }, RULE_WORDS[state] ?? (status ? STATUS_WORDS[status] : "No evidence yet")),
    terms.length ? h("details", {}, h("summary", {}, `What ${terms.length === 1 ? "this term means" : "these terms mean"}`),
      h("dl", {}, ...terms.flatMap((t) => [h("dt", {}, t.term), h("dd", {}, t.definition)]))) : null);
}
