import { h, mount } from "../dom.js";
import { loadPortfolio, loadTeam } from "../data.js";
import { dueFor } from "../lib/reviews.js";

const ROLE_NAMES = {
  worker: "Worker", assessor: "Assessor", quality_assurer: "Quality assurer", administrator: "Administrator",
};
const DUE_WORDS = { overdue: "Overdue", today: "Due today", soon: "Due soon", later: "Next due" };

/** The signed-in home screen: my standards and my progress on each, my progress reviews, and
 * for assessors and managers the way into assessment. All from the device. */
export async function home(ctx) {
  const me = ctx.me;
  const roles = me.roles.map((r) => ROLE_NAMES[r] ?? r).join(", ") || "No role yet";
  const worker = me.roles.includes("worker");
  const assessing = me.roles.some((r) => r === "assessor" || r === "quality_assurer");
  const data = worker && ctx.store ? await loadPortfolio(ctx) : null;
  const team = worker && ctx.store ? await loadTeam(ctx) : null;
  mount(
    h("h1", {}, `Hello, ${me.display_name}`),
    h("p", { class: "muted" }, `${roles} at ${me.organisation_name ?? "no organisation"}`),
    worker ? h("a", { class: "button wide", href: "#/capture" }, "Capture evidence") : null,
    assessing ? h("a", { class: `button wide ${worker ? "secondary" : ""}`, href: "#/assess" }, "Assessment: queue, workers and reviews") : null,
    data ? progress(data) : null,
    data && team ? myReviews(data, team.enrolments.filter((e) => e.worker_id === me.user_id)) : null,
    data && data.problems.length ? h("p", { class: "card warn-card" },
      h("a", { href: "#/sync" }, `${data.problems.length} item(s) need your attention: conflicts or changes the server did not accept`)) : null,
    me.roles.includes("administrator") ? h("a", { class: "button wide secondary", href: "#/people" }, "People and invitations") : null,
    me.roles.includes("administrator") && !assessing ? h("a", { class: "button wide secondary", href: "#/audit" }, "Audit trail") : null,
    h("a", { class: "button wide secondary", href: "#/notifications" }, "Notifications"),
    h("button", { type: "button", class: "secondary wide", onclick: ctx.signOut }, "Sign out"),
    h("p", { class: "muted small" }, me.email),
  );
}

/**
 * My coverage by the assessment rule (the one the assessor and the server use): met,
 * waiting for assessment, not met yet.
 * @param {Awaited<ReturnType<typeof loadPortfolio>>} data
 */
function progress(data) {
  const enrolled = new Set(data.enrolled);
  const shown = data.rule.filter((s) => !enrolled.size || enrolled.has(s.standard));
  if (!shown.length) {
    return h("section", { class: "card", "aria-labelledby": "progress" }, h("h2", { id: "progress" }, "My standards"),
      h("p", {}, navigator.onLine ? "Your standards are loading…" : "Your standards load at your first sync with a signal."));
  }
  const title = (code) => data.standards.find((s) => s.code === code)?.title ?? code;
  return h("section", { "aria-labelledby": "progress" },
    h("h2", { id: "progress" }, "My standards"),
    h("ul", { class: "plain" }, ...shown.map((s) => {
      const id = `p-${s.standard}`;
      return h("li", { class: "card" },
        h("h3", { id }, h("a", { href: `#/standards/${s.standard}` }, `${s.standard}: ${title(s.standard)}`)),
        h("progress", { max: s.total, value: s.met, "aria-labelledby": id }),
        h("dl", { class: "stats", "data-standard": s.standard },
          h("div", {}, h("dt", {}, "Met"), h("dd", { "data-count": "met" }, `${s.met} of ${s.total}`)),
          h("div", {}, h("dt", {}, "Waiting"), h("dd", { "data-count": "waiting" }, String(s.waiting))),
          h("div", {}, h("dt", {}, "Not met yet"), h("dd", { "data-count": "none" }, h("a", { href: `#/standards/${s.standard}?missing=1` }, `${s.none}: see which`)))));
    })));
}

/** My progress reviews: when each is due and whether one waits for my signature. */
function myReviews(data, enrolments) {
  if (!enrolments.length) return null;
  const unsigned = data.reviews.filter((r) => r.fields.status === "held" && !r.fields.worker_signed_at).length;
  const today = new Date().toISOString().slice(0, 10);
  return h("section", { "aria-labelledby": "my-reviews" }, h("h2", { id: "my-reviews" }, "Progress reviews"),
    unsigned ? h("p", { class: "card warn-card" }, `${unsigned} review${unsigned === 1 ? "" : "s"} to sign`) : null,
    h("ul", { class: "plain" }, ...enrolments.map((e) => {
      const d = dueFor(e, data.reviews, today);
      return h("li", { class: "card item" },
        h("a", { class: "item-link", href: `#/reviews/${e.id}` }, h("span", { class: "item-title" }, `Reviews: ${e.standard_code}`),
          h("span", { class: "muted small" }, `${DUE_WORDS[d.state]}: ${d.due}`)));
    })));
}
