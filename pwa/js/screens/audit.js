import { api } from "../api.js";
import { h, mount } from "../dom.js";
import { loadTeam } from "../data.js";

const KINDS = [["", "All kinds"], ["assessment", "Assessment decisions"], ["evidence", "Locks and unlocks"],
  ["qa", "Quality assurance"], ["enrolment", "Enrolments"], ["role", "Roles"]];
const FILTERS = ["worker_id", "actor_id", "kind", "since", "until"];

/**
 * The organisation's audit trail in plain words, newest first, 100 at a time: who (name and
 * role), what (a sentence), when (local time), on which item (its title, linked); filters by
 * worker, person, kind and dates; the same entries as CSV. Ids stay under "For support".
 * `#/audit?worker_id=&actor_id=&kind=&since=&until=&before=ID`.
 */
export async function auditTrail(ctx, params) {
  if (!navigator.onLine) return mount(h("h1", {}, "Audit trail"), h("p", { class: "card warn-card" }, "The audit trail needs a signal: it is kept on the server."));
  const query = new URLSearchParams();
  for (const name of FILTERS) if (params.get(name)) query.set(name, String(params.get(name)));
  const before = params.get("before");
  let rows;
  try { rows = await api("GET", `/api/audit/trail?limit=100&${query}${before ? `&before_id=${Number(before)}` : ""}`); } catch (e) { return mount(h("h1", {}, "Audit trail"), h("p", { class: "error" }, e.message)); }
  const { enrolments } = await loadTeam(ctx);
  mount(h("p", {}, h("a", { href: "#/assess" }, "← Assessment")), h("h1", {}, "Audit trail"),
    h("p", { class: "muted small" }, "Every assessment decision, unlock, enrolment and role change, newest first. Entries are never edited."),
    filters(ctx, params, enrolments),
    h("p", {}, h("a", { class: "button secondary", href: `/api/audit/trail.csv?limit=5000&${query}`, download: "audit-trail.csv" }, "Download as CSV")),
    h("p", { class: "muted", role: "status" }, `${rows.length} entr${rows.length === 1 ? "y" : "ies"}${rows.length === 100 ? " (the newest 100)" : ""}`),
    h("ol", { class: "plain", id: "audit" }, ...rows.map(entry)),
    rows.length === 100 ? h("a", { class: "button secondary wide", href: `#/audit?${query}${query.size ? "&" : ""}before=${rows.at(-1).id}` }, "Older entries") : null);
}

function entry(r) {
  const item = r.evidence_id && r.worker_id && r.item_title
    ? h("p", {}, "Item: ", h("a", { href: `#/workers/${r.worker_id}/evidence/${r.evidence_id}` }, r.item_title), r.worker_name ? ` (${r.worker_name})` : "")
    : r.worker_name ? h("p", { class: "small" }, `Worker: ${r.worker_name}`) : null;
  return h("li", { class: "card", "data-action": r.action },
    h("p", {}, h("strong", {}, r.who), r.role ? ` (${r.role})` : ""),
    h("p", {}, r.sentence),
    item,
    h("p", { class: "muted small" }, h("time", { datetime: r.at }, new Date(r.at).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" }))),
    h("details", {}, h("summary", {}, "For support"),
      h("p", { class: "small" }, `Entry ${r.id} · ${r.action} · ${r.subject_type} ${r.subject_id}${r.actor_id ? ` · person ${r.actor_id}` : ""}`)));
}

function filters(ctx, params, enrolments) {
  const people = (key, nameKey) => [...new Map(enrolments.filter((e) => e[key]).map((e) => [e[key], e[nameKey]])).entries()]
    .sort((a, b) => String(a[1]).localeCompare(String(b[1])));
  const select = (id, label, options) => h("div", {}, h("label", { for: id }, label),
    h("select", { id, name: id }, ...options.map(([v, words]) => h("option", { value: String(v), selected: String(v) === (params.get(id) ?? "") }, words))));
  const date = (id, label) => h("div", {}, h("label", { for: id }, label), h("input", { id, name: id, type: "date", value: params.get(id) ?? "" }));
  const form = h("form", { class: "filters", "aria-label": "Filter the audit trail" },
    select("worker_id", "Worker", [["", "All workers"], ...people("worker_id", "worker_name")]),
    select("actor_id", "Done by", [["", "Anyone"], ...people("assessor_id", "assessor_name")]),
    select("kind", "Kind", KINDS),
    date("since", "From"), date("until", "To"),
    h("button", { type: "submit", class: "secondary" }, "Show"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    for (const name of FILTERS) {
      const value = /** @type {HTMLInputElement} */ (form.elements.namedItem(name)).value;
      if (value) q.set(name, value);
    }
    ctx.go(`#/audit${q.size ? `?${q}` : ""}`);
  });
  return form;
}
