import { h, mount } from "../dom.js";
import { loadWorker } from "../data.js";
import { KIND_NAMES as KIND_LABELS } from "../kinds.js";
import { titleOf } from "../lib/portfolio.js";
import { STATE_LABELS } from "../lib/view.js";

export const RULE_WORDS = { met: "Met", waiting: "Waiting for assessment", none: "Not met yet" };

/**
 * One worker's portfolio for their assessor (or a quality assurer): coverage per standard by
 * the assessment rule, each criterion linked to its items, every item, the export and the
 * progress reviews. All from the device. `#/workers/ID`.
 */
export async function workerPortfolio(ctx, _params, [id]) {
  const workerId = Number(id);
  const { data, worker, rule } = await loadWorker(ctx, workerId);
  if (!worker) return mount(h("h1", {}, "Not on this device"), h("p", {}, "This worker's portfolio is not on this device: you may no longer be their assessor."), h("a", { href: "#/assess" }, "Back to assessment"));
  const byId = new Map(data.items.map((i) => [i.id, i]));
  const link = (/** @type {string} */ eid) => h("a", { href: `#/workers/${workerId}/evidence/${eid}` }, byId.has(eid) ? titleOf(byId.get(eid).fields) : eid);
  const title = (/** @type {string} */ code) => data.standards.find((s) => s.code === code)?.title ?? code;
  const exportLink = navigator.onLine
    ? h("a", { class: "button secondary wide", href: `/api/portfolios/${workerId}/export`, download: "" }, "Export portfolio (ZIP)")
    : h("p", { class: "card warn-card" }, "Export portfolio: needs a signal (the server builds the file).");
  mount(
    h("p", {}, h("a", { href: "#/assess" }, "← Assessment")),
    h("h1", {}, worker.name),
    h("div", { class: "row" },
      h("a", { class: "button", href: `#/capture?kind=observation&worker=${workerId}` }, "Record an observation"),
      ...worker.enrolments.map((e) => h("a", { class: "button secondary", href: `#/reviews/${e.id}` }, `Reviews: ${e.standard_code}`))),
    h("h2", {}, "Coverage"),
    ...rule.map((s) => h("section", { class: "card", "aria-labelledby": `cov-${s.standard}` },
      h("h3", { id: `cov-${s.standard}` }, `${s.standard}: ${title(s.standard)}`),
      h("progress", { max: s.total, value: s.met, "aria-labelledby": `cov-${s.standard}` }),
      coverageStats(s),
      h("p", {}, h("a", { href: `#/workers/${workerId}/coverage/${s.standard}` }, `Coverage grid: ${s.standard}`)),
      h("details", {}, h("summary", {}, `Criteria of ${s.standard}`),
        h("ul", { class: "plain criteria" }, ...s.criteria.map((c) => h("li", { class: "criterion", "data-key": c.key },
          h("p", {}, h("strong", {}, `${c.criterion.ref} `), c.criterion.text),
          h("p", { class: `small ${c.state === "met" ? "state-accepted" : c.state === "waiting" ? "state-submitted" : "missing"}` }, RULE_WORDS[c.state]),
          c.evidence.length ? h("p", { class: "small" }, "Evidence: ", ...c.evidence.flatMap((eid, i) => [i ? ", " : "", link(eid)])) : null)))))),
    h("h2", {}, "Evidence"),
    h("ul", { class: "plain items" }, ...data.items.filter((i) => i.view).map((i) => h("li", { class: "card item" },
      h("a", { href: `#/workers/${workerId}/evidence/${i.id}`, class: "item-link" },
        h("span", { class: "item-title" }, titleOf(i.fields)),
        h("span", { class: "muted small" }, `${KIND_LABELS[i.fields.kind] ?? "Evidence"}${i.fields.occurred_at ? ` · ${i.fields.occurred_at.slice(0, 10)}` : ""}`)),
      h("span", { class: `badge state-${i.state}` }, STATE_LABELS[i.state])))),
    exportLink,
  );
}

/** The counts of one standard's coverage (met, waiting, not met yet). @param {import("../lib/coverage.js").RuleCoverage} s */
export function coverageStats(s) {
  return h("dl", { class: "stats", "data-standard": s.standard },
    h("div", {}, h("dt", {}, "Met"), h("dd", { "data-count": "met" }, `${s.met} of ${s.total}`)),
    h("div", {}, h("dt", {}, "Waiting"), h("dd", { "data-count": "waiting" }, String(s.waiting))),
    h("div", {}, h("dt", {}, "Not met yet"), h("dd", { "data-count": "none" }, String(s.none))));
}
