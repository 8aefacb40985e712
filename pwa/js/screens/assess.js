import { h, mount } from "../dom.js";
import { loadPortfolios, loadTeam } from "../data.js";
import { KIND_NAMES as KIND_LABELS } from "../kinds.js";
import { titleOf } from "../lib/portfolio.js";
import { waitedWords, waitingQueue } from "../lib/queue.js";
import { dueFor } from "../lib/review-schedule.js";
import { STATE_LABELS } from "../lib/view.js";

const STATE_WORDS = { overdue: "Overdue", today: "Due today", soon: "Due soon", later: "Due later" };
const today = () => new Date().toISOString().slice(0, 10);

/**
 * The assessor's home: the queue of evidence waiting for assessment (worked out on this
 * device from the synced portfolios, so it works with no signal), filters by worker and
 * standard, the assigned workers, and progress reviews due. `#/assess?worker=ID&standard=CODE`.
 */
export async function assess(ctx, params) {
  const { workers, enrolments } = await loadTeam(ctx);
  const [serverQueue, reviewsDue] = await Promise.all([ctx.store.meta("serverQueue"), ctx.store.meta("reviewsDue")]);
  const held = await loadPortfolios(ctx, workers.map((w) => w.scope));
  const portfolios = workers.map((w, i) => ({ w, data: held[i] }));
  const worker = params.get("worker") ? Number(params.get("worker")) : null;
  const standard = params.get("standard") || null;
  const queue = waitingQueue(portfolios.map(({ w, data }) => ({ workerId: w.workerId, workerName: w.name, items: data.items.filter((i) => i.view) })),
    { submittedAt: serverQueue ?? {}, now: Date.now(), worker, standard });
  const codes = [...new Set(enrolments.map((e) => e.standard_code))].sort();
  const go = () => {
    const q = new URLSearchParams();
    if (whoSel.value) q.set("worker", whoSel.value);
    if (stdSel.value) q.set("standard", stdSel.value);
    ctx.go(`#/assess${q.size ? `?${q}` : ""}`);
  };
  const whoSel = h("select", { id: "queue-worker" }, h("option", { value: "" }, "All workers"),
    ...workers.map((w) => h("option", { value: String(w.workerId), selected: w.workerId === worker }, w.name)));
  const stdSel = h("select", { id: "queue-standard" }, h("option", { value: "" }, "All standards"),
    ...codes.map((c) => h("option", { value: c, selected: c === standard }, c)));
  whoSel.addEventListener("change", go);
  stdSel.addEventListener("change", go);
  const roles = ctx.me.roles;
  mount(
    h("h1", {}, "Assessment"),
    h("p", { class: "muted small" }, "Worked out on this device from the portfolios synced to it, so it works with no signal."),
    h("section", { "aria-labelledby": "queue-h" },
      h("h2", { id: "queue-h" }, "Waiting for assessment"),
      h("div", { class: "filters" },
        h("div", {}, h("label", { for: "queue-worker" }, "Worker"), whoSel),
        h("div", {}, h("label", { for: "queue-standard" }, "Standard"), stdSel)),
      h("p", { class: "muted", role: "status" }, `${queue.length} item${queue.length === 1 ? "" : "s"} waiting, oldest first`),
      h("ul", { class: "plain items", id: "queue" }, ...queue.map((e) => h("li", { class: "card item" },
        h("a", { href: `#/workers/${e.workerId}/evidence/${e.id}`, class: "item-link" },
          h("span", { class: "item-title" }, titleOf(e.fields)),
          h("span", { class: "muted small" }, `${e.workerName} · ${KIND_LABELS[e.fields.kind] ?? "Evidence"} · ${e.standards.join(", ") || "no criteria"}`)),
        h("span", { class: "badge state-waiting" }, `${e.exact ? "" : "≥ "}${waitedWords(e.waitedMs)}`))))),
    h("section", { "aria-labelledby": "team-h" },
      h("h2", { id: "team-h" }, "My workers"),
      workers.length ? null : h("p", {}, navigator.onLine ? "No workers are assigned to you." : "Your workers' portfolios load at your first sync with a signal."),
      h("ul", { class: "plain", id: "team" }, ...portfolios.map(({ w, data }) => h("li", { class: "card" },
        h("h3", {}, h("a", { href: `#/workers/${w.workerId}` }, w.name)),
        h("p", { class: "muted small" }, `${w.enrolments.map((e) => e.standard_code).join(", ") || "Standards not known yet"} · ${data.items.filter((i) => i.fields.status === "submitted").length} waiting`),
        h("div", { class: "row" },
          h("a", { class: "button secondary small-button", href: `#/workers/${w.workerId}` }, `Portfolio and coverage: ${w.name}`),
          h("a", { class: "button secondary small-button", href: `#/capture?kind=observation&worker=${w.workerId}` }, `Observe ${w.name}`))))),
    ),
    ownObservations(ctx, portfolios),
    reviewsSection(ctx, portfolios, reviewsDue),
    roles.includes("quality_assurer") || roles.includes("administrator") ? h("section", { "aria-labelledby": "qa-h" },
      h("h2", { id: "qa-h" }, "Quality assurance"),
      roles.includes("quality_assurer") ? h("a", { class: "button secondary wide", href: "#/qa" }, "Sample assessment decisions") : null,
      h("a", { class: "button secondary wide", href: "#/audit" }, "Audit trail")) : null,
  );
}

