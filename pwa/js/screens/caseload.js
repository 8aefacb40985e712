import { h, mount } from "../dom.js";
import { loadPortfolios, loadTeam } from "../data.js";
import { SORTS, caseloadRows, sortCaseload } from "../lib/caseload.js";
import { waitedWords } from "../lib/queue.js";

const REVIEW_WORDS = { overdue: "overdue", today: "due today", soon: "due soon", later: "next due" };
const today = () => new Date().toISOString().slice(0, 10);

/**
 * The assessor's home: every learner assigned to them, with the items waiting and the oldest
 * wait, reviews overdue or due within 14 days, last contact and progress per standard;
 * sortable. Worked out on this device from what was last synced (lib/caseload.js), so it
 * reads the same with no signal. `#/learners?sort=KEY`.
 */
export async function learners(ctx, params) {
  const { workers } = await loadTeam(ctx);
  const [serverQueue, reviewsDue, lastSync] = await Promise.all([ctx.store.meta("serverQueue"), ctx.store.meta("reviewsDue"), ctx.store.meta("lastSyncedAt")]);
  const me = ctx.me.user_id;
  const held = await loadPortfolios(ctx, workers.map((w) => w.scope));
  const portfolios = workers.map((w, i) => ({ w, data: held[i] }));
  const serverDue = new Map((reviewsDue?.rows ?? []).map((/** @type {any} */ r) => [r.enrolment_id, r]));
  const rows = caseloadRows(portfolios.map(({ w, data }) => {
    const assigned = w.enrolments.filter((e) => e.assessor_id === me);
    return { workerId: w.workerId, name: w.name, enrolments: assigned.length ? assigned : w.enrolments,
      items: data.items.filter((i) => i.view), reviews: data.reviews, comments: data.comments,
      decisions: data.items.flatMap((i) => i.decisions), rule: data.rule };
  }), { now: Date.now(), today: today(), submittedAt: serverQueue ?? {}, serverDue });
  const by = /** @type {keyof typeof SORTS} */ (Object.hasOwn(SORTS, params.get("sort") ?? "") ? params.get("sort") : "name");
  const sorted = sortCaseload(rows, by);
  const sortSel = h("select", { id: "caseload-sort" }, ...Object.entries(SORTS).map(([key, words]) => h("option", { value: key, selected: key === by }, words)));
  sortSel.addEventListener("change", () => ctx.go(`#/learners${sortSel.value === "name" ? "" : `?sort=${sortSel.value}`}`));
  const waitingAll = rows.reduce((n, r) => n + r.waiting, 0);
  mount(
    h("h1", {}, "My learners"),
    h("p", { class: "muted small" }, `Worked out on this device from what was last synced${lastSync ? ` (${new Date(lastSync).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" })})` : ""}, so it reads the same with no signal.`),
    h("div", { class: "row" },
      h("a", { class: "button", href: "#/assess" }, `Waiting for assessment: ${waitingAll}`)),
    h("div", { class: "filters" }, h("div", {}, h("label", { for: "caseload-sort" }, "Sort by"), sortSel)),
    rows.length ? null : h("p", {}, navigator.onLine ? "No learners are assigned to you." : "Your learners' portfolios load at your first sync with a signal."),
    h("ul", { class: "plain", id: "caseload", "aria-label": `Learners, sorted by ${SORTS[by].toLowerCase()}` }, ...sorted.map((r) => learnerCard(r))),
  );
}

/** @param {import("../lib/caseload.js").CaseloadRow} r */
function learnerCard(r) {
  const due = r.reviews.filter((v) => v.state !== "later");
  return h("li", { class: "card learner", "data-worker": r.workerId },
    h("h2", {}, h("a", { href: `#/workers/${r.workerId}` }, r.name)),
    h("dl", { class: "stats" },
      h("div", {}, h("dt", {}, "Waiting"), h("dd", { "data-count": "waiting" }, String(r.waiting))),
      h("div", {}, h("dt", {}, "Oldest wait"), h("dd", { "data-count": "oldest" }, r.waiting ? `${r.oldestExact ? "" : "≥ "}${waitedWords(r.oldestWaitMs)}` : "none")),
      h("div", {}, h("dt", {}, "Reviews overdue"), h("dd", { "data-count": "overdue", class: r.overdue ? "error" : "" }, String(r.overdue))),
      h("div", {}, h("dt", {}, "Due in 14 days"), h("dd", { "data-count": "due-soon" }, String(r.dueSoon))),
      h("div", {}, h("dt", {}, "Last contact"), h("dd", { "data-count": "contact" }, r.lastContact ?? "none yet"))),
    due.length ? h("p", { class: "small" }, "Reviews: ", ...due.flatMap((v, i) => [i ? "; " : "",
      h("a", { href: `#/reviews/${v.enrolmentId}` }, `${v.standard} ${REVIEW_WORDS[v.state] ?? v.state} (${v.due})`)])) : null,
    h("ul", { class: "plain progress-list" }, ...r.progress.map((s) => h("li", { "data-standard": s.standard },
      h("span", { class: "small", id: `p-${r.workerId}-${s.standard}` }, `${s.standard}: ${s.met} of ${s.total} met${s.waiting ? `, ${s.waiting} waiting` : ""} `),
      h("a", { class: "small", href: `#/workers/${r.workerId}/coverage/${s.standard}` }, "Coverage grid", h("span", { class: "sr-only" }, ` of ${s.standard} for ${r.name}`)),
      h("progress", { max: s.total || 1, value: s.met, "aria-labelledby": `p-${r.workerId}-${s.standard}` })))));
}
