import { h, mount, toast } from "../dom.js";
import { loadWorker } from "../data.js";
import { queueChecked } from "../evidence.js";
import { KIND_NAMES as KIND_LABELS } from "../kinds.js";
import { criterionKey } from "../lib/coverage.js";
import { JUDGEMENTS, JUDGEMENT_WORDS, assessorEditsCriteria, planDecision, planUnlock } from "../lib/judging.js";
import { titleOf } from "../lib/portfolio.js";
import { observedWords } from "../lib/observer.js";
import { STATE_LABELS } from "../lib/view.js";
import { criteriaPicker } from "./criteria-picker.js";
import { content } from "./evidence-item.js";
import { itemThread } from "./item-thread.js";

/**
 * Judging one item of a worker's portfolio, offline, laid out for a phone: the item, then
 * each linked criterion with its judgement (every one starts *not judged*), the criteria
 * picker folded behind "Add or remove criteria", the feedback, and a decision bar that stays
 * on screen (Accept, Refer back). Accepting needs every criterion judged and one met;
 * referring back needs feedback (lib/decisions.js, kept by the server too). Earlier
 * decisions follow; accepted evidence is locked and "Unlock" needs a reason.
 * `#/workers/ID/evidence/EID`.
 */
export async function judge(ctx, _params, [wid, id]) {
  const workerId = Number(wid);
  const { data, worker, team } = await loadWorker(ctx, workerId);
  const item = data.items.find((i) => i.id === id);
  const back = h("p", {}, h("a", { href: `#/workers/${workerId}` }, `← ${worker?.name ?? "Worker"}`));
  if (!item?.view) return mount(back, h("h1", {}, "Not found"), h("p", {}, "This evidence is not on this device."));
  const f = item.fields;
  const byKey = new Map(data.criteria.map((c) => [criterionKey(c), c]));
  const assessor = ctx.me.roles.includes("assessor");
  const judging = assessor && f.status === "submitted" ? judgingForm(ctx, data, item, byKey, workerId) : null;
  mount(back,
    h("h1", {}, titleOf(f)),
    h("p", {}, h("span", { class: `badge state-${item.state}` }, STATE_LABELS[item.state]), " ",
      h("span", { class: "muted" }, `${worker?.name ?? ""} · ${KIND_LABELS[f.kind] ?? "Evidence"}${f.occurred_at ? ` · ${f.occurred_at.slice(0, 10)}` : ""}`)),
    observedLine(ctx, item, workerId),
    f.occurred_in_future ? h("p", { class: "card warn-card" }, "The date is in the future.") : null,
    content(ctx, f),
    judging?.form ?? null,
    assessor && f.status === "accepted" ? unlockForm(ctx, data.scope, item, workerId) : null,
    criteriaList(f, byKey),
    history(item, byKey),
    itemThread(ctx, { scope: data.scope, item, comments: data.comments, workerId, workerName: worker?.name ?? "The worker",
      enrolments: team.enrolments, title: "Comments and feedback", canWrite: assessor,
      after: () => ctx.go(`#/workers/${workerId}/evidence/${item.id}`) }),
    judging?.bar ?? null,
  );
}

/** Who recorded the item: the worker, this assessor ("Your observation"), or another assessor.
 * An item not yet on the server was recorded on this device. */
function observedLine(ctx, item, workerId) {
  const author = item.created_by ?? ctx.me.user_id;
  if (!observedWords({ ...item, created_by: author }, workerId, [], ctx.me.user_id)) return null;
  return h("p", { class: "observed" }, h("strong", {}, author === ctx.me.user_id ? "Your observation" : "Recorded by another assessor"),
    author === ctx.me.user_id && item.fields.status === "submitted" ? h("span", { class: "muted" }, ": judge its criteria now, or later from Assessment.") : null);
}

const label = (byKey, key) => {
  const c = byKey.get(key);
  return c ? `${c.standard} ${c.ref}: ${c.text}` : key;
};

function criteriaList(f, byKey) {
  if (f.status === "submitted") return null;
  return h("section", { "aria-labelledby": "crit" }, h("h2", { id: "crit" }, "Criteria linked to this item"),
    (f.criteria ?? []).length ? h("ul", {}, ...f.criteria.map((k) => h("li", {}, label(byKey, k)))) : h("p", { class: "muted" }, "None."));
}

/** Earlier decisions, newest first: the latest stands, earlier ones are kept and listed. */
function history(item, byKey) {
  if (!item.decisions.length) return null;
  return h("section", { "aria-labelledby": "decisions", class: "card" }, h("h2", { id: "decisions" }, "Decisions"),
    h("ol", { class: "plain" }, ...item.decisions.map((d, i) => h("li", { class: "decision" },
      h("p", {}, h("strong", {}, d.fields.outcome === "accepted" ? "Accepted" : "Referred back"),
        d.fields.decided_at ? ` on ${d.fields.decided_at.slice(0, 10)}` : "",
        i === 0 ? " (current)" : " (superseded)", d.onServer ? "" : " · waiting to sync"),
      d.fields.feedback ? h("p", { class: "prewrap" }, d.fields.feedback) : null,
      Object.keys(d.fields.judgements ?? {}).length ? h("ul", { class: "small" }, ...Object.entries(d.fields.judgements).map(([k, v]) =>
        h("li", {}, `${label(byKey, k).slice(0, 80)}: ${JUDGEMENT_WORDS[v] ?? v}`)))
        : d.fields.outcome === "accepted" ? h("p", { class: "muted small" }, "Recorded before criteria were judged one by one: it accepts every criterion the item linked.") : null))));
}

