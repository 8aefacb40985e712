import { h, mount, toast } from "../dom.js";
import { loadPortfolio, loadTeam } from "../data.js";
import { queueChecked } from "../evidence.js";
import { FIELD_LIMITS } from "../lib/limits.js";
import { covers, dueFor, nextReviewDue } from "../lib/review-schedule.js";
import { planReview, planSign, reviewStatus } from "../lib/review-signoff.js";
import { REVIEW_FIELDS, digestOf, signatureState } from "../lib/signatures.js";

const today = () => new Date().toISOString().slice(0, 10);
const now = () => new Date().toISOString().slice(0, 19) + "Z";
const RULES = { weeks_12: "every 12 weeks", calendar_3_months: "every 3 calendar months", custom: "an agreed interval" };

/**
 * Progress reviews of one enrolment, for the worker and their assessor: when the next is due,
 * the reviews held (newest first) with who has signed, signing on this device, and (assessor)
 * recording a review. Offline: the due date comes from the server's list cached at the last
 * sync, else it is worked out from the enrolment's rule and the reviews held. `#/reviews/ID`.
 */
export async function reviews(ctx, _params, [id]) {
  const { enrolments } = await loadTeam(ctx);
  const enrolment = enrolments.find((e) => e.id === Number(id));
  const home = ctx.me.roles.includes("worker") && enrolment?.worker_id === ctx.me.user_id ? "#/" : "#/assess";
  const back = h("p", {}, h("a", { href: home }, "← Back"));
  if (!enrolment) return mount(back, h("h1", {}, "Progress reviews"), h("p", {}, "This enrolment is not on this device yet: it loads at the next sync with a signal."));
  const asWorker = enrolment.worker_id === ctx.me.user_id;
  const scope = `portfolio:${enrolment.worker_id}`;
  const data = await loadPortfolio(ctx, scope);
  const cached = (await ctx.store.meta("reviewsDue"))?.rows?.find((/** @type {any} */ r) => r.enrolment_id === enrolment.id);
  const local = dueFor(enrolment, data.reviews, today());
  const due = cached?.next_review_due && cached.next_review_due >= local.due ? cached.next_review_due : local.due;
  const late = due < today();
  const held = data.reviews.filter((r) => covers(r, enrolment.standard_code)).reverse();
  const siblings = enrolments.filter((e) => e.worker_id === enrolment.worker_id && !e.ended_at);
  mount(back,
    h("h1", {}, `Progress reviews: ${enrolment.worker_name}`),
    h("p", { class: "muted" }, `${enrolment.standard_code} · reviews ${RULES[enrolment.review_rule] ?? enrolment.review_rule}${enrolment.review_interval_days ? ` (${enrolment.review_interval_days} days)` : ""}`),
    h("p", { class: `card ${late ? "error-card" : ""}`, id: "next-due" }, h("strong", {}, late ? "Overdue: " : "Next review due: "), due),
    h("h2", {}, "Reviews held"),
    held.length ? h("ul", { class: "plain", id: "review-list" }, ...(await Promise.all(held.map(async (r) => reviewCard(ctx, r, asWorker, enrolment, await signatures(r))))))
      : h("p", { class: "muted" }, "No review recorded yet."),
    !asWorker && ctx.me.roles.includes("assessor") ? recordForm(ctx, scope, enrolment, siblings) : null,
  );
}

/** Each signature's state against the review's signed fields now (lib/signatures.js). */
async function signatures(r) {
  const f = r.fields;
  return {
    worker: await signatureState(Boolean(f.worker_signed_at), f.worker_signed_digest, f, REVIEW_FIELDS),
    assessor: await signatureState(Boolean(f.assessor_signed_at), f.assessor_signed_digest, f, REVIEW_FIELDS),
    digest: await digestOf(f, REVIEW_FIELDS),
  };
}

const signedWords = (state, at) => state === "changed" ? "changed after signing: needs signing again"
  : state === "unsigned" ? "not yet" : `${String(at).slice(0, 10)}${state === "unbound" ? " (before signatures were bound to their text)" : ""}`;

