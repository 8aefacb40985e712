import { api } from "../api.js";
import { h, mount, toast } from "../dom.js";
import { loadPortfolio } from "../data.js";
import { JUDGEMENT_WORDS } from "../lib/judging.js";
import { titleOf } from "../lib/portfolio.js";
import { content } from "./evidence-item.js";

const offline = () => mount(h("h1", {}, "Quality assurance"), h("p", { class: "card warn-card" }, "Quality assurance needs a signal: the samples are kept on the server."));

/** The organisation's assessors a quality assurer may sample (sorted by name on the server). */
async function assessors() {
  const people = await api("GET", "/api/assessors");
  return people.map((p) => [p.user_id, p.display_name]);
}

/** Samples of assessors' decisions: draw one, list them. Online. `#/qa`. */
export async function qaSamples(ctx) {
  if (!navigator.onLine) return offline();
  let samples;
  try { samples = await api("GET", "/api/qa/samples"); } catch (e) { return mount(h("h1", {}, "Quality assurance"), h("p", { class: "error" }, e.message)); }
  const who = h("select", { id: "qa-assessor" }, ...(await assessors()).map(([id, name]) => h("option", { value: String(id) }, name)));
  const size = h("input", { id: "qa-size", type: "number", min: 1, max: 50, inputmode: "numeric" });
  const since = h("input", { id: "qa-since", type: "date" });
  const error = h("p", { class: "error", role: "alert" });
  const form = h("form", { novalidate: true, class: "card", "aria-labelledby": "draw-h" }, h("h2", { id: "draw-h" }, "Draw a sample"),
    h("label", { for: "qa-assessor" }, "Assessor"), who, h("label", { for: "qa-size" }, "How many decisions (1 to 50; leave empty for the organisation's sampling rate)"), size,
    h("label", { for: "qa-since" }, "Decided since (optional)"), since, error,
    h("button", { type: "submit", class: "wide" }, "Draw the sample"));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    error.textContent = "";
    try {
      const drawn = await api("POST", "/api/qa/samples", { assessor_id: Number(who.value), ...(size.value ? { size: Number(size.value) } : {}), ...(since.value ? { since: since.value } : {}) });
      ctx.go(`#/qa/${drawn.id}`);
    } catch (err) { error.textContent = err.message; }
  });
  mount(h("p", {}, h("a", { href: "#/assess" }, "← Assessment")), h("h1", {}, "Quality assurance"), form,
    h("h2", {}, "Samples"),
    samples.length ? h("ul", { class: "plain" }, ...samples.map((s) => h("li", { class: "card item" },
      h("a", { class: "item-link", href: `#/qa/${s.id}` }, h("span", { class: "item-title" }, `Sample ${s.id}`),
        h("span", { class: "muted small" }, `${s.created_at.slice(0, 10)} · ${s.items.length} decisions · ${s.items.filter((i) => i.verdict).length} checked`)))))
      : h("p", { class: "muted" }, "No sample drawn yet."));
}

/** One sample: each decision with its evidence (from the device), agree or disagree. `#/qa/ID`. */
export async function qaSample(ctx, _params, [id]) {
  if (!navigator.onLine) return offline();
  let sample;
  try { sample = await api("GET", `/api/qa/samples/${id}`); } catch (e) { return mount(h("h1", {}, "Sample"), h("p", { class: "error" }, e.message)); }
  const cards = await Promise.all(sample.items.map(async (item, i) => {
    const data = await loadPortfolio(ctx, `portfolio:${item.worker_id}`);
    const evidence = data.items.find((x) => x.id === item.evidence_id);
    const note = h("textarea", { id: `note-${item.id}`, rows: 3 });
    note.value = item.note ?? "";
    const error = h("p", { class: "error", role: "alert" });
    const judge = async (/** @type {string} */ verdict) => {
      error.textContent = "";
      try {
        await api("POST", `/api/qa/samples/${sample.id}/items/${item.id}`, { verdict, note: note.value });
        toast("Verdict recorded.");
        ctx.go(`#/qa/${sample.id}`);
      } catch (e) { error.textContent = e.message; }
    };
    return h("li", { class: "card", "aria-labelledby": `qi-${item.id}` },
      h("h2", { id: `qi-${item.id}` }, `${i + 1}. ${evidence ? titleOf(evidence.fields) : `Evidence ${item.evidence_id}`}`),
      h("p", {}, h("strong", {}, item.outcome === "accepted" ? "Accepted" : "Referred back"), ` on ${item.decided_at.slice(0, 10)}`),
      item.feedback ? h("p", { class: "prewrap" }, item.feedback) : null,
      Object.keys(item.judgements).length ? h("ul", { class: "small" }, ...Object.entries(item.judgements).map(([k, v]) => h("li", {}, `${k}: ${JUDGEMENT_WORDS[v] ?? v}`))) : null,
      evidence ? h("details", {}, h("summary", {}, "The evidence"), content(ctx, evidence.fields)) : h("p", { class: "muted" }, "The evidence is not on this device."),
      item.verdict ? h("p", { class: "badge state-accepted" }, `${item.verdict === "agree" ? "Agreed" : "Disagreed"} ${item.judged_at?.slice(0, 10) ?? ""}`) : null,
      h("label", { for: `note-${item.id}` }, "Note (required to disagree)"), note, error,
      h("div", { class: "row" },
        h("button", { type: "button", onclick: () => judge("agree") }, "Agree"),
        h("button", { type: "button", class: "secondary", onclick: () => judge("disagree") }, "Disagree")));
  }));
  mount(h("p", {}, h("a", { href: "#/qa" }, "← Samples")), h("h1", {}, `Sample ${sample.id}`),
    h("p", { class: "muted" }, `Drawn ${sample.created_at.slice(0, 10)}`), h("ol", { class: "plain" }, ...cards));
}

export { auditTrail } from "./audit.js";