/** One criterion's judgement: a radio group that starts on "Not judged". */
function judgementRow(key, i, byKey, judgements, onJudged) {
  return h("fieldset", { class: "judgement", "data-key": key },
    h("legend", {}, label(byKey, key)),
    h("div", { class: "choices" }, ...[["", "Not judged"], ...JUDGEMENTS.map((v) => [v, JUDGEMENT_WORDS[v]])].map(([v, words]) => {
      const rid = `j-${i}-${v || "none"}`;
      const radio = h("input", { type: "radio", name: `j-${i}`, id: rid, value: v, checked: (judgements[key] ?? "") === v });
      radio.addEventListener("change", () => { if (v) judgements[key] = v; else delete judgements[key]; onJudged(); });
      return h("span", { class: "check" }, radio, h("label", { for: rid }, words));
    })));
}

function judgingForm(ctx, data, item, byKey, workerId) {
  const canEdit = assessorEditsCriteria();
  let criteria = [...(item.fields.criteria ?? [])];
  /** @type {Record<string, string>} nothing is judged until the assessor judges it */
  const judgements = {};
  const rows = h("div", { id: "judgements" });
  const progress = h("p", { class: "small", role: "status", id: "judged-count" });
  const counted = () => {
    const done = criteria.filter((k) => judgements[k]).length;
    progress.textContent = criteria.length ? `${done} of ${criteria.length} criteria judged` : "No criteria linked";
  };
  const render = () => {
    rows.replaceChildren(...criteria.map((key, i) => judgementRow(key, i, byKey, judgements, counted)));
    counted();
  };
  render();
  const picker = canEdit ? criteriaPicker({ criteria: data.criteria, statusOf: data.coverage.statusOf, standards: data.standards,
    selected: criteria, onChange: (keys) => { criteria = keys; render(); } }) : null;
  const feedback = h("textarea", { id: "feedback", rows: 5, "aria-describedby": "feedback-hint" });
  const error = h("p", { class: "error", role: "alert" });
  const decide = async (/** @type {"accepted" | "referred"} */ outcome) => {
    error.textContent = "";
    const plan = planDecision({ scope: data.scope, evidence: item, outcome, feedback: feedback.value, criteria, judgements,
      decisionId: crypto.randomUUID(), decidedAt: new Date().toISOString().slice(0, 19) + "Z", canEditCriteria: canEdit });
    if ("error" in plan) {
      error.textContent = plan.error;
      if (plan.code === "feedback_required") feedback.focus();
      if (plan.code === "judgements_incomplete") rows.querySelector(`fieldset[data-key="${criteria.find((k) => !judgements[k])}"] input:checked`)?.focus();
      return;
    }
    const problem = await queueChecked(ctx, plan.mutations);
    if (problem) { error.textContent = problem; return; }
    toast(navigator.onLine ? "Decision saved. Syncing now." : "Decision saved on this device. It syncs when there is a signal.");
    ctx.go(`#/workers/${workerId}/evidence/${item.id}`);
  };
  const accept = h("button", { type: "button" }, "Accept");
  accept.addEventListener("click", () => decide("accepted"));
  const refer = h("button", { type: "button", class: "secondary" }, "Refer back with feedback");
  refer.addEventListener("click", () => decide("referred"));
  const form = h("section", { "aria-labelledby": "judge-h" }, h("h2", { id: "judge-h" }, "Your judgement"),
    criteria.length ? h("p", { class: "muted small" }, "For each criterion: is it met by this evidence? Nothing is judged until you choose.") : h("p", {}, "No criteria are linked to this item."),
    rows,
    canEdit ? h("details", {}, h("summary", {}, "Add or remove criteria"), picker)
      : h("p", { class: "muted small" }, "To leave a criterion out, judge it 'Not yet met'. Criteria are added by the worker: refer the item back to ask for one."),
    h("label", { for: "feedback" }, "Feedback for the worker"),
    h("p", { class: "muted small", id: "feedback-hint" }, "Required to refer back. The worker sees it on their phone."),
    feedback);
  const bar = h("section", { class: "decide-bar", "aria-label": "Decision" }, progress, error, h("div", { class: "row" }, accept, refer));
  return { form, bar };
}

function unlockForm(ctx, scope, item, workerId) {
  const reason = h("textarea", { id: "unlock-reason", rows: 3 });
  const error = h("p", { class: "error", role: "alert" });
  const unlock = h("button", { type: "button", class: "secondary wide" }, "Unlock");
  unlock.addEventListener("click", async () => {
    const plan = planUnlock(scope, item, reason.value);
    if ("error" in plan) { error.textContent = plan.error; return; }
    const problem = await queueChecked(ctx, plan.mutations);
    if (problem) { error.textContent = problem; return; }
    toast("Unlocked: the item is referred back to the worker.");
    ctx.go(`#/workers/${workerId}/evidence/${item.id}`);
  });
  return h("section", { class: "card", "aria-labelledby": "locked-h" },
    h("h2", { id: "locked-h" }, "Locked: accepted"),
    h("p", {}, "Accepted evidence cannot be changed. Unlocking refers it back to the worker; the reason is kept in the audit trail."),
    h("label", { for: "unlock-reason" }, "Reason for unlocking"), reason, error, unlock);
}
