import { h, mount } from "../dom.js";
import { loadPortfolio, loadTeam } from "../data.js";
import { needsAttention } from "../lib/attention.js";
import { titleOf } from "../lib/portfolio.js";
import { dueFor, ruleYear, yearWords } from "../lib/review-schedule.js";
import { keptWork } from "../profile.js";
import { remindersCard } from "./reminders-card.js";
import { remindersInbox } from "./reminders-inbox.js";

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
  const unsentSince = ctx.store ? (await ctx.store.meta("unsentSince")) ?? null : null;
  const attention = data ? needsAttention(data, { pending: ctx.sync?.status.pending ?? 0, unsentSince, now: Date.now(), titleOf }) : [];
  const mine = team ? team.enrolments.filter((e) => e.worker_id === me.user_id) : [];
  const kept = await navigator.storage?.persisted?.().catch(() => null);
  mount(
    h("h1", {}, `Hello, ${me.display_name}`),
    h("p", { class: "muted" }, `${roles} at ${me.organisation_name ?? "no organisation"}`),
    attention.length ? needsYou(attention, mine) : null,
    othersKept(me.user_id),
    remindersInbox(),
    remindersCard(ctx),
    worker ? h("a", { class: "button wide", href: "#/capture" }, "Capture evidence") : null,
    me.roles.includes("assessor") ? h("a", { class: `button wide ${worker ? "secondary" : ""}`, href: "#/learners" }, "My learners: caseload") : null,
    assessing ? h("a", { class: "button wide secondary", href: "#/assess" }, "Assessment: queue, workers and reviews") : null,
    data ? progress(data) : null,
    data && team ? myReviews(data, mine) : null,
    me.roles.includes("administrator") ? h("a", { class: "button wide secondary", href: "#/people" }, "People and invitations") : null,
    me.roles.includes("administrator") && !assessing ? h("a", { class: "button wide secondary", href: "#/audit" }, "Audit trail") : null,
    h("a", { class: "button wide secondary", href: "#/notifications" }, "Notifications"),
    kept === false ? h("p", { class: "muted small", id: "storage-warning" }, "So that your notes are never cleared, Carefolio asked this browser to keep its storage; it has not agreed yet. ",
      h("a", { href: "#/phone" }, "See why")) : null,
    h("a", { class: "button wide secondary", href: "#/phone" }, "This phone: storage and install"),
    worker ? h("a", { class: "button wide secondary", href: "#/export" }, "Export my portfolio") : null,
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
  const enrolled = new Set(data.enrolled ?? []);
  const shown = data.rule.filter((s) => enrolled.has(s.standard));
  if (!shown.length) {
    const notYet = data.enrolledKnown && !enrolled.size;
    return h("section", { class: "card", "aria-labelledby": "progress" }, h("h2", { id: "progress" }, "My standards"),
      h("p", {}, notYet ? "You are not enrolled on a standard yet; your assessor or administrator will add you. You can still capture evidence."
        : navigator.onLine ? "Your standards are loading…" : "Your standards load at your first sync with a signal."));
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
  const today = new Date().toISOString().slice(0, 10);
  return h("section", { "aria-labelledby": "my-reviews" }, h("h2", { id: "my-reviews" }, "Progress reviews"),
    h("ul", { class: "plain" }, ...enrolments.map((e) => {
      const d = dueFor(e, data.reviews, today);
      return h("li", { class: "card item" },
        h("a", { class: "item-link", href: `#/reviews/${e.id}` }, h("span", { class: "item-title" }, `Reviews: ${e.standard_code}`),
          h("span", { class: "muted small" }, `${DUE_WORDS[d.state]}: ${d.due}`),
          e.apprenticeship ? h("span", { class: "muted small apprenticeship" }, apprenticeshipLine(e)) : null));
    })));
}

/** An apprenticeship's rule year and its words, from the rule-year table on the device.
 * @param {{start_date: string}} e */
function apprenticeshipLine(e) {
  const year = ruleYear(e.start_date);
  const words = yearWords(true, e.start_date);
  return `Apprenticeship (${year.name} rules): it ends with the ${words.end_point_assessment} after the ${words.gateway}.`;
}

/**
 * What needs the worker, before anything else: referrals with their feedback, changes that
 * conflicted or were refused, reviews to sign, work waiting unsent for days.
 * @param {import("../lib/attention.js").Attention[]} list @param {any[]} enrolments
 */
function needsYou(list, enrolments) {
  const plural = (/** @type {number} */ n, /** @type {string} */ word) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const rows = list.map((a) => {
    switch (a.kind) {
      case "referred":
        return h("li", { class: "card warn-card" }, h("a", { href: `#/evidence/${a.id}` }, h("strong", {}, `Referred back: ${a.title}`)),
          a.feedback ? h("p", { class: "feedback-line" }, a.feedback) : null);
      case "comment":
        return h("li", { class: "card" }, h("a", { href: `#/evidence/${a.id}` }, h("strong", {}, `A comment on ${a.title}`)),
          h("p", { class: "feedback-line" }, a.text));
      case "problems":
        return h("li", { class: "card warn-card" }, h("a", { href: "#/sync" }, `${plural(a.count, "change")} need${a.count === 1 ? "s" : ""} you: a conflict or a change the server did not accept`));
      case "reviews":
        return h("li", { class: "card warn-card" }, h("a", { href: enrolments[0] ? `#/reviews/${enrolments[0].id}` : "#/" }, `${plural(a.count, "review")} to sign`));
      default:
        return h("li", { class: "card warn-card" }, `${plural(a.count, "change")} have waited on this phone for more than three days. Connect to a signal (Wi-Fi or mobile data) to send them.`);
    }
  });
  return h("section", { "aria-labelledby": "needs-you" }, h("h2", { id: "needs-you" }, "Needs you"), h("ul", { class: "plain" }, ...rows));
}

/** Unsent work another person left on this phone: kept for them, never shown. @param {number} userId */
function othersKept(userId) {
  const changes = Object.entries(keptWork()).filter(([id]) => id !== String(userId)).reduce((n, [, k]) => n + k.changes, 0);
  return changes ? h("p", { class: "card muted" }, `This phone also keeps unsent work of another person (${changes} change${changes === 1 ? "" : "s"}). It is sealed for them and is sent when they sign in again here.`) : null;
}