function reviewCard(ctx, r, asWorker, enrolment, states) {
  const f = r.fields;
  const error = h("p", { class: "error", role: "alert" });
  const stale = { worker: states.worker === "changed", assessor: states.assessor === "changed" };
  const sign = async () => {
    const plan = planSign(r, asWorker ? "worker" : "assessor", now(), { digest: states.digest, stale });
    if ("error" in plan) { error.textContent = plan.error; return; }
    const problem = await queueChecked(ctx, plan.mutations);
    if (problem) { error.textContent = problem; return; }
    toast(navigator.onLine ? "Signed. Syncing now." : "Signed on this device. It syncs when there is a signal.");
    ctx.go(`#/reviews/${enrolment.id}`);
  };
  const mine = (asWorker ? f.worker_signed_at : f.assessor_signed_at) && !stale[asWorker ? "worker" : "assessor"];
  const closes = !asWorker && f.worker_signed_at && f.assessor_signed_at && !stale.worker && !stale.assessor;
  const button = f.status === "held" && (!mine || closes)
    ? h("button", { type: "button", class: "wide", onclick: sign }, closes ? "Close the review as signed" : asWorker ? "Sign: I agree this is a record of my review" : "Sign as assessor")
    : null;
  return h("li", { class: "card review" },
    h("h3", {}, `Held on ${String(f.held_on ?? "").slice(0, 10) || "(no date)"}`),
    h("p", {}, h("span", { class: `badge ${f.status === "signed" ? "state-accepted" : "state-waiting"}` }, reviewStatus(f)), r.onServer && !r.pending ? "" : " · waiting to sync"),
    f.standards?.length ? h("p", {}, h("strong", {}, "Covers: "), f.standards.join(", ")) : null,
    f.participants ? h("p", {}, h("strong", {}, "Taking part: "), f.participants) : null,
    f.notes ? h("p", { class: "prewrap" }, f.notes) : null,
    f.actions ? h("div", {}, h("h4", {}, "Actions"), h("p", { class: "prewrap" }, f.actions)) : null,
    f.next_review_due ? h("p", { class: "muted small" }, `Next review agreed for ${String(f.next_review_due).slice(0, 10)}`) : null,
    h("p", { class: `small ${stale.worker || stale.assessor ? "error" : "muted"}`, "data-signatures": `${states.worker} ${states.assessor}` },
      `Worker signed: ${signedWords(states.worker, f.worker_signed_at)} · Assessor signed: ${signedWords(states.assessor, f.assessor_signed_at)}`),
    error, button);
}

/**
 * Which of the worker's standards the review covers: this enrolment's, and the others this
 * assessor holds with the worker, ticked; any can be ticked or unticked.
 */
function coverChoice(ctx, enrolment, siblings) {
  const boxes = siblings.map((e) => {
    const id = `covers-${e.id}`;
    const box = h("input", { type: "checkbox", id, value: e.standard_code });
    box.checked = e.id === enrolment.id || e.assessor_id === ctx.me.user_id;
    return { box, node: h("div", { class: "check" }, box, h("label", { for: id }, e.standard_code)) };
  });
  const node = h("fieldset", { class: "field" }, h("legend", {}, "This review covers"), ...boxes.map((b) => b.node));
  return { node, chosen: () => boxes.filter((b) => b.box.checked).map((b) => b.box.value) };
}

function recordForm(ctx, scope, enrolment, siblings) {
  const input = (/** @type {string} */ id, /** @type {string} */ text, /** @type {any} */ attrs = {}) => {
    const el = h(attrs.rows ? "textarea" : "input", { id, name: id, ...attrs });
    return { el, node: h("div", { class: "field" }, h("label", { for: id }, text), el) };
  };
  const cover = coverChoice(ctx, enrolment, siblings.length ? siblings : [enrolment]);
  const heldOn = input("held-on", "Date held", { type: "date", value: today() });
  const who = input("taking-part", "Who took part", { placeholder: "e.g. worker, assessor, line manager", maxlength: FIELD_LIMITS.review.participants });
  const notes = input("review-notes", "Progress notes", { rows: 6 });
  const actions = input("review-actions", "Actions agreed", { rows: 4 });
  const next = input("next-review", "Next review on", { type: "date",
    value: nextReviewDue(enrolment.start_date, enrolment.review_rule, enrolment.review_interval_days, today()) });
  heldOn.el.addEventListener("change", () => {
    if (heldOn.el.value) next.el.value = nextReviewDue(enrolment.start_date, enrolment.review_rule, enrolment.review_interval_days, heldOn.el.value);
  });
  const error = h("p", { class: "error", role: "alert" });
  const form = h("form", { novalidate: true, class: "card" }, h("h2", { id: "record-h" }, "Record a review"),
    cover.node, heldOn.node, who.node, notes.node, actions.node, next.node, error,
    h("button", { type: "submit", class: "wide" }, "Save the review"));
  form.setAttribute("aria-labelledby", "record-h");
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    error.textContent = "";
    const plan = planReview({ scope, id: crypto.randomUUID(), standards: cover.chosen(), held_on: heldOn.el.value,
      participants: who.el.value, notes: notes.el.value.trim(),
      actions: actions.el.value.trim(), next_review_due: next.el.value || null });
    if ("error" in plan) { error.textContent = plan.error; return; }
    const problem = await queueChecked(ctx, plan.mutations);
    if (problem) { error.textContent = problem; return; }
    toast("Review saved. Sign it, and ask the worker to sign on their phone.");
    ctx.go(`#/reviews/${enrolment.id}`);
  });
  return form;
}