/** The assessor's own observations (they recorded them in a worker's portfolio): to judge
 * straight after recording, or later from here. An item not yet on the server is this device's. */
function ownObservations(ctx, portfolios) {
  const mine = portfolios.flatMap(({ w, data }) => data.items
    .filter((i) => i.view && (i.created_by ?? ctx.me.user_id) === ctx.me.user_id)
    .map((i) => ({ w, i })));
  if (!mine.length) return null;
  return h("section", { "aria-labelledby": "own-h" },
    h("h2", { id: "own-h" }, "My observations"),
    h("ul", { class: "plain items", id: "own-observations" }, ...mine.map(({ w, i }) => h("li", { class: "card item" },
      h("a", { href: `#/workers/${w.workerId}/evidence/${i.id}`, class: "item-link" },
        h("span", { class: "item-title" }, titleOf(i.fields)),
        h("span", { class: "muted small" }, `${w.name} · ${i.fields.status === "submitted" ? "to judge" : STATUS_WORDS[i.fields.status] ?? i.fields.status}`)),
      h("span", { class: `badge state-${i.state}` }, STATE_LABELS[i.state])))));
}

const STATUS_WORDS = { accepted: "judged: accepted", referred: "judged: referred back", draft: "draft" };

/** Reviews due: the server's list when it was fetched (organisation-wide for managers), else
 * worked out on the device from the enrolments and the review records. */
function reviewsSection(ctx, portfolios, cached) {
  const fromServer = cached?.rows?.filter((/** @type {any} */ r) => r.state !== "later") ?? null;
  /** @type {{enrolment_id: number, worker_name: string, standard_code: string, next_review_due: string, state: string}[]} */
  const rows = fromServer ?? portfolios.flatMap(({ w, data }) => w.enrolments.map((e) => {
    const d = dueFor(e, data.reviews, today());
    return { enrolment_id: e.id, worker_name: w.name, standard_code: e.standard_code, next_review_due: d.due, state: d.state };
  })).filter((r) => r.state !== "later").sort((a, b) => a.next_review_due.localeCompare(b.next_review_due));
  const manager = ctx.me.roles.includes("administrator") || ctx.me.roles.includes("quality_assurer");
  return h("section", { "aria-labelledby": "due-h" },
    h("h2", { id: "due-h" }, manager ? "Progress reviews due in the organisation" : "Progress reviews due"),
    h("p", { class: "muted small" }, fromServer ? `As the server listed them ${new Date(cached.at).toLocaleString("en-GB")}.` : "Worked out on this device."),
    rows.length ? h("ul", { class: "plain", id: "reviews-due" }, ...rows.map((r) => h("li", { class: "card item" },
      h("a", { href: `#/reviews/${r.enrolment_id}`, class: "item-link" },
        h("span", { class: "item-title" }, `${r.worker_name}: ${r.standard_code}`),
        h("span", { class: "muted small" }, `Due ${r.next_review_due}`)),
      h("span", { class: `badge ${r.state === "overdue" ? "state-referred" : "state-waiting"}` }, STATE_WORDS[r.state] ?? r.state))))
      : h("p", { class: "muted" }, "No review is due in the next 14 days."));
}
